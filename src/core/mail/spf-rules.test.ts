import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FakeZoneEntry } from '../../../test/helpers/fake-resolver.ts';
import { withSpf } from '../../../test/helpers/mail-zones.ts';
import { evaluateSpf, isParked } from './spf.ts';

/**
 * The RFC 7208 rules the evaluation applies over DNS, one behaviour each: lookup and void limits
 * (§4.6.4), what is reachable (§4.6.2, §5.1, §6.1), every form that lets anyone pass (§5), the
 * record size (§3.4), and how broken records are reported.
 */

const ids = (findings: { id: string }[]) => findings.map((f) => f.id);
const finding = (findings: { id: string; args?: string[] }[], id: string) =>
  findings.find((f) => f.id === id);
const mxRecords = (n: number, host = (i: number) => `mx${i}.example.net`) =>
  Array.from({ length: n }, (_, i) => ({ preference: i, exchange: host(i) }));

describe('void lookups count every DNS-querying term (RFC 7208 §4.6.4)', () => {
  it('counts a bare a and a bare mx on a domain without addresses or MX', async () => {
    const resolver = withSpf('v=spf1 a mx include:gone.example.net ~all');
    const { spf, findings } = await evaluateSpf('example.com', resolver);
    expect(spf?.voidLookups).toBe(3);
    expect(finding(findings, 'spf.void-lookups')?.args).toEqual(['3', 'example.com, gone.example.net']);
  });

  it('counts bare a and mx in an included record against the included domain', async () => {
    const resolver = withSpf('v=spf1 include:_spf.vendor.example -all', {
      '_spf.vendor.example': { TXT: ['v=spf1 a mx a:old.vendor.example -all'] },
    });
    const { spf, findings } = await evaluateSpf('example.com', resolver);
    expect(resolver.log).toEqual(expect.arrayContaining(['_spf.vendor.example A', '_spf.vendor.example MX']));
    expect(spf?.voidLookups).toBe(3);
    expect(finding(findings, 'spf.void-lookups')?.args?.[1]).toBe('_spf.vendor.example, old.vendor.example');
  });

  it('does not count a bare a or mx that answers', async () => {
    const resolver = withSpf('v=spf1 a mx -all', {
      'example.com': {
        TXT: ['v=spf1 a mx -all'],
        A: ['192.0.2.10'],
        MX: [{ preference: 10, exchange: 'mail.example.com' }],
      },
    });
    const { spf } = await evaluateSpf('example.com', resolver);
    expect(spf?.voidLookups).toBe(0);
  });

  it('counts a redirect target that does not exist', async () => {
    const resolver = withSpf('v=spf1 a:gone1.example.net a:gone2.example.net redirect=gone3.example.net');
    const { spf, findings } = await evaluateSpf('example.com', resolver);
    expect(spf?.voidLookups).toBe(3);
    expect(ids(findings)).toEqual(expect.arrayContaining(['spf.void-lookups', 'spf.include-broken']));
  });

  it('does not count a failed query as void, and reports it as an error', async () => {
    const resolver = withSpf('v=spf1 a:t1.example.net a:t2.example.net a:t3.example.net -all', {
      't1.example.net': { fail: { reason: 'timeout' } },
      't2.example.net': { fail: { reason: 'timeout' } },
      't3.example.net': { fail: { reason: 'timeout' } },
    });
    const { spf, findings, errors } = await evaluateSpf('example.com', resolver);
    expect(spf?.voidLookups).toBe(0);
    expect(ids(findings)).not.toContain('spf.void-lookups');
    expect(errors.map((e) => e.query)).toContain('t1.example.net A');
  });

  it('does not count the exp= target: it is looked up only after a fail (§6.2)', async () => {
    const resolver = withSpf('v=spf1 a:gone1.example.net a:gone2.example.net exp=gone3.example.net -all');
    const { spf } = await evaluateSpf('example.com', resolver);
    expect(spf?.voidLookups).toBe(2);
    expect(spf?.lookups).toBe(2);
    expect(resolver.log).not.toContain('gone3.example.net TXT');
  });
});

describe('the MX limit (RFC 7208 §4.6.4: more than 10 MX records is a permerror)', () => {
  it('reports an mx whose target has 11 MX records as spf.too-many-lookups, naming the count', async () => {
    const resolver = withSpf('v=spf1 mx:big.example.net -all', { 'big.example.net': { MX: mxRecords(11) } });
    const { spf, findings } = await evaluateSpf('example.com', resolver);
    expect(spf?.lookups).toBe(1);
    expect(finding(findings, 'spf.too-many-lookups')).toEqual({
      id: 'spf.too-many-lookups',
      severity: 'critical',
      args: ['1', 'mx:big.example.net (11 MX)'],
    });
  });

  it('counts MX records, not distinct hosts', async () => {
    const resolver = withSpf('v=spf1 mx -all', {
      'example.com': {
        TXT: ['v=spf1 mx -all'],
        MX: mxRecords(11, () => 'mail.example.com'),
      },
    });
    const { findings } = await evaluateSpf('example.com', resolver);
    expect(finding(findings, 'spf.too-many-lookups')?.args).toEqual(['1', 'mx (11 MX)']);
  });

  it('does not report exactly 10 MX records', async () => {
    const resolver = withSpf('v=spf1 mx:big.example.net -all', { 'big.example.net': { MX: mxRecords(10) } });
    const { findings } = await evaluateSpf('example.com', resolver);
    expect(ids(findings)).not.toContain('spf.too-many-lookups');
  });

  it('counts a null MX as a record that matches nobody, and asks no address for it', async () => {
    const resolver = withSpf('v=spf1 mx:parked.example.net/0 -all', {
      'parked.example.net': { MX: [{ preference: 0, exchange: '' }] },
    });
    const { spf, findings } = await evaluateSpf('example.com', resolver);
    expect(spf?.voidLookups).toBe(0);
    expect(findings).toEqual([]);
    expect(resolver.log.filter((q) => q.startsWith(' '))).toEqual([]);
  });

  it('applies the limit inside included records too', async () => {
    const resolver = withSpf('v=spf1 include:_spf.vendor.example -all', {
      '_spf.vendor.example': { TXT: ['v=spf1 mx -all'], MX: mxRecords(12) },
    });
    const { findings } = await evaluateSpf('example.com', resolver);
    expect(finding(findings, 'spf.too-many-lookups')?.args).toEqual([
      '2',
      'include:_spf.vendor.example → [mx (12 MX)]',
    ]);
  });
});

describe('what a receiver evaluates (RFC 7208 §4.6.2, §5.1, §6.1)', () => {
  it('neither counts nor fetches mechanisms after the first all', async () => {
    const resolver = withSpf('v=spf1 -all include:_spf.google.com a:gone.example.net');
    const { spf, findings } = await evaluateSpf('example.com', resolver);
    expect(spf?.lookups).toBe(0);
    expect(findings).toEqual([]);
    expect(resolver.log).toEqual(['example.com TXT']);
  });

  it('counts ten terms as within the limit, eleven as over it', async () => {
    const ten = `v=spf1 ${Array.from({ length: 10 }, (_, i) => `exists:e${i}.example.net`).join(' ')} -all`;
    const eleven = ten.replace(' -all', ' exists:e10.example.net -all');
    const zone = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`e${i}.example.net`, { A: ['127.0.0.2'] }]),
    );
    const within = await evaluateSpf('example.com', withSpf(ten, zone));
    const over = await evaluateSpf('example.com', withSpf(eleven, zone));
    expect(ids(within.findings)).not.toContain('spf.too-many-lookups');
    expect(finding(over.findings, 'spf.too-many-lookups')?.args?.[0]).toBe('11');
  });

  it('does not count ip4, ip6, all or exp, and counts ptr without resolving it', async () => {
    const resolver = withSpf('v=spf1 ip4:192.0.2.1 ip6:2001:db8::1 ptr exp=explain.example.net -all');
    const { spf } = await evaluateSpf('example.com', resolver);
    expect(spf?.lookups).toBe(1);
    expect(resolver.log).toEqual(['example.com TXT']);
  });

  it('reports a redirect loop as never finishing (§4.6.4)', async () => {
    const resolver = withSpf('v=spf1 ip4:192.0.2.1 redirect=example.com');
    const { findings } = await evaluateSpf('example.com', resolver);
    expect(finding(findings, 'spf.too-many-lookups')?.args).toEqual(['∞', 'redirect=example.com ↺']);
  });

  it('reports a loop through an include and a redirect, querying each name once', async () => {
    const resolver = withSpf('v=spf1 include:a.example.net -all', {
      'a.example.net': { TXT: ['v=spf1 redirect=b.example.net'] },
      'b.example.net': { TXT: ['v=spf1 include:a.example.net ~all'] },
    });
    const { findings } = await evaluateSpf('example.com', resolver);
    expect(finding(findings, 'spf.too-many-lookups')?.args?.[0]).toBe('∞');
    expect(resolver.log.filter((q) => q.endsWith(' TXT'))).toEqual([
      'example.com TXT',
      'a.example.net TXT',
      'b.example.net TXT',
    ]);
  });

  it('follows a domain-spec with ":" and "/" as the name it is (§7.1)', async () => {
    const resolver = withSpf('v=spf1 a:foo:bar/baz.example.com -all', {
      'foo:bar/baz.example.com': { A: ['192.0.2.7'] },
    });
    const { spf, findings } = await evaluateSpf('example.com', resolver);
    expect(findings).toEqual([]);
    expect(spf?.voidLookups).toBe(0);
    expect(resolver.log).toContain('foo:bar/baz.example.com A');
  });
});

describe('spf.pass-all: every form that lets anyone send (RFC 7208 §5)', () => {
  const passAll = async (record: string, extra: Record<string, FakeZoneEntry> = {}) =>
    (await evaluateSpf('example.com', withSpf(record, extra))).findings.filter(
      (f) => f.id === 'spf.pass-all',
    );

  it.each([
    ['v=spf1 ip4:0.0.0.0/0 -all', 'ip4:0.0.0.0/0'],
    ['v=spf1 ip4:192.0.2.1/0 -all', 'ip4:192.0.2.1/0'],
    ['v=spf1 ip6:::/0 -all', 'ip6:::/0'],
    ['v=spf1 ip6:0::0/0 -all', 'ip6:0::0/0'],
    ['v=spf1 +ip6:2001:db8::/0 ~all', '+ip6:2001:db8::/0'],
    ['v=spf1 mx +all', '+all'],
    ['v=spf1 ALL', 'ALL'],
  ])('reports %s, naming %s', async (record, term) => {
    expect(await passAll(record)).toEqual([
      { id: 'spf.pass-all', severity: 'critical', args: ['example.com', record, term, 'example.com'] },
    ]);
  });

  it('names both terms once when IPv4 and IPv6 are both open', async () => {
    const [f, ...rest] = await passAll('v=spf1 ip4:0.0.0.0/0 ip6:::/0 -all');
    expect(rest).toEqual([]);
    expect(f?.args?.[2]).toBe('ip4:0.0.0.0/0, ip6:::/0');
  });

  it('reports exists: on a fixed name that has an A record (it matches every sender, §5.7)', async () => {
    const found = await passAll('v=spf1 exists:always.example.net -all', {
      'always.example.net': { A: ['127.0.0.2'] },
    });
    expect(found[0]?.args?.[2]).toBe('exists:always.example.net');
  });

  it('does not report exists: on a name without an A record, or with a macro', async () => {
    expect(await passAll('v=spf1 exists:never.example.net -all')).toEqual([]);
    expect(
      await passAll('v=spf1 exists:v6only.example.net -all', {
        'v6only.example.net': { AAAA: ['2001:db8::1'] },
      }),
    ).toEqual([]);
    expect(
      await passAll('v=spf1 exists:%{i}.always.example.net -all', {
        'always.example.net': { A: ['127.0.0.2'] },
      }),
    ).toEqual([]);
  });

  it('reports a/0 and mx/0 on names with addresses: every address of the family matches', async () => {
    const zone = {
      'web.example.net': { A: ['192.0.2.80'], AAAA: ['2001:db8::80'] },
      'mx.example.net': { MX: [{ preference: 10, exchange: 'web.example.net' }] },
    };
    expect((await passAll('v=spf1 a:web.example.net/0 -all', zone))[0]?.args?.[2]).toBe(
      'a:web.example.net/0',
    );
    expect((await passAll('v=spf1 a:web.example.net//0 -all', zone))[0]?.args?.[2]).toBe(
      'a:web.example.net//0',
    );
    expect((await passAll('v=spf1 mx:mx.example.net/0 -all', zone))[0]?.args?.[2]).toBe(
      'mx:mx.example.net/0',
    );
    expect(await passAll('v=spf1 a:web.example.net/1 mx:mx.example.net -all', zone)).toEqual([]);
    expect(await passAll('v=spf1 a:nothing.example.net/0 -all', zone)).toEqual([]);
  });

  it('reports an included record that passes everyone, with the path to it', async () => {
    const found = await passAll('v=spf1 include:_spf.vendor.example -all', {
      '_spf.vendor.example': { TXT: ['v=spf1 include:_spf2.vendor.example ~all'] },
      '_spf2.vendor.example': { TXT: ['v=spf1 ip4:0.0.0.0/0 ip6:::/0 ~all'] },
    });
    expect(found).toEqual([
      {
        id: 'spf.pass-all',
        severity: 'critical',
        args: [
          '_spf2.vendor.example',
          'v=spf1 ip4:0.0.0.0/0 ip6:::/0 ~all',
          'ip4:0.0.0.0/0, ip6:::/0',
          'example.com → include:_spf.vendor.example → include:_spf2.vendor.example',
        ],
      },
    ]);
  });

  it('reports a redirect target that passes everyone (§6.1)', async () => {
    const found = await passAll('v=spf1 ip4:192.0.2.1 redirect=_spf.vendor.example', {
      '_spf.vendor.example': { TXT: ['v=spf1 +all'] },
    });
    expect(found[0]?.args?.slice(2)).toEqual(['+all', 'example.com → redirect=_spf.vendor.example']);
  });

  it('does not report a pass-all record included with another qualifier: it fails or softfails everyone', async () => {
    const zone = { '_spf.vendor.example': { TXT: ['v=spf1 +all'] } };
    expect(await passAll('v=spf1 ~include:_spf.vendor.example +all', zone)).toEqual([]);
    expect(await passAll('v=spf1 -include:_spf.vendor.example -all', zone)).toEqual([]);
  });

  it('does not report a pass that an earlier mechanism shadows for everyone', async () => {
    expect(await passAll('v=spf1 -all +all')).toEqual([]);
    expect(
      await passAll('v=spf1 -exists:always.example.net +all', { 'always.example.net': { A: ['127.0.0.2'] } }),
    ).toEqual([]);
    expect(await passAll('v=spf1 -all ip4:0.0.0.0/0')).toEqual([]);
  });

  it('reports what stays open when only one family is shadowed', async () => {
    const [f] = await passAll('v=spf1 -ip4:0.0.0.0/0 +all');
    expect(f?.args?.[2]).toBe('+all');
    expect(await passAll('v=spf1 -ip4:0.0.0.0/0 ip4:0.0.0.0/0 -all')).toEqual([]);
  });

  it('does not report an include that neither passes everyone nor ends the check', async () => {
    const zone = { '_spf.vendor.example': { TXT: ['v=spf1 ip4:192.0.2.0/24 ?all'] } };
    expect(await passAll('v=spf1 include:_spf.vendor.example ~all', zone)).toEqual([]);
    expect((await passAll('v=spf1 include:_spf.vendor.example +all', zone))[0]?.args?.[2]).toBe('+all');
  });

  it('stops at an include that ends in an error: nothing after it is reached', async () => {
    expect(await passAll('v=spf1 include:gone.example.net +all')).toEqual([]);
  });
});

describe('spf.syntax and spf.multiple keep the record for display', () => {
  it('reports exp=%{r} as a syntax error citing §7.2', async () => {
    const record = 'v=spf1 -all exp=%{r}.example.com';
    const { spf, findings } = await evaluateSpf('example.com', withSpf(record));
    expect(spf).toEqual({ record, lookups: 0, all: null });
    expect(findings).toEqual([
      { id: 'spf.syntax', severity: 'critical', args: [record, 'exp=%{r}.example.com', 'RFC 7208 §7.2'] },
    ]);
  });

  it('reports a duplicate redirect as a syntax error citing §6', async () => {
    const record = 'v=spf1 redirect=a.example.net redirect=b.example.net';
    const { findings } = await evaluateSpf('example.com', withSpf(record));
    expect(findings[0]?.args).toEqual([record, 'redirect=b.example.net', 'RFC 7208 §6']);
  });

  it('reports an included record with a c macro as a broken include', async () => {
    const resolver = withSpf('v=spf1 include:_spf.vendor.example -all', {
      '_spf.vendor.example': { TXT: ['v=spf1 exists:%{c}.vendor.example -all'] },
    });
    const { findings } = await evaluateSpf('example.com', resolver);
    expect(ids(findings)).toEqual(['spf.include-broken']);
  });

  it('is never parked with two records or a syntax error', async () => {
    const two = await evaluateSpf('example.com', withSpf(['v=spf1 -all', 'v=spf1 -all']));
    const broken = await evaluateSpf('example.com', withSpf('v=spf1 -all moo'));
    expect(isParked(false, two.spf)).toBe(false);
    expect(isParked(false, broken.spf)).toBe(false);
    expect(isParked(false, (await evaluateSpf('example.com', withSpf('v=spf1 -all'))).spf)).toBe(true);
  });
});

describe('spf.record-too-long (RFC 7208 §3.4: 450 octets)', () => {
  /** A valid record of exactly `octets` octets: "v=spf1 -all x=aaa…" (an unknown modifier is ignored). */
  const ofLength = (octets: number) => `v=spf1 -all x=${'a'.repeat(octets - 'v=spf1 -all x='.length)}`;

  it('reports a record over 450 octets with its length', async () => {
    const record = ofLength(451);
    const { findings } = await evaluateSpf('example.com', withSpf(record));
    expect(findings).toEqual([
      { id: 'spf.record-too-long', severity: 'warning', args: ['451', 'example.com', record] },
    ]);
  });

  it('does not report exactly 450 octets', async () => {
    const { findings } = await evaluateSpf('example.com', withSpf(ofLength(450)));
    expect(findings).toEqual([]);
  });

  it('counts octets, not characters', async () => {
    // "é" is two octets in UTF-8 (and a syntax error, reported too).
    const record = `v=spf1 -all x=${'é'.repeat(220)}`;
    expect(record.length).toBeLessThan(450);
    const { findings } = await evaluateSpf('example.com', withSpf(record));
    expect(finding(findings, 'spf.record-too-long')?.args?.[0]).toBe('454');
  });

  it('reports a long record even when it has a syntax error', async () => {
    const record = `v=spf1 ${'ip4:192.0.2.1 '.repeat(40)}ipv4:192.0.2.2 -all`;
    const { findings } = await evaluateSpf('example.com', withSpf(record));
    expect(ids(findings)).toEqual(['spf.syntax', 'spf.record-too-long']);
  });
});

describe('evaluateSpf on untrusted records', () => {
  const TERMS = [
    'a',
    'mx',
    'a/0',
    'mx//0',
    'ptr',
    '+all',
    '-all',
    '?all',
    'include:x.example.net',
    'include:y.example.net',
    'include:%{d}',
    'exists:%{d2}.x.example.net',
    'exists:always.example.net',
    'redirect=x.example.net',
    'redirect=%{d}',
    'ip4:0.0.0.0/0',
    'ip6:::/0',
    'exp=%{r}',
    'a:foo:bar/baz.example.net/24',
    '%{',
    'moo',
  ];
  const zone = (x: string, y: string) => ({
    'x.example.net': { TXT: [x], MX: [{ preference: 0, exchange: 'always.example.net' }] },
    'y.example.net': { TXT: [y] },
    'always.example.net': { A: ['127.0.0.2'] },
  });
  const record = fc.array(fc.constantFrom(...TERMS), { maxLength: 12 }).map((t) => `v=spf1 ${t.join(' ')}`);

  it('always gives a result, never a throw, whatever the records of the tree say', async () => {
    await fc.assert(
      fc.asyncProperty(record, record, record, async (top, x, y) => {
        const result = await evaluateSpf('example.com', withSpf(top, zone(x, y)));
        expect(result.spf?.record).toBe(top);
        for (const f of result.findings) expect(f.args?.every((a) => typeof a === 'string')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
