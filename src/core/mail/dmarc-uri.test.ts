import { describe, expect, it } from 'vitest';
import { MAX_REPORT_URIS, parseUriList } from './dmarc-uri.ts';

describe('parseUriList (RFC 7489 §6.4 dmarc-urilist, RFC 9989 §4.8, RFC 9990 §2)', () => {
  it('reads several mailto: URIs with spaces around the commas', () => {
    expect(parseUriList('mailto:a@example.com , mailto:b@Reports.Example.NET')).toEqual({
      usable: [
        { uri: 'mailto:a@example.com', address: 'a@example.com', host: 'example.com' },
        {
          uri: 'mailto:b@Reports.Example.NET',
          address: 'b@reports.example.net',
          host: 'reports.example.net',
        },
      ],
      ignored: [],
      anyValid: true,
    });
  });

  it('reads the size limit in bytes, k, m, g and t, in either case ("!" 1*DIGIT [unit])', () => {
    const sizes = parseUriList(
      'mailto:a@x.example!10m,mailto:b@x.example!512,mailto:c@x.example!2K,mailto:d@x.example!1g,mailto:e@x.example!1T',
    );
    expect(sizes.usable.map((u) => u.maxSize)).toEqual([10 * 1024 ** 2, 512, 2048, 1024 ** 3, 1024 ** 4]);
    expect(sizes.usable[0]?.uri).toBe('mailto:a@x.example');
  });

  it('ignores a URI whose size limit is malformed (a raw "!" must otherwise be encoded)', () => {
    for (const bad of [
      'mailto:a@x.example!big',
      'mailto:a@x.example!',
      'mailto:a@x.example!10mb',
      'mailto:a!b@x.example',
    ]) {
      expect(parseUriList(bad), bad).toEqual({ usable: [], ignored: [bad], anyValid: false });
    }
  });

  it('keeps other URI schemes as syntactically valid but not usable (receivers only mail reports)', () => {
    expect(parseUriList('https://reports.example.com/dmarc')).toEqual({
      usable: [],
      ignored: ['https://reports.example.com/dmarc'],
      anyValid: true,
    });
    expect(parseUriList('ftp://reports.example.com').anyValid).toBe(true);
  });

  it('rejects what is not a URI or not a mail address', () => {
    for (const bad of [
      'd@example.com',
      'mailto:',
      'mailto:d',
      'mailto:@example.com',
      'mailto:d@localhost',
      'mailto:a@b@example.com',
      'mailto:d@-x.example',
      'mailto:d@x..example',
      'mailto:%zz@example.com',
      'mailto:d@exa mple.com',
    ]) {
      const list = parseUriList(bad);
      expect(list.usable, bad).toEqual([]);
      expect(list.anyValid, bad).toBe(false);
    }
  });

  it('decodes the local part, drops a trailing dot and mailto header fields', () => {
    expect(parseUriList('MAILTO:dmarc%2Breports@Example.com.?subject=dmarc').usable).toEqual([
      {
        uri: 'MAILTO:dmarc%2Breports@Example.com.?subject=dmarc',
        address: 'dmarc+reports@example.com',
        host: 'example.com',
      },
    ]);
  });

  it('skips empty items between commas', () => {
    expect(parseUriList('mailto:a@example.com,, ,').usable).toHaveLength(1);
  });

  it('reads at most MAX_REPORT_URIS URIs and reports the next one as ignored (RFC 7489 §6.2 lets receivers cap)', () => {
    const many = Array.from({ length: MAX_REPORT_URIS + 5 }, (_, i) => `mailto:r${i}@example.com`);
    const list = parseUriList(many.join(','));
    expect(list.usable).toHaveLength(MAX_REPORT_URIS);
    expect(list.ignored).toEqual([many[MAX_REPORT_URIS]]);
  });
});
