import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The structure the design card asks for, checked on the source itself so it cannot erode: one
 * door to the browser APIs, pages that only talk to the worker, one place that builds the clients.
 */
const SRC = new URL('..', import.meta.url).pathname;

function sources(dir: string): { path: string; text: string }[] {
  return readdirSync(join(SRC, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.ts$|test-|-scenario/.test(e.name))
    .map((e) => {
      const full = join(e.parentPath, e.name);
      return { path: relative(SRC, full), text: readFileSync(full, 'utf8') };
    });
}

const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
const PAGES = ['popup', 'options', 'ui'];

describe('boundaries', () => {
  it('reaches browser APIs only through src/shared/browser.ts (webextension-polyfill)', () => {
    const offenders = ['background', 'shared', ...PAGES, 'watchlist']
      .flatMap(sources)
      .filter(
        (f) =>
          /\bchrome\.[a-z]+\.[a-zA-Z]+/.test(code(f.text)) ||
          /import (?!type )[^;]*'webextension-polyfill'/.test(f.text),
      )
      .map((f) => f.path)
      .filter((p) => p !== 'shared/browser.ts');
    expect(offenders).toEqual([]);
  });

  it('keeps pages off background modules and off the storage the worker owns', () => {
    const offenders = PAGES.flatMap(sources)
      .filter((f) => /from '(\.\.\/)+background\//.test(f.text) || /\bbrowser\.storage\b/.test(code(f.text)))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('builds the resolver and the bootstrap in one factory', () => {
    const builders = ['background', 'shared', ...PAGES, 'watchlist']
      .flatMap(sources)
      .filter((f) => /\bcreate(DohResolver|Bootstrap)\(/.test(code(f.text)))
      .map((f) => f.path);
    expect(builders).toEqual(['background/clients.ts']);
  });

  it('has one listener for the pages’ messages', () => {
    const listeners = ['background', 'shared', ...PAGES, 'watchlist']
      .flatMap(sources)
      .filter((f) => /runtime\.onMessage\.addListener/.test(code(f.text)))
      .map((f) => f.path)
      .sort();
    // The worker's one listener, and the pages' client hearing the worker's broadcasts.
    expect(listeners).toEqual(['background/messaging.ts', 'shared/client.ts']);
  });
});
