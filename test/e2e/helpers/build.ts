import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..', '..');
export const DIST_CHROME = join(ROOT, 'dist', 'chrome');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Builds the extension when dist/chrome is missing or older than its sources (the tests load the build). */
export async function ensureBuilt(): Promise<void> {
  const lock = join(ROOT, '.tmp', 'e2e-build.lock');
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  // Several test files may start at once: one builds, the others wait for it.
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 120_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    const built = newestMtime(join(DIST_CHROME, 'manifest.json'));
    const sources = Math.max(
      ...['src', 'public', 'manifest.json', 'vite.config.ts', 'scripts/build-firefox.mjs'].map((p) =>
        newestMtime(join(ROOT, p)),
      ),
    );
    if (built < sources) {
      // Built as it ships: Vitest sets NODE_ENV=test, which the build would inherit and turn into
      // development JSX (jsxDEV with file names), larger and not what the browsers would run.
      execFileSync('npm', ['run', 'build', '--silent'], {
        cwd: ROOT,
        stdio: 'pipe',
        env: { ...process.env, NODE_ENV: 'production' },
      });
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
