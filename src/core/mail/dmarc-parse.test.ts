import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DmarcParseResult,
  type DmarcRecord,
  MAX_IGNORED_PARTS,
  MAX_PARTS,
  parseDmarc,
} from './dmarc-parse.ts';

const RUA = 'rua=mailto:d@example.com';

function record(text: string): DmarcRecord {
  const result = parseDmarc(text);
  if (!result.ok) throw new Error(`expected ${text} to parse, got ${JSON.stringify(result.error)}`);
  return result.record;
}

function ignoredIn(text: string): string[] {
  return record(text).ignored;
}

describe('parseDmarc: tags and defaults (RFC 9989 §4.7, RFC 7489 §6.3)', () => {
  it('reads the policy tags with the defaults', () => {
    expect(parseDmarc(`v=DMARC1; p=quarantine; ${RUA}`)).toEqual({
      ok: true,
      record: {
        policy: 'quarantine',
        pct: 100,
        adkim: 'r',
        aspf: 'r',
        fo: ['0'],
        rua: [{ uri: 'mailto:d@example.com', address: 'd@example.com', host: 'example.com' }],
        ruf: [],
        ignored: [],
        obsolete: [],
      },
    });
  });

  it('reads sp, np, pct, alignment, fo, t and psd', () => {
    expect(
      record('v=DMARC1;p=reject;sp=quarantine;np=reject;pct=50;adkim=s;aspf=s;fo=1:d;t=y;psd=n;'),
    ).toMatchObject({
      policy: 'reject',
      subdomainPolicy: 'quarantine',
      nonexistentPolicy: 'reject',
      pct: 50,
      adkim: 's',
      aspf: 's',
      fo: ['1', 'd'],
      testing: true,
      psd: 'n',
      ignored: [],
    });
  });

  it('reads t=n as not testing and leaves t and psd undefined when absent', () => {
    expect(record('v=DMARC1; p=reject; t=n').testing).toBe(false);
    const plain = record('v=DMARC1; p=reject');
    expect([plain.testing, plain.psd]).toEqual([undefined, undefined]);
  });

  it('takes tag names in any case (ABNF names are case-insensitive): V=DMARC1; P=Reject', () => {
    expect(record('V=DMARC1; P=Reject; SP=NONE; ADKIM=S; RUA=mailto:d@example.com')).toMatchObject({
      policy: 'reject',
      subdomainPolicy: 'none',
      adkim: 's',
      rua: [{ address: 'd@example.com' }],
      ignored: [],
    });
  });

  it('tolerates whitespace around "=", ";" and "," (equals = *WSP "=" *WSP, dmarc-sep = *WSP ";" *WSP)', () => {
    expect(
      record('v = DMARC1 ;\tp =\treject ; rua = mailto:a@example.com ,\tmailto:b@example.com ;'),
    ).toMatchObject({
      policy: 'reject',
      rua: [{ address: 'a@example.com' }, { address: 'b@example.com' }],
      ignored: [],
    });
  });

  it('accepts an empty part between separators and a trailing ";", as receivers do', () => {
    expect(record(`v=DMARC1; p=reject;; ${RUA};`)).toMatchObject({ policy: 'reject', ignored: [] });
    expect(record('v=DMARC1; ; p=quarantine ;')).toMatchObject({ policy: 'quarantine', ignored: [] });
  });

  it('ignores unknown tags silently (RFC 9989 §4.7: unknown tags MUST be ignored)', () => {
    expect(record('v=DMARC1; p=none; foo=bar; x_vendor=1; bimi=yes; FOO=baz')).toMatchObject({
      ignored: [],
      obsolete: [],
    });
  });
});

describe('parseDmarc: the version tag (RFC 9989 §4.7–§4.8, RFC 7489 §6.4)', () => {
  it('discards a record whose first tag is not v', () => {
    expect(parseDmarc('p=none; v=DMARC1')).toEqual({
      ok: false,
      error: { code: 'version-not-first', part: 'p=none' },
    });
  });

  it('discards a version value that does not match DMARC1 exactly (%s"DMARC1" is case-sensitive)', () => {
    for (const [text, part] of [
      ['v=DMARC2; p=none', 'v=DMARC2'],
      ['v=dmarc1; p=none', 'v=dmarc1'],
      ['v=DMARC1 p=none', 'v=DMARC1 p=none'],
      ['v=DMARC1x; p=none', 'v=DMARC1x'],
      ['', 'v'],
    ]) {
      expect(parseDmarc(text as string), text).toEqual({
        ok: false,
        error: { code: 'version-not-first', part },
      });
    }
  });
});

describe('parseDmarc: p=, sp= and np= (RFC 7489 §6.6.3, RFC 9989 §4.10.1)', () => {
  it('discards a record without p= and without rua= (dmarc.syntax)', () => {
    expect(parseDmarc('v=DMARC1')).toEqual({ ok: false, error: { code: 'missing-policy', part: 'p=' } });
    expect(parseDmarc('v=DMARC1; sp=reject; adkim=s')).toEqual({
      ok: false,
      error: { code: 'missing-policy', part: 'p=' },
    });
  });

  it('discards a record with an invalid p=, sp= or np= and no valid rua=', () => {
    for (const [text, part] of [
      ['v=DMARC1; p=block', 'p=block'],
      ['v=DMARC1; p=', 'p='],
      ['v=DMARC1; p=reject; sp=maybe', 'sp=maybe'],
      ['v=DMARC1; p=reject; np=all', 'np=all'],
      ['v=DMARC1; p=rejected; rua=mailto:d@', 'p=rejected'],
    ]) {
      expect(parseDmarc(text as string), text).toEqual({ ok: false, error: { code: 'bad-value', part } });
    }
  });

  it('applies p=none when p= is missing but rua= is valid, and lists the missing p as "p="', () => {
    expect(record(`v=DMARC1; ${RUA}`)).toMatchObject({ policy: 'none', fallback: true, ignored: ['p='] });
  });

  it('applies p=none when p= is invalid but rua= is valid, keeping a valid sp=', () => {
    expect(record(`v=DMARC1; p=block; sp=reject; ${RUA}`)).toMatchObject({
      policy: 'none',
      subdomainPolicy: 'reject',
      fallback: true,
      ignored: ['p=block'],
    });
  });

  it('applies p=none to the whole record when sp= or np= is invalid and rua= is valid (§6.6.3 to the letter)', () => {
    const withBadSp = record(`v=DMARC1; p=reject; sp=maybe; ${RUA}`);
    expect(withBadSp).toMatchObject({ policy: 'none', fallback: true, ignored: ['sp=maybe'] });
    expect(withBadSp.subdomainPolicy).toBeUndefined();
    const withBadNp = record(`v=DMARC1; p=reject; np=all; sp=reject; ${RUA}`);
    expect(withBadNp).toMatchObject({ policy: 'none', ignored: ['np=all'] });
    expect([withBadNp.subdomainPolicy, withBadNp.nonexistentPolicy]).toEqual([undefined, undefined]);
  });

  it('counts any syntactically valid rua= URI for the fallback, usable or not', () => {
    expect(record('v=DMARC1; rua=https://reports.example.com/dmarc')).toMatchObject({
      policy: 'none',
      rua: [],
      ignored: ['p=', 'rua=https://reports.example.com/dmarc'],
    });
  });

  it('does not count an invalid rua= for the fallback', () => {
    for (const rua of ['rua=d@example.com', 'rua=mailto:d@example.com!big', 'rua=', 'rua=mailto:d']) {
      expect(parseDmarc(`v=DMARC1; ${rua}`).ok, rua).toBe(false);
    }
  });

  it('takes policy values in any case', () => {
    expect(record('v=DMARC1; p=QUARANTINE; sp=Reject; np=NoNe')).toMatchObject({
      policy: 'quarantine',
      subdomainPolicy: 'reject',
      nonexistentPolicy: 'none',
    });
  });
});

describe('parseDmarc: values receivers ignore (dmarc.tag-invalid; RFC 9989 §4.7, RFC 7489 §6.3)', () => {
  it.each([
    ['pct=150'],
    ['pct=-1'],
    ['pct=50.5'],
    ['pct='],
    ['pct=1000'],
    ['ri=abc'],
    ['ri=-5'],
    ['ri=4294967296'],
    ['rf=iodef'],
    ['fo=x'],
    ['fo=2'],
    ['fo=0:x'],
    ['adkim=bob'],
    ['aspf=strict'],
    ['adkim='],
    ['t=yes'],
    ['t=1'],
    ['psd=maybe'],
  ])('ignores %s and applies the rest of the record', (part) => {
    const parsed = record(`v=DMARC1; p=reject; ${part}; ${RUA}`);
    expect(parsed.ignored).toEqual([part]);
    expect(parsed).toMatchObject({ policy: 'reject', pct: 100, adkim: 'r', aspf: 'r', fo: ['0'] });
    expect(parsed.rua).toHaveLength(1);
  });

  it('keeps the valid RFC 7489 values: pct 0 to 100 (1*3DIGIT), ri as 32-bit seconds, rf=afrf', () => {
    expect(record('v=DMARC1; p=reject; pct=0').pct).toBe(0);
    expect(record('v=DMARC1; p=reject; pct=050').pct).toBe(50);
    expect(record('v=DMARC1; p=reject; pct=100').pct).toBe(100);
    expect(ignoredIn('v=DMARC1; p=reject; ri=4294967295; rf=AFRF')).toEqual([]);
  });

  it('reads fo= as a colon list with optional spaces, in any case (RFC 7489 §6.4)', () => {
    expect(record('v=DMARC1; p=reject; fo=0 : D:s').fo).toEqual(['0', 'd', 's']);
  });

  it('ignores a report URI with an unusable scheme and keeps the others', () => {
    const parsed = record(
      'v=DMARC1; p=reject; rua=ftp://reports.example.com/x,mailto:d@example.com; ruf=https://x.example.com/f',
    );
    expect(parsed.rua.map((u) => u.address)).toEqual(['d@example.com']);
    expect(parsed.ruf).toEqual([]);
    expect(parsed.ignored).toEqual(['rua=ftp://reports.example.com/x', 'ruf=https://x.example.com/f']);
  });

  it('ignores a part that is not a tag at all, naming it as written', () => {
    expect(ignoredIn('v=DMARC1; p=reject; rua; =x; p x=1')).toEqual(['rua', '=x', 'p x=1']);
  });

  it('ignores a value with characters outside the grammar (dmarc-value is printable ASCII)', () => {
    expect(ignoredIn('v=DMARC1; p=reject; rua=mailto:d@exámple.com')).toEqual(['rua=mailto:d@exámple.com']);
    expect(ignoredIn('v=DMARC1; p=reject; adkim=s\u00a0')).toEqual(['adkim=s\u00a0']);
  });

  it('keeps the first of a repeated tag and lists the repeat (RFC 6376 §3.2: tags must not repeat)', () => {
    const parsed = record(
      'v=DMARC1; p=none; P=reject; v=DMARC1; rua=mailto:a@example.com; rua=mailto:b@example.com',
    );
    expect(parsed.policy).toBe('none');
    expect(parsed.rua.map((u) => u.address)).toEqual(['a@example.com']);
    expect(parsed.ignored).toEqual(['P=reject', 'v=DMARC1', 'rua=mailto:b@example.com']);
  });
});

describe('parseDmarc: a hostile record', () => {
  it('lists at most MAX_IGNORED_PARTS ignored parts', () => {
    const parsed = record(`v=DMARC1; p=reject; ${'x;'.repeat(40)}`);
    expect(parsed.ignored).toHaveLength(MAX_IGNORED_PARTS);
  });

  it('reads at most MAX_PARTS parts and lists the next one as ignored', () => {
    const junk = Array.from({ length: MAX_PARTS - 1 }, (_, i) => `x${i}=1`).join('; ');
    const parsed = record(`v=DMARC1; p=reject; ${junk}; adkim=s; aspf=s`);
    expect(parsed.adkim).toBe('r');
    expect(parsed.ignored).toEqual(['adkim=s']);
  });

  it('reads a fo= or rf= list longer than any real one as invalid', () => {
    expect(ignoredIn(`v=DMARC1; p=reject; fo=${Array(9).fill('1').join(':')}`)).toHaveLength(1);
    expect(ignoredIn(`v=DMARC1; p=reject; rf=${Array(9).fill('afrf').join(':')}`)).toHaveLength(1);
  });
});

describe('parseDmarc: tags removed by RFC 9989 (dmarc.obsolete-tags)', () => {
  it('lists pct, rf and ri as written, valid or not', () => {
    expect(record('v=DMARC1; p=reject; PCT=50; rf=afrf; ri=abc').obsolete).toEqual([
      'PCT=50',
      'rf=afrf',
      'ri=abc',
    ]);
  });

  it('lists nothing for a DMARCbis record', () => {
    expect(record('v=DMARC1; p=reject; t=y; np=reject; psd=n').obsolete).toEqual([]);
  });
});

describe('parseDmarc: untrusted input', () => {
  const isResult = (result: DmarcParseResult) => typeof result.ok === 'boolean';

  it('gives a result, never a throw, for any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 500 }), (text) => isResult(parseDmarc(text))));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => isResult(parseDmarc(text))),
    );
  });

  it('gives a result, never a throw, for records assembled from DMARC pieces', () => {
    const piece = fc.constantFrom(
      'v=DMARC1',
      'V=DMARC1',
      ';',
      ' ',
      '\t',
      'p=',
      'sp=',
      'np=',
      'none',
      'reject',
      'rua=',
      'ruf=',
      'mailto:',
      '@',
      '%',
      '%4',
      '!',
      '!10m',
      'x.com',
      ',',
      '=',
      'pct=',
      '0',
      '100',
      't=y',
      'psd=',
      'fo=',
      ':',
      'https://',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const result = parseDmarc(pieces.join(''));
        if (result.ok) {
          // A kept record always has a policy receivers can apply and addresses with a host.
          expect(['none', 'quarantine', 'reject']).toContain(result.record.policy);
          for (const uri of [...result.record.rua, ...result.record.ruf]) expect(uri.host).toContain('.');
        }
        return isResult(result);
      }),
    );
  });

  it('parses 64 KiB of adversarial input in linear time (under 50 ms each)', () => {
    const size = 64 * 1024;
    const inputs = [
      `v=DMARC1; p=reject; rua=${'mailto:a@b.c,'.repeat(size / 14)}`,
      `v=DMARC1; p=reject; rua=mailto:${'a'.repeat(size)}@${'b.'.repeat(size / 2)}`,
      `v=DMARC1; p=reject; rua=mailto:d@${'a-'.repeat(size / 2)}!`,
      `v=DMARC1;${' '.repeat(size)}x`,
      `v=DMARC1; p=reject; fo=${'0:'.repeat(size / 2)}x`,
      `v=DMARC1; p=reject; rua=${'%'.repeat(size)}`,
      `v=DMARC1; ${'p=none;'.repeat(size / 7)}`,
      `v=DMARC1; p=reject; rua=mailto:d@example.com!${'9'.repeat(size)}`,
      `${'v'.repeat(size)}=DMARC1`,
      `v=DMARC1; p=reject; ${'a'.repeat(size)}=${'b'.repeat(size)}`,
    ];
    for (const text of inputs) {
      // The best of five runs: a quadratic parser takes seconds here, a linear one about a millisecond,
      // and the best run keeps a garbage collection or a busy machine out of the figure.
      const runs = [0, 1, 2, 3, 4].map(() => {
        const start = performance.now();
        parseDmarc(text);
        return performance.now() - start;
      });
      expect(Math.min(...runs), text.slice(0, 40)).toBeLessThan(50);
    }
  });
});
