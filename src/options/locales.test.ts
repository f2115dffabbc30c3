import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogues } from '../core/i18n/bundled.ts';
import { CHECK_INTERVALS_HOURS } from '../shared/settings.ts';
import { CHANGE_KINDS, NOTIFICATION_KINDS } from '../watchlist/model.ts';
import { messageKey } from './keys.ts';

const root = new URL('../..', import.meta.url).pathname;
const sources = [
  ...readdirSync(join(root, 'src/options')).map((f) => join('src/options', f)),
  ...readdirSync(join(root, 'src/background'))
    .filter((f) => f.startsWith('watchlist'))
    .map((f) => join('src/background', f)),
  'src/watchlist/notice-text.ts',
].filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'));

/** Literal keys in t('…') calls, plus the families the code builds from a value. */
function usedKeys(): string[] {
  const literal = sources.flatMap((file) =>
    [...readFileSync(join(root, file), 'utf8').matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)].map(
      (m) => m[1] as string,
    ),
  );
  const snake = (s: string) => s.replace(/-/g, '_');
  return [
    ...literal,
    ...['watchlist', 'activity', 'settings'].map((k) => `optTab_${k}`),
    ...['domain', 'provider', 'expiry', 'severity', 'checked'].map((k) => `optColumn_${k}`),
    ...CHECK_INTERVALS_HOURS.map((h) => `optInterval_${h}`),
    ...['findings', 'expiry', 'changes'].map((k) => `optNotify_${k}`),
    ...['all', 'problems', 'critical', 'warning', 'unchecked'].map((k) => `optSeverity_${k}`),
    ...['critical', 'warning', 'ok', 'unchecked'].map((k) => `optWorst_${k}`),
    ...['invalid', 'not-https', 'credentials'].map((k) => messageKey('optResolverError_', k)),
    ...[
      'invalid',
      'ip',
      'localhost',
      'single-label',
      'reserved',
      'no-registrable-domain',
      'duplicate',
      'invalid-entry',
      'invalid-domain',
      'invalid-json',
      'empty',
    ].map((r) => messageKey('optReason_', r)),
    ...CHANGE_KINDS.map((k) => `change_${snake(k)}`),
    ...NOTIFICATION_KINDS.map((k) => `notify_${snake(k)}_title`),
  ];
}

describe('options and watchlist words', () => {
  it.each(['en', 'es'] as const)('has every key the page and the notifications use in %s', (language) => {
    const missing = usedKeys().filter((key) => !(key in catalogues[language]));
    expect(missing).toEqual([]);
  });
});
