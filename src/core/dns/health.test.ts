import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeDohServer, startFakeDohServer } from '../../../test/helpers/fake-doh-server.ts';
import { type FakeResolver, type FakeZoneEntry, fakeResolver } from '../../../test/helpers/fake-resolver.ts';
import type { FetchLike } from '../types.ts';
import { createDohResolver } from './doh-client.ts';
import { checkDnsHealth } from './health.ts';
import type { DnsResult, QueryOptions, RRType } from './types.ts';

const SOA = { mname: 'ns1.dns-a.net', rname: 'hostmaster.example.com', serial: 1, minimum: 300 };

function zone(entry: Partial<FakeZoneEntry> = {}): Record<string, FakeZoneEntry> {
  return { 'example.com': { SOA, NS: ['ns1.dns-a.net', 'ns2.dns-b.org'], ...entry } };
}

function ids(findings: { id: string }[]): string[] {
  return findings.map((f) => f.id);
}

/** A validating resolver in front of a bogus zone: SERVFAIL unless the CD bit is set (RFC 4033 §5). */
function bogusFor(inner: FakeResolver, cdAlsoFails = false): FakeResolver {
  return {
    log: inner.log,
    async query(name: string, type: RRType, options?: QueryOptions): Promise<DnsResult> {
      const result = await inner.query(name, type, options);
      if (options?.cd && !cdAlsoFails) return result;
      return { ok: false, name, type, reason: 'servfail', message: 'the resolver answered SERVFAIL' };
    },
  };
}

describe('a healthy domain', () => {
  it('has its name servers sorted, a DNSSEC status and no findings or errors', async () => {
    const resolver = fakeResolver(zone({ NS: ['ns2.dns-b.org', 'NS1.dns-a.net.'] }), { ad: true });
    expect(await checkDnsHealth('example.com', resolver)).toEqual({
      dns: { nameservers: ['ns1.dns-a.net', 'ns2.dns-b.org'], dnssec: 'secure' },
      exists: true,
      findings: [],
      states: { nameservers: 'found', dnssec: 'found' },
      errors: [],
    });
  });

  it('is checked with NS and SOA only, without a CD query', async () => {
    const resolver = fakeResolver(zone(), { ad: true });
    await checkDnsHealth('example.com', resolver);
    expect(resolver.log.sort()).toEqual(['example.com NS', 'example.com SOA']);
  });
});

describe('dns.nxdomain', () => {
  it('appears when the domain does not exist, and says it all', async () => {
    const health = await checkDnsHealth('example.com', fakeResolver({}));
    expect(health.findings).toEqual([{ id: 'dns.nxdomain', severity: 'critical', args: ['example.com'] }]);
    expect(health.exists).toBe(false);
    expect(health.dns).toEqual({ nameservers: [], dnssec: 'unknown' });
  });

  it('is absent on a healthy domain', async () => {
    expect(
      ids((await checkDnsHealth('example.com', fakeResolver(zone(), { ad: true }))).findings),
    ).not.toContain('dns.nxdomain');
  });
});

describe('dns.single-nameserver', () => {
  it('appears with one NS record, naming it', async () => {
    const health = await checkDnsHealth(
      'example.com',
      fakeResolver(zone({ NS: ['ns1.dns-a.net'] }), { ad: true }),
    );
    expect(health.findings).toEqual([
      { id: 'dns.single-nameserver', severity: 'warning', args: ['example.com', '1', 'ns1.dns-a.net'] },
    ]);
  });

  it('appears when the apex answers without any NS record', async () => {
    const health = await checkDnsHealth('example.com', fakeResolver(zone({ NS: [] }), { ad: true }));
    expect(health.findings).toEqual([
      { id: 'dns.single-nameserver', severity: 'warning', args: ['example.com', '0', '—'] },
    ]);
  });

  it('is absent with two name servers', async () => {
    expect(
      ids((await checkDnsHealth('example.com', fakeResolver(zone(), { ad: true }))).findings),
    ).not.toContain('dns.single-nameserver');
  });

  it('is absent when the NS lookup failed: that is an error, not a finding', async () => {
    const resolver = fakeResolver(zone({ fail: { reason: 'timeout', types: ['NS'] } }), { ad: true });
    const health = await checkDnsHealth('example.com', resolver);
    expect(health.findings).toEqual([]);
    expect(health.errors).toEqual([
      { source: 'dns', code: 'timeout', message: 'timeout (fake)', query: 'example.com NS' },
    ]);
    expect(health.dns).toEqual({ nameservers: [], dnssec: 'secure' });
  });
});

describe('a registrable domain that is an alias', () => {
  it('gets no name server finding: a CNAME is not a zone apex', async () => {
    const resolver = fakeResolver(
      {
        'example.com': { CNAME: 'target.example.net' },
        'target.example.net': { NS: ['ns1.example.net'], SOA },
      },
      { ad: true },
    );
    const health = await checkDnsHealth('example.com', resolver);
    expect(ids(health.findings)).not.toContain('dns.single-nameserver');
  });
});

describe('dns.nameservers-single-provider', () => {
  it('appears when every NS host sits under one registrable domain', async () => {
    const resolver = fakeResolver(zone({ NS: ['b.ns.dnsprovider.net', 'a.ns.dnsprovider.net'] }), {
      ad: true,
    });
    const health = await checkDnsHealth('example.com', resolver);
    expect(health.findings).toEqual([
      {
        id: 'dns.nameservers-single-provider',
        severity: 'info',
        args: ['example.com', 'dnsprovider.net', 'a.ns.dnsprovider.net, b.ns.dnsprovider.net'],
      },
    ]);
  });

  it('is absent when the name servers are under different registrable domains', async () => {
    const resolver = fakeResolver(zone({ NS: ['ns1.provider.com', 'ns2.otherprovider.com'] }), { ad: true });
    expect((await checkDnsHealth('example.com', resolver)).findings).toEqual([]);
  });

  it('appears for name servers under a TLD the Public Suffix List does not know (a lab or private TLD)', async () => {
    const resolver = fakeResolver(zone({ NS: ['ns1.dnshost.test', 'ns2.DNSHOST.test.'] }), { ad: true });
    expect((await checkDnsHealth('example.com', resolver)).findings).toEqual([
      {
        id: 'dns.nameservers-single-provider',
        severity: 'info',
        args: ['example.com', 'dnshost.test', 'ns1.dnshost.test, ns2.dnshost.test'],
      },
    ]);
  });

  it('is absent for name servers under different domains of an unknown TLD', async () => {
    const resolver = fakeResolver(zone({ NS: ['ns1.dnshost.test', 'ns2.otherhost.test'] }), { ad: true });
    expect((await checkDnsHealth('example.com', resolver)).findings).toEqual([]);
  });

  it('is not raised on top of dns.single-nameserver', async () => {
    const resolver = fakeResolver(zone({ NS: ['ns1.dnsprovider.net'] }), { ad: true });
    expect(ids((await checkDnsHealth('example.com', resolver)).findings)).toEqual(['dns.single-nameserver']);
  });
});

describe('dns.dnssec-unsigned', () => {
  it('appears when the SOA answer is not authenticated (AD=0)', async () => {
    const health = await checkDnsHealth('example.com', fakeResolver(zone(), { ad: false }));
    expect(health.findings).toEqual([{ id: 'dns.dnssec-unsigned', severity: 'info', args: ['example.com'] }]);
    expect(health.dns.dnssec).toBe('insecure');
  });

  it('is absent when the answer is authenticated', async () => {
    const health = await checkDnsHealth('example.com', fakeResolver(zone(), { ad: true }));
    expect(ids(health.findings)).not.toContain('dns.dnssec-unsigned');
    expect(health.dns.dnssec).toBe('secure');
  });
});

describe('dns.dnssec-broken', () => {
  it('appears when the resolver fails without CD and answers with it', async () => {
    const resolver = bogusFor(fakeResolver(zone()));
    const health = await checkDnsHealth('example.com', resolver);
    expect(health.findings).toEqual([
      { id: 'dns.dnssec-broken', severity: 'critical', args: ['example.com'] },
    ]);
    expect(health.dns).toEqual({ nameservers: ['ns1.dns-a.net', 'ns2.dns-b.org'], dnssec: 'bogus' });
    expect(health.exists).toBe(true);
    expect(health.errors).toEqual([]);
    expect(resolver.log).toContain('example.com SOA +cd');
  });

  it('is absent, with status unknown and the error kept, when the CD query fails too', async () => {
    const health = await checkDnsHealth('example.com', bogusFor(fakeResolver(zone()), true));
    expect(health.findings).toEqual([]);
    expect(health.dns.dnssec).toBe('unknown');
    expect(health.exists).toBeNull();
    expect(health.errors.map((e) => e.query).sort()).toEqual(['example.com NS', 'example.com SOA']);
  });

  it('is absent on a healthy domain', async () => {
    expect(
      ids((await checkDnsHealth('example.com', fakeResolver(zone(), { ad: true }))).findings),
    ).not.toContain('dns.dnssec-broken');
  });

  it('asks no CD query when the lookup timed out rather than failed validation', async () => {
    const resolver = fakeResolver(zone({ fail: { reason: 'timeout', types: ['SOA'] } }), { ad: true });
    const health = await checkDnsHealth('example.com', resolver);
    expect(resolver.log.some((line) => line.endsWith('+cd'))).toBe(false);
    expect(health.errors).toEqual([
      { source: 'dns', code: 'timeout', message: 'timeout (fake)', query: 'example.com SOA' },
    ]);
  });
});

describe('lookups that fail', () => {
  it('become errors naming the query, with no finding and an unknown status', async () => {
    const health = await checkDnsHealth('example.com', fakeResolver(zone({ fail: { reason: 'http' } })));
    expect(health).toEqual({
      dns: { nameservers: [], dnssec: 'unknown' },
      exists: null,
      findings: [],
      states: { nameservers: 'unknown', dnssec: 'unknown' },
      errors: [
        { source: 'dns', code: 'http-status', message: 'http (fake)', query: 'example.com NS' },
        { source: 'dns', code: 'http-status', message: 'http (fake)', query: 'example.com SOA' },
      ],
    });
  });

  it('never produce dns.lookup-failed here: the report composer adds it from the errors', async () => {
    const health = await checkDnsHealth('example.com', fakeResolver(zone({ fail: { reason: 'timeout' } })));
    expect(ids(health.findings)).not.toContain('dns.lookup-failed');
  });
});

describe('over DoH against a resolver that validates', () => {
  let server: FakeDohServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function resolverFor(fault?: 'bogus') {
    server = await startFakeDohServer({
      authenticated: ['example.com'],
      records: [
        { name: 'example.com', type: 'SOA', data: SOA },
        { name: 'example.com', type: 'NS', data: 'ns1.dns-a.net' },
        { name: 'example.com', type: 'NS', data: 'ns2.dns-b.org' },
      ],
    });
    if (fault) {
      server.fault('example.com', 'SOA', fault);
      server.fault('example.com', 'NS', fault);
    }
    return createDohResolver({ url: server.url, fetch: fetch as FetchLike, now: () => 0 });
  }

  it('reports a signed domain as secure', async () => {
    const health = await checkDnsHealth('example.com', await resolverFor());
    expect(health.dns.dnssec).toBe('secure');
    expect(health.findings).toEqual([]);
  });

  it('reports a bogus domain as broken, with its name servers read through CD', async () => {
    const health = await checkDnsHealth('example.com', await resolverFor('bogus'));
    expect(ids(health.findings)).toEqual(['dns.dnssec-broken']);
    expect(health.dns).toEqual({ nameservers: ['ns1.dns-a.net', 'ns2.dns-b.org'], dnssec: 'bogus' });
    expect(server?.requests.map((r) => `${r.type}${r.cd ? ' +cd' : ''}`).sort()).toEqual([
      'NS',
      'NS +cd',
      'SOA',
      'SOA +cd',
    ]);
  });
});

describe('whatever the resolver says', () => {
  const reasons = ['timeout', 'network', 'http', 'malformed', 'mismatch', 'servfail', 'refused'] as const;
  const result = (type: RRType) =>
    fc
      .oneof(
        fc.record({
          ok: fc.constant(true as const),
          rcode: fc.constantFrom('NOERROR' as const, 'NXDOMAIN' as const),
          ad: fc.boolean(),
          hosts: fc.array(fc.domain(), { maxLength: 4 }),
          cnames: fc.array(fc.domain(), { maxLength: 2 }),
        }),
        fc.record({
          ok: fc.constant(false as const),
          reason: fc.constantFrom(...reasons),
          message: fc.string(),
        }),
      )
      .map((r): DnsResult => {
        if (!r.ok) return { ok: false, name: 'example.com', type, reason: r.reason, message: r.message };
        const data = type === 'SOA' ? SOA : undefined;
        const records = (data ? [data] : r.hosts).map((d) => ({
          name: 'example.com',
          type,
          ttl: 60,
          data: d,
        }));
        return { ok: true, name: 'example.com', type, rcode: r.rcode, ad: r.ad, records, cnames: r.cnames };
      });

  it('gives a consistent result and never throws', async () => {
    const catalogue = [
      'dns.nxdomain',
      'dns.dnssec-broken',
      'dns.single-nameserver',
      'dns.nameservers-single-provider',
      'dns.dnssec-unsigned',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.record({ ns: result('NS'), soa: result('SOA'), nsCd: result('NS'), soaCd: result('SOA') }),
        async (answers) => {
          const resolver = {
            query: async (_name: string, type: RRType, options?: QueryOptions) =>
              type === 'NS'
                ? options?.cd
                  ? answers.nsCd
                  : answers.ns
                : options?.cd
                  ? answers.soaCd
                  : answers.soa,
          };
          const health = await checkDnsHealth('example.com', resolver);
          for (const id of ids(health.findings)) expect(catalogue).toContain(id);
          if (health.exists === false) expect(ids(health.findings)).toEqual(['dns.nxdomain']);
          if (health.exists === null) expect(health.findings).toEqual([]);
          for (const error of health.errors) expect(error.query).toMatch(/^example\.com (NS|SOA)$/);
        },
      ),
      { numRuns: 500 },
    );
  });
});
