import { describe, expect, it } from 'vitest';
import { type FakeZoneEntry, fakeResolver } from '../../../test/helpers/fake-resolver.ts';
import { googleWorkspaceZone, withSpf } from '../../../test/helpers/mail-zones.ts';
import { evaluateSpf, isParked } from './spf.ts';

const ids = (findings: { id: string }[]) => findings.map((f) => f.id);

describe('evaluateSpf on a healthy Google Workspace domain', () => {
  it('reports no finding and counts Google’s nested chain as 4 lookups', async () => {
    const resolver = fakeResolver(googleWorkspaceZone());
    const { spf, findings, errors } = await evaluateSpf('example.com', resolver);
    expect(findings).toEqual([]);
    expect(errors).toEqual([]);
    expect(spf).toMatchObject({
      record: 'v=spf1 include:_spf.google.com ~all',
      lookups: 4,
      all: '~all',
      voidLookups: 0,
    });
  });

  it('keeps the include tree for display', async () => {
    const { spf } = await evaluateSpf('example.com', fakeResolver(googleWorkspaceZone()));
    expect(spf?.tree?.children.map((c) => c.domain)).toEqual(['_spf.google.com']);
    expect(spf?.tree?.children[0]?.children.map((c) => [c.domain, c.via])).toEqual([
      ['_netblocks.google.com', 'include'],
      ['_netblocks2.google.com', 'include'],
      ['_netblocks3.google.com', 'include'],
    ]);
  });

  it('fetches all includes of one record in parallel, level by level', async () => {
    const resolver = fakeResolver(googleWorkspaceZone());
    await evaluateSpf('example.com', resolver);
    expect(resolver.log).toEqual([
      'example.com TXT',
      '_spf.google.com TXT',
      '_netblocks.google.com TXT',
      '_netblocks2.google.com TXT',
      '_netblocks3.google.com TXT',
    ]);
  });

  it('uses an apex TXT answer that was already fetched instead of asking again', async () => {
    const resolver = fakeResolver(googleWorkspaceZone());
    const apex = await resolver.query('example.com', 'TXT');
    resolver.log.length = 0;
    const { spf } = await evaluateSpf('example.com', resolver, apex);
    expect(spf?.lookups).toBe(4);
    expect(resolver.log).not.toContain('example.com TXT');
  });
});

describe('spf.missing and lookup failures', () => {
  it('reports spf.missing when the apex has TXT records but none is SPF', async () => {
    const { spf, findings } = await evaluateSpf('example.com', withSpf('google-site-verification=x'));
    expect(spf).toBeNull();
    expect(findings).toEqual([{ id: 'spf.missing', severity: 'warning', args: ['example.com'] }]);
  });

  it('reports spf.missing on NXDOMAIN', async () => {
    const { findings } = await evaluateSpf('example.com', fakeResolver({}));
    expect(ids(findings)).toEqual(['spf.missing']);
  });

  it('reports a failed apex query as an error, not as a missing record', async () => {
    const resolver = fakeResolver({ 'example.com': { fail: { reason: 'timeout' } } });
    const { spf, findings, errors } = await evaluateSpf('example.com', resolver);
    expect(spf).toBeNull();
    expect(findings).toEqual([]);
    expect(errors).toEqual([
      { source: 'dns', code: 'timeout', message: 'timeout (fake)', query: 'example.com TXT' },
    ]);
  });

  it('reports a failed include query as an error, not as a broken include', async () => {
    const resolver = withSpf('v=spf1 include:_spf.example.net -all', {
      '_spf.example.net': { fail: { reason: 'servfail' } },
    });
    const { findings, errors } = await evaluateSpf('example.com', resolver);
    expect(findings).toEqual([]);
    expect(errors).toEqual([
      { source: 'dns', code: 'network', message: 'servfail (fake)', query: '_spf.example.net TXT' },
    ]);
  });
});

describe('spf.multiple and spf.syntax', () => {
  it('reports spf.multiple for two v=spf1 records (RFC 7208 §4.5)', async () => {
    const { spf, findings } = await evaluateSpf(
      'example.com',
      withSpf(['v=spf1 include:_spf.google.com ~all', 'v=spf1 mx -all']),
    );
    // The first record is kept so that surfaces can show what is published.
    expect(spf).toEqual({ record: 'v=spf1 include:_spf.google.com ~all', lookups: 0, all: null });
    expect(findings).toEqual([
      {
        id: 'spf.multiple',
        severity: 'critical',
        args: ['v=spf1 include:_spf.google.com ~all | v=spf1 mx -all', 'example.com'],
      },
    ]);
  });

  it('reports spf.syntax with the offending term', async () => {
    const { spf, findings } = await evaluateSpf('example.com', withSpf('v=spf1 ip4:192.0.2.300 ~all'));
    expect(spf?.record).toBe('v=spf1 ip4:192.0.2.300 ~all');
    expect(findings).toEqual([
      {
        id: 'spf.syntax',
        severity: 'critical',
        args: ['v=spf1 ip4:192.0.2.300 ~all', 'ip4:192.0.2.300', 'RFC 7208 §5.6'],
      },
    ]);
  });
});

/** n include-only records in a row under example.net: chain0 → chain1 → … → chain(n-1). */
function includeChain(n: number): Record<string, FakeZoneEntry> {
  const zone: Record<string, FakeZoneEntry> = {};
  for (let i = 0; i < n; i++) {
    zone[`chain${i}.example.net`] = {
      TXT: [i < n - 1 ? `v=spf1 include:chain${i + 1}.example.net -all` : 'v=spf1 ip4:192.0.2.1 -all'],
    };
  }
  return zone;
}

describe('lookup counting (RFC 7208 §4.6.4)', () => {
  it('counts mx as one lookup however many MX hosts there are', async () => {
    const resolver = withSpf('v=spf1 mx a ptr:example.com ip4:192.0.2.1 -all');
    const { spf } = await evaluateSpf('example.com', resolver);
    expect(spf?.lookups).toBe(3);
  });

  it('counts terms with message macros without querying them', async () => {
    const resolver = withSpf('v=spf1 exists:%{i}._spf.%{d} include:%{l}.spf.example.net -all');
    const { spf } = await evaluateSpf('example.com', resolver);
    expect(spf?.lookups).toBe(2);
    expect(resolver.log).toEqual(['example.com TXT']);
  });

  it('follows a target whose only macro is %{d}, the current domain (RFC 7208 §7.2, §7.3)', async () => {
    const resolver = withSpf('v=spf1 include:%{d2}.spf.example.net redirect=%{dr}.example.org', {
      'example.com.spf.example.net': { TXT: ['v=spf1 exists:%{d1}.example.org -all'] },
      'net.example.org': { A: ['127.0.0.2'] },
      'com.example.example.org': { TXT: ['v=spf1 -all'] },
    });
    const { spf } = await evaluateSpf('example.com', resolver);
    expect(spf?.lookups).toBe(3);
    expect(spf?.voidLookups).toBe(0);
    expect(resolver.log).toEqual(
      expect.arrayContaining([
        'example.com.spf.example.net TXT',
        'com.example.example.org TXT',
        // Inside the include, %{d} is the included domain (§5.2): its rightmost label is "net".
        'net.example.org A',
      ]),
    );
  });

  it('counts a name included twice twice, but fetches it once', async () => {
    const resolver = withSpf('v=spf1 include:_spf.google.com include:_spf.google.com ~all');
    const { spf } = await evaluateSpf('example.com', resolver);
    expect(spf?.lookups).toBe(8);
    expect(resolver.log.filter((q) => q === '_spf.google.com TXT')).toHaveLength(1);
    expect(resolver.log.filter((q) => q === '_netblocks.google.com TXT')).toHaveLength(1);
  });

  it('counts a redirect and the terms of its target', async () => {
    const resolver = withSpf('v=spf1 redirect=_spf.example.net', {
      '_spf.example.net': { TXT: ['v=spf1 mx include:_spf.google.com -all'] },
    });
    const { spf, findings } = await evaluateSpf('example.com', resolver);
    expect(spf?.lookups).toBe(6);
    expect(spf?.all).toBe('-all');
    expect(findings).toEqual([]);
  });

  it('ignores a redirect when the record has an all mechanism (§6.1)', async () => {
    const resolver = withSpf('v=spf1 -all redirect=_spf.example.net', {
      '_spf.example.net': { TXT: ['v=spf1 +all'] },
    });
    const { spf, findings } = await evaluateSpf('example.com', resolver);
    expect(spf?.lookups).toBe(0);
    expect(findings).toEqual([]);
    expect(resolver.log).toEqual(['example.com TXT']);
  });

  it('does not report 10 lookups', async () => {
    const resolver = withSpf('v=spf1 include:chain0.example.net -all', includeChain(10));
    const { spf, findings } = await evaluateSpf('example.com', resolver);
    expect(spf?.lookups).toBe(10);
    expect(ids(findings)).not.toContain('spf.too-many-lookups');
  });

  it('reports spf.too-many-lookups past 10, listing the count and the chain', async () => {
    const resolver = withSpf('v=spf1 include:_spf.google.com include:_spf.example.net mx ~all', {
      '_spf.example.net': { TXT: ['v=spf1 include:servers.example.org a:mail.example.org ~all'] },
      'servers.example.org': { TXT: ['v=spf1 include:_spf.google.com ~all'] },
      'mail.example.org': { A: ['192.0.2.25'] },
    });
    const { spf, findings } = await evaluateSpf('example.com', resolver);
    // 3 at the top, 3 under Google, 2 under _spf.example.net, 1 + 3 more for Google again.
    expect(spf?.lookups).toBe(12);
    expect(findings).toEqual([
      {
        id: 'spf.too-many-lookups',
        severity: 'critical',
        args: [
          '12',
          'include:_spf.google.com → [include:_netblocks.google.com, include:_netblocks2.google.com, include:_netblocks3.google.com], ' +
            'include:_spf.example.net → [include:servers.example.org → [include:_spf.google.com → [include:_netblocks.google.com, include:_netblocks2.google.com, include:_netblocks3.google.com]], a:mail.example.org], mx',
        ],
      },
    ]);
  });

  it('stops fetching past 20 lookups but keeps counting what it saw', async () => {
    const zone: Record<string, FakeZoneEntry> = {};
    const wide = (prefix: string) =>
      [0, 1, 2, 3, 4].map((i) => `include:${prefix}${i}.example.net`).join(' ');
    for (let i = 0; i < 5; i++) zone[`w${i}.example.net`] = { TXT: [`v=spf1 ${wide(`x${i}-`)} -all`] };
    const resolver = withSpf(`v=spf1 ${wide('w')} -all`, zone);
    const { spf, findings } = await evaluateSpf('example.com', resolver);
    // 5 includes at the top, 25 below them; the 25 targets are past the cap and never fetched.
    expect(spf?.lookups).toBe(30);
    expect(resolver.log).toHaveLength(6);
    expect(findings.find((f) => f.id === 'spf.too-many-lookups')?.args?.[0]).toBe('30+');
    expect(spf?.tree?.children[0]?.children[0]?.error).toBe('not-expanded');
  });

  it('stops following a chain deeper than any passing record could go', async () => {
    const resolver = withSpf('v=spf1 include:chain0.example.net -all', includeChain(40));
    const { spf, findings } = await evaluateSpf('example.com', resolver);
    expect(spf?.lookups).toBe(11);
    expect(resolver.log).toHaveLength(11);
    expect(findings.find((f) => f.id === 'spf.too-many-lookups')?.args?.[0]).toBe('11+');
  });

  it('guards an include loop and reports it as never finishing', async () => {
    const resolver = withSpf('v=spf1 include:a.example.net -all', {
      'a.example.net': { TXT: ['v=spf1 include:b.example.net -all'] },
      'b.example.net': { TXT: ['v=spf1 include:a.example.net -all'] },
    });
    const { spf, findings } = await evaluateSpf('example.com', resolver);
    expect(spf?.lookups).toBe(3);
    expect(findings).toEqual([
      {
        id: 'spf.too-many-lookups',
        severity: 'critical',
        args: ['∞', 'include:a.example.net → [include:b.example.net → [include:a.example.net ↺]]'],
      },
    ]);
    expect(resolver.log.filter((q) => q === 'a.example.net TXT')).toHaveLength(1);
  });

  it('guards a record that includes itself', async () => {
    const { findings } = await evaluateSpf('example.com', withSpf('v=spf1 include:example.com -all'));
    expect(findings[0]?.args?.[0]).toBe('∞');
  });
});

describe('spf.void-lookups', () => {
  it('reports more than two lookups that find nothing, naming them', async () => {
    const resolver = withSpf(
      'v=spf1 include:gone1.example.net include:gone2.example.net a:old.example.com mx:example.com exists:check.example.org ~all',
      { 'old.example.com': { TXT: ['not an address'] }, 'check.example.org': { A: ['127.0.0.2'] } },
    );
    const { spf, findings } = await evaluateSpf('example.com', resolver);
    expect(spf?.voidLookups).toBe(4);
    const voids = findings.find((f) => f.id === 'spf.void-lookups');
    expect(voids?.severity).toBe('warning');
    expect(voids?.args?.[0]).toBe('4');
    expect(voids?.args?.[1]?.split(', ')).toEqual([
      'example.com',
      'gone1.example.net',
      'gone2.example.net',
      'old.example.com',
    ]);
  });

  it('does not report two void lookups', async () => {
    const resolver = withSpf('v=spf1 a:old.example.com include:gone.example.net ~all');
    const { spf, findings } = await evaluateSpf('example.com', resolver);
    expect(spf?.voidLookups).toBe(2);
    expect(ids(findings)).not.toContain('spf.void-lookups');
  });

  it('counts an a: target with only an AAAA record as answered', async () => {
    const resolver = withSpf('v=spf1 a:v6.example.com ~all', {
      'v6.example.com': { AAAA: ['2001:db8::25'] },
    });
    const { spf } = await evaluateSpf('example.com', resolver);
    expect(spf?.voidLookups).toBe(0);
  });

  it('resolves bare a and mx on the record’s own domain, but not macro targets', async () => {
    const resolver = withSpf('v=spf1 a mx exists:%{i}.bl.example.net ~all');
    await evaluateSpf('example.com', resolver);
    expect([...resolver.log].sort()).toEqual([
      'example.com A',
      'example.com AAAA',
      'example.com MX',
      'example.com TXT',
    ]);
  });
});

describe('spf.include-broken', () => {
  it('reports an include of a name that does not exist', async () => {
    const { findings } = await evaluateSpf('example.com', withSpf('v=spf1 include:_spf.gone.example -all'));
    expect(findings).toEqual([
      {
        id: 'spf.include-broken',
        severity: 'critical',
        args: ['include:_spf.gone.example', 'example.com', 'NXDOMAIN'],
      },
    ]);
  });

  it('reports an include of a name without an SPF record, showing what it has', async () => {
    const resolver = withSpf('v=spf1 include:_spf.example.net -all', {
      '_spf.example.net': { TXT: ['some-verification=1'] },
    });
    const { findings } = await evaluateSpf('example.com', resolver);
    expect(findings).toEqual([
      {
        id: 'spf.include-broken',
        severity: 'critical',
        args: ['include:_spf.example.net', 'example.com', 'some-verification=1'],
      },
    ]);
  });

  it('reports a broken redirect deeper in the tree, naming the record that points to it', async () => {
    const resolver = withSpf('v=spf1 include:_spf.example.net -all', {
      '_spf.example.net': { TXT: ['v=spf1 redirect=_spf2.example.net'] },
      '_spf2.example.net': { A: ['192.0.2.1'] },
    });
    const { findings } = await evaluateSpf('example.com', resolver);
    expect(findings).toEqual([
      {
        id: 'spf.include-broken',
        severity: 'critical',
        args: ['redirect=_spf2.example.net', '_spf.example.net', 'NODATA'],
      },
    ]);
  });

  it('reports an included record with a syntax error', async () => {
    const resolver = withSpf('v=spf1 include:_spf.example.net -all', {
      '_spf.example.net': { TXT: ['v=spf1 ipv4:192.0.2.1 -all'] },
    });
    const { findings } = await evaluateSpf('example.com', resolver);
    expect(findings[0]).toMatchObject({
      id: 'spf.include-broken',
      args: ['include:_spf.example.net', 'example.com', 'v=spf1 ipv4:192.0.2.1 -all'],
    });
  });
});

describe('the all mechanism', () => {
  it('reports spf.pass-all for +all', async () => {
    const { spf, findings } = await evaluateSpf('example.com', withSpf('v=spf1 mx +all'));
    expect(spf?.all).toBe('+all');
    expect(findings).toEqual([
      {
        id: 'spf.pass-all',
        severity: 'critical',
        args: ['example.com', 'v=spf1 mx +all', '+all', 'example.com'],
      },
    ]);
  });

  it('reports spf.pass-all for a bare all', async () => {
    const { spf, findings } = await evaluateSpf('example.com', withSpf('v=spf1 all'));
    expect(spf?.all).toBe('all');
    expect(ids(findings)).toEqual(['spf.pass-all']);
  });

  it('reports spf.pass-all when an included record passes everyone', async () => {
    const resolver = withSpf('v=spf1 include:_spf.example.net -all', {
      '_spf.example.net': { TXT: ['v=spf1 +all'] },
    });
    const { findings } = await evaluateSpf('example.com', resolver);
    expect(findings).toEqual([
      {
        id: 'spf.pass-all',
        severity: 'critical',
        args: ['_spf.example.net', 'v=spf1 +all', '+all', 'example.com → include:_spf.example.net'],
      },
    ]);
  });

  it('does not report a +all record included with a non-pass qualifier', async () => {
    const resolver = withSpf('v=spf1 ~include:_spf.example.net -all', {
      '_spf.example.net': { TXT: ['v=spf1 +all'] },
    });
    const { findings } = await evaluateSpf('example.com', resolver);
    expect(findings).toEqual([]);
  });

  it('reports spf.neutral-all for ?all', async () => {
    const { findings } = await evaluateSpf('example.com', withSpf('v=spf1 mx ?all'));
    expect(findings).toEqual([{ id: 'spf.neutral-all', severity: 'warning', args: ['v=spf1 mx ?all'] }]);
  });

  it('reports spf.neutral-all when there is neither all nor redirect', async () => {
    const { spf, findings } = await evaluateSpf('example.com', withSpf('v=spf1 mx'));
    expect(spf?.all).toBeNull();
    expect(ids(findings)).toEqual(['spf.neutral-all']);
  });

  it('takes the all of a redirect target', async () => {
    const resolver = withSpf('v=spf1 redirect=_spf.example.net', {
      '_spf.example.net': { TXT: ['v=spf1 mx ?all'] },
    });
    const { spf, findings } = await evaluateSpf('example.com', resolver);
    expect(spf?.all).toBe('?all');
    expect(ids(findings)).toEqual(['spf.neutral-all']);
  });

  it('does not report -all or ~all', async () => {
    for (const record of ['v=spf1 mx -all', 'v=spf1 mx ~all']) {
      const { findings } = await evaluateSpf('example.com', withSpf(record));
      expect(findings).toEqual([]);
    }
  });
});

describe('spf.ptr', () => {
  it('reports the ptr mechanism (RFC 7208 §5.5)', async () => {
    const { findings } = await evaluateSpf('example.com', withSpf('v=spf1 ptr -all'));
    expect(findings).toEqual([
      { id: 'spf.ptr', severity: 'warning', args: ['example.com', 'v=spf1 ptr -all'] },
    ]);
  });
});

describe('isParked', () => {
  const summary = (record: string) => ({ record, lookups: 0, all: '-all' });

  it('is true for a null MX with v=spf1 -all', () => {
    expect(isParked(false, summary('v=spf1 -all'))).toBe(true);
    expect(isParked(false, summary('v=spf1  -all '))).toBe(true);
  });

  it('is false when the domain accepts mail or may send some', () => {
    expect(isParked(true, summary('v=spf1 -all'))).toBe(false);
    expect(isParked(false, summary('v=spf1 mx -all'))).toBe(false);
    expect(isParked(false, summary('v=spf1 ~all'))).toBe(false);
    expect(isParked(false, null)).toBe(false);
  });
});
