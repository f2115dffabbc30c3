import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePunycode, hostToUnicode } from './punycode.ts';

describe('decodePunycode', () => {
  it('decodes the RFC 3492 §7.1 samples', () => {
    // (A) Arabic (Egyptian) and (L) Japanese with Latin letters
    expect(decodePunycode('egbpdaj6bu4bxfgehfvwxn')).toBe('ليهمابتكلموشعربي؟');
    expect(decodePunycode('3B-ww4c5e180e575a65lsy2b')).toBe('3年B組金八先生');
  });

  it('decodes labels that URL parsers produce', () => {
    expect(decodePunycode('bcher-kva')).toBe('bücher');
    expect(decodePunycode('espaa-rta')).toBe('españa');
  });

  it('returns null for invalid input instead of throwing', () => {
    expect(decodePunycode('zz')).toBeNull();
    expect(decodePunycode('ü-abc')).toBeNull();
    expect(decodePunycode('99999999999999999')).toBeNull();
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const decoded = decodePunycode(text);
        expect(decoded === null || typeof decoded === 'string').toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('hostToUnicode', () => {
  it('decodes only xn-- labels and keeps invalid ones as they are', () => {
    expect(hostToUnicode('shop.xn--bcher-kva.de')).toBe('shop.bücher.de');
    expect(hostToUnicode('xn--zz.example.com')).toBe('xn--zz.example.com');
  });
});
