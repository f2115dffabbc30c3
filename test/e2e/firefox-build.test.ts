import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from './helpers/build.ts';

/** The Firefox build as AMO sees it (Mozilla's own linter); the e2e scenarios drive it in Firefox ESR for real. */
const firefoxDir = join(ROOT, 'dist', 'firefox');

describe('Firefox build', () => {
  beforeAll(async () => {
    await ensureBuilt();
  }, 120_000);

  it('declares background scripts, a gecko id and no data collection', () => {
    const manifest = JSON.parse(readFileSync(join(firefoxDir, 'manifest.json'), 'utf8'));
    expect(manifest.background.scripts).toEqual(['service-worker-loader.js']);
    expect(manifest.browser_specific_settings.gecko.id).toMatch(/@/);
    expect(manifest.browser_specific_settings.gecko.data_collection_permissions).toEqual({
      required: ['none'],
    });
  });

  it('passes web-ext lint without errors', () => {
    let output: string;
    try {
      output = execFileSync(
        join(ROOT, 'node_modules', '.bin', 'web-ext'),
        ['lint', '--source-dir', firefoxDir, '--output', 'json', '--no-config-discovery'],
        { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
    } catch (error) {
      // web-ext exits non-zero when it finds errors; its report is still on stdout.
      output = (error as { stdout?: string }).stdout ?? '';
    }
    const report = JSON.parse(output.slice(output.indexOf('{')));
    expect(report.errors.map((e: { code: string; message: string }) => `${e.code}: ${e.message}`)).toEqual(
      [],
    );
    expect(report.summary.errors).toBe(0);
  }, 120_000);
});

describe('the build output', () => {
  beforeAll(async () => {
    await ensureBuilt();
  }, 120_000);

  it('emits each page once: the popup at popup.html, nowhere else', () => {
    const pages = execFileSync('find', [join(ROOT, 'dist/chrome'), '-name', '*.html'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((file) => file.slice(join(ROOT, 'dist/chrome').length + 1))
      .sort();
    expect(pages).toEqual(['popup.html', 'src/options/index.html', 'src/popup/welcome.html']);
  });
});
