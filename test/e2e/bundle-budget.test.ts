import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUDGETS, measureBundles } from '../../scripts/bundle-size.ts';
import { DIST_CHROME, ensureBuilt } from './helpers/build.ts';

/** The extension's two budgets (issue 13), checked on the real build so that any growth shows. */
describe('bundle budgets', () => {
  beforeAll(async () => {
    await ensureBuilt();
  }, 120_000);

  it('keeps the service worker, with every chunk it imports, within 100 kB gzip', () => {
    const { worker } = measureBundles(DIST_CHROME);
    // The worker is split into shared chunks by the build: all of them load with it.
    expect(worker.files.map((f) => f.file)).toContain('service-worker-loader.js');
    expect(worker.files.length).toBeGreaterThan(2);
    expect(worker.gzip).toBeLessThanOrEqual(BUDGETS.worker);
  });

  it('keeps the popup page (HTML, scripts and styles) within 30 kB gzip', () => {
    const { popup } = measureBundles(DIST_CHROME);
    expect(popup.files.some((f) => f.file.endsWith('.css'))).toBe(true);
    expect(popup.gzip).toBeLessThanOrEqual(BUDGETS.popup);
  });

  it('measures the build as it ships, without development JSX (the tests run under NODE_ENV=test)', () => {
    const { popup, worker } = measureBundles(DIST_CHROME);
    const development = [...popup.files, ...worker.files].filter((f) =>
      /jsxDEV|fileName:/.test(readFileSync(join(DIST_CHROME, f.file), 'utf8')),
    );
    expect(development.map((f) => f.file)).toEqual([]);
  });

  it('carries the Public Suffix List labels once', () => {
    // tldts-icann's labels start with the children of the first suffixes; 200 characters of them
    // cannot occur twice unless the bundler copied the constant (see vite.config.ts).
    const trie = readFileSync(
      join('node_modules', 'tldts-icann', 'dist', 'es6', 'src', 'data', 'trie.js'),
      'utf8',
    );
    const labels = /labelText = "([^"]+)"/.exec(trie)?.[1] ?? '';
    expect(labels.length).toBeGreaterThan(10_000);
    const probe = labels.slice(0, 200);
    const { worker } = measureBundles(DIST_CHROME);
    const copies = worker.files
      .map((f) => readFileSync(join(DIST_CHROME, f.file), 'utf8').split(probe).length - 1)
      .reduce((a, b) => a + b, 0);
    expect(copies).toBe(1);
  });

  it('loads no module dynamically in the worker (MV3 service workers refuse import())', () => {
    const { worker } = measureBundles(DIST_CHROME);
    // A bundler's code-split chunk is loaded as `import("./chunk.js")`; a method named `import` is not that.
    for (const f of worker.files) {
      expect(readFileSync(join(DIST_CHROME, f.file), 'utf8'), f.file).not.toMatch(
        /(?<![.\w$])import\s*\(\s*["'`]/,
      );
    }
  });
});
