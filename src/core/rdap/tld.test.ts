import { describe, expect, it } from 'vitest';
import { isCountryCodeTld, isGenericTld, tldOf } from './tld.ts';

describe('gTLD or ccTLD', () => {
  it.each(['com', 'net', 'org', 'xyz', 'moscow', 'xn--vermgensberater-ctb', 'xn--ses554g'])(
    '%s is generic',
    (tld) => {
      expect(isGenericTld(tld)).toBe(true);
    },
  );
  it.each(['es', 'de', 'io', 'no', 'xn--p1ai', 'xn--fiqs8s', 'xn--mgbaam7a8h', 'xn--90ais'])(
    '%s is a country code',
    (tld) => {
      expect(isCountryCodeTld(tld)).toBe(true);
      expect(isGenericTld(tld)).toBe(false);
    },
  );
  it('arpa and junk are neither generic nor country code', () => {
    expect(isGenericTld('arpa')).toBe(false);
    expect(isGenericTld('')).toBe(false);
    expect(isGenericTld('c_m')).toBe(false);
  });
  it('tldOf takes the last label, lower case, ignoring a trailing dot', () => {
    expect(tldOf('Shop.Example.COM.')).toBe('com');
  });
});
