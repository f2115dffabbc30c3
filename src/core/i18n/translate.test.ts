import { describe, expect, it } from 'vitest';
import { createTranslator, findingMessageKey, formatMessage } from './translate.ts';

describe('formatMessage', () => {
  it('replaces named placeholders with their positional content', () => {
    const entry = { message: 'Expires in $DAYS$ days', placeholders: { days: { content: '$1' } } };
    expect(formatMessage(entry, ['12'])).toBe('Expires in 12 days');
  });

  it('replaces bare positional substitutions and unescapes $$', () => {
    expect(formatMessage({ message: '$1 costs $$5' }, ['it'])).toBe('it costs $5');
  });

  it('leaves a missing substitution empty instead of printing the marker', () => {
    expect(formatMessage({ message: 'a$1b' })).toBe('ab');
  });
});

describe('createTranslator', () => {
  it('falls back to the next catalogue, then to the key itself', () => {
    const t = createTranslator({ a: { message: 'uno' } }, { a: { message: 'one' }, b: { message: 'two' } });
    expect([t('a'), t('b'), t('c')]).toEqual(['uno', 'two', 'c']);
  });
});

describe('findingMessageKey', () => {
  it('maps a finding id to a chrome.i18n-safe key', () => {
    expect(findingMessageKey('mta-sts.mx-mismatch', 'fix')).toBe('finding_mta_sts_mx_mismatch_fix');
  });
});
