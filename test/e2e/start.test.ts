import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from './helpers/build.ts';

/**
 * `npm start` (scripts/start.mjs) as a newcomer meets it: on a machine without a display it says
 * what to do instead; `--screenshot` saves the demo popups; and whichever way it ends, it leaves
 * no Chromium profile and no DNS stack behind in the temporary folder.
 */
const SCRIPT = join(ROOT, 'scripts', 'start.mjs');
const DEMO_DOMAINS = ['acme-google.com', 'selfhosted.net', 'dangling-mx.com', 'contoso-m365.com'];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Run {
  child: ChildProcess;
  /** A private temporary folder (TMPDIR), so what is left in it is this run's alone. */
  tmp: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const runs: Run[] = [];

function start(args: string[], env: Record<string, string | undefined> = {}): Run {
  const tmp = mkdtempSync(join(tmpdir(), 'di-start-test-'));
  const childEnv: Record<string, string | undefined> = { ...process.env, TMPDIR: tmp, ...env };
  for (const [key, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[key];
  // Its own process group, so a test can send Ctrl-C's SIGINT to the group as a terminal does.
  const child = spawn(process.execPath, [SCRIPT, ...args], { cwd: ROOT, env: childEnv, detached: true });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  const run = { child, tmp, output: () => output, exited };
  runs.push(run);
  return run;
}

async function outputContains(run: Run, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!run.output().includes(text)) {
    if (run.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`no "${text}" in the output:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What the run left in its temporary folder: Chromium profiles and DNS stack folders. */
function leftovers(run: Run): string[] {
  return readdirSync(run.tmp).filter((name) => /^(domain-insight-profile-|di-dns-stack-)/.test(name));
}

beforeAll(ensureBuilt, 180_000);

afterEach(() => {
  for (const run of runs.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null && run.child.pid)
      process.kill(-run.child.pid, 'SIGKILL');
    rmSync(run.tmp, { recursive: true, force: true });
  }
});

describe('npm start on a machine without a display', () => {
  it('says no window can open and what to do instead, and exits with status 1', async () => {
    const run = start([], { DISPLAY: undefined, WAYLAND_DISPLAY: undefined });
    expect((await run.exited).code).toBe(1);
    const said = run.output();
    expect(said).toMatch(/No display found/);
    expect(said).toContain('npm start -- --screenshot <dir>');
    expect(said).toContain('npm run cli -- check');
    expect(said).toContain('xvfb-run npm start');
    expect(leftovers(run)).toEqual([]);
  });
});

describe('npm start -- --screenshot <dir>', () => {
  it('saves the popup of every demo domain as a PNG, cleans up and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'di-start-shots-'));
    const run = start(['--screenshot', join(dir, 'popups'), '--no-build'], { DISPLAY: undefined });
    const { code } = await run.exited;
    expect(code, run.output()).toBe(0);
    try {
      for (const domain of DEMO_DOMAINS) {
        const png = readFileSync(join(dir, 'popups', `popup-${domain}.png`));
        expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
        expect(png.length).toBeGreaterThan(10_000);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(leftovers(run)).toEqual([]);
  }, 120_000);
});

describe('npm start -- --demo cleans up on every exit path', () => {
  it.each([
    ['Ctrl-C (SIGINT to the whole process group)', 'SIGINT', true, 130],
    ['kill (SIGTERM to the script)', 'SIGTERM', false, 143],
  ] as const)(
    'after %s: no profile and no DNS stack left',
    async (_, signal, group, status) => {
      const run = start(['--demo', '--headless', '--no-build']);
      await outputContains(run, 'Press Ctrl+C to stop');
      // While it runs, the profile and the stack are there: the check below can fail.
      expect(leftovers(run).some((name) => name.startsWith('domain-insight-profile-'))).toBe(true);
      expect(leftovers(run).some((name) => name.startsWith('di-dns-stack-'))).toBe(true);
      const pid = run.child.pid ?? 0;
      process.kill(group ? -pid : pid, signal);
      expect((await run.exited).code).toBe(status);
      expect(leftovers(run)).toEqual([]);
    },
    120_000,
  );

  it('after the browser is closed: exit status 0, nothing left', async () => {
    const run = start(['--demo', '--headless', '--no-build']);
    await outputContains(run, 'Press Ctrl+C to stop');
    // Chromium is the script's direct child (playwright spawns it); ending it is closing the browser.
    const browser = execFileSync('pgrep', ['-P', String(run.child.pid)], { encoding: 'utf8' })
      .split('\n')
      .map(Number)
      .find((pid) => pid > 0 && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--load-extension='));
    expect(browser).toBeDefined();
    process.kill(browser ?? 0, 'SIGTERM');
    expect((await run.exited).code).toBe(0);
    expect(run.output()).toContain('The browser was closed');
    expect(leftovers(run)).toEqual([]);
  }, 120_000);

  it('after an error during start (no such browser): exit status 1, nothing left', async () => {
    const run = start(['--demo', '--headless', '--no-build', '--browser', '/nonexistent/chromium']);
    expect((await run.exited).code).toBe(1);
    expect(run.output()).toMatch(/Error/);
    // The DNS stack had started before the browser failed: it was stopped too.
    expect(run.output()).toContain('DoH http://');
    expect(leftovers(run)).toEqual([]);
  }, 120_000);
});
