import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every message key the extension's code uses exists in English and Spanish, and the two languages
 * have the same keys (chrome.i18n would otherwise show English, or nothing, to a Spanish speaker).
 */
const root = join(import.meta.dirname, '..', '..');
const catalogue = (lang: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(root, 'public', '_locales', lang, 'messages.json'), 'utf8'));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Keys in `t('…')`, `getMessage('…')`, `translate('…')` calls and in `*_KEYS` lookup tables. */
function usedKeys(source: string): string[] {
  const keys = new Set<string>();
  for (const m of source.matchAll(/\b(?:t|getMessage|translate)\(\s*'([A-Za-z0-9_@]+)'/g))
    keys.add(m[1] as string);
  for (const m of source.matchAll(/\bt\(\s*\w+\s*\?\s*'([A-Za-z0-9_]+)'\s*:\s*'([A-Za-z0-9_]+)'/g)) {
    keys.add(m[1] as string);
    keys.add(m[2] as string);
  }
  for (const table of source.matchAll(/const [A-Z_]+_KEYS\b[^=]*=\s*\{([\s\S]*?)\n\};/g)) {
    for (const m of (table[1] as string).matchAll(/:\s*'([A-Za-z0-9_]+)'/g)) keys.add(m[1] as string);
  }
  return [...keys];
}

const srcKeys = sourceFiles(join(root, 'src')).flatMap((file) =>
  usedKeys(readFileSync(file, 'utf8')).map((key) => ({ key, file: file.slice(root.length + 1) })),
);
const manifestKeys = [...readFileSync(join(root, 'manifest.json'), 'utf8').matchAll(/__MSG_(\w+)__/g)].map(
  (m) => ({
    key: m[1] as string,
    file: 'manifest.json',
  }),
);

describe('locales', () => {
  it('finds the keys the code uses (the scan itself works)', () => {
    expect(usedKeys("t('a'); chrome.i18n.getMessage('b', x); t(on ? 'c' : 'd')")).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(srcKeys.length).toBeGreaterThan(50);
  });

  for (const lang of ['en', 'es']) {
    it(`has every key the code uses in ${lang}`, () => {
      const messages = catalogue(lang);
      const missing = [...srcKeys, ...manifestKeys].filter(({ key }) => !(key in messages));
      expect(missing).toEqual([]);
    });
  }

  it('says in Spanish every placeholder the English message says, so that no detail is lost', () => {
    const en = catalogue('en') as Record<string, { message: string }>;
    const es = catalogue('es') as Record<string, { message: string }>;
    const placeholders = (text = '') =>
      [...new Set((text.match(/\$[A-Za-z0-9_]+\$/g) ?? []).map((p) => p.toUpperCase()))].sort();
    const differing = Object.keys(en).filter(
      (key) => placeholders(en[key]?.message).join() !== placeholders(es[key]?.message).join(),
    );
    expect(differing).toEqual([]);
  });

  it('has the same keys in English and Spanish', () => {
    const en = Object.keys(catalogue('en')).sort();
    const es = Object.keys(catalogue('es')).sort();
    expect(es.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !es.includes(k))).toEqual([]);
  });
});
