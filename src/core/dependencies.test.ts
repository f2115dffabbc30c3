import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FakeZoneEntry, fakeResolver } from '../../test/helpers/fake-resolver.ts';
import { GOOGLE_MX_HOSTS, googleWorkspaceZone } from '../../test/helpers/mail-zones.ts';
import { dependencyDomainOf, reportAddresses, watchDependencies } from './dependencies.ts';
import { bundledTranslator } from './i18n/bundled.ts';
import type { Bootstrap } from './rdap/index.ts';
import { buildReport } from './report.ts';
import type { DomainReport, SpfNode } from './types.ts';

const SOA = { mname: 'ns1.example.net', rname: 'hostmaster.example.net', serial: 1, minimum: 60 };
/** Registrable domains that exist: they answer their SOA. */
const existing = (...names: string[]): Record<string, FakeZoneEntry> =>
  Object.fromEntries(names.map((name) => [name, { SOA }]));

const leaf = (domain: string, via: SpfNode['via'], children: SpfNode[] = []): SpfNode => ({
  domain,
  record: null,
  via,
  children,
});

describe('which domain a dependency lives under', () => {
  it('is the registrable domain of the host (Public Suffix List)', () => {
    expect(dependencyDomainOf('backup.mx.gone-mailhost.co.uk', 'example.com')).toBe('gone-mailhost.co.uk');
    expect(dependencyDomainOf('_spf.Gone-Provider.com.', 'example.com')).toBe('gone-provider.com');
  });

  it('falls back to the default rule "*" for a TLD the list does not know', () => {
    expect(dependencyDomainOf('mx1.gone.zz', 'example.com')).toBe('gone.zz');
  });

  it('is none for the report’s own domain, IP literals, the root, macros and reserved names', () => {
    expect(dependencyDomainOf('mail.example.com', 'example.com')).toBeNull();
    expect(dependencyDomainOf('192.0.2.25', 'example.com')).toBeNull();
    expect(dependencyDomainOf('', 'example.com')).toBeNull();
    expect(dependencyDomainOf('%{d}.spf.gone.com', 'example.com')).toBeNull();
    expect(dependencyDomainOf('mail.corp.internal', 'example.com')).toBeNull();
  });
});

describe('DMARC report addresses (RFC 7489 §6.2, §6.4)', () => {
  it('reads rua and ruf mailto addresses, tag names in any case, without the size limit', () => {
    expect(
      reportAddresses(
        'v=DMARC1; p=reject; RUA=mailto:a@x.example!10m, mailto:b@y.example; ruf=mailto:c@z.example',
      ),
    ).toEqual(['a@x.example', 'b@y.example', 'c@z.example']);
  });

  it('ignores URIs that name no mailbox', () => {
    expect(reportAddresses('v=DMARC1; p=none; rua=https://reports.example/dmarc, mailto:nobody')).toEqual([]);
  });
});

describe('dependency domains that do not exist', () => {
  it('reports an MX host under an unregistered domain, one finding for all its hosts', async () => {
    const resolver = fakeResolver(existing('good-host.net'));
    const watch = watchDependencies('example.com', resolver);
    const outcome = await watch.judge({
      mx: ['mx1.gone-host.net', 'mx2.gone-host.net', 'mx.good-host.net'],
      nameservers: [],
    });
    expect(outcome.findings).toEqual([
      {
        id: 'mail.mx-unregistered',
        severity: 'critical',
        args: ['gone-host.net', 'mx1.gone-host.net, mx2.gone-host.net'],
      },
    ]);
    expect(resolver.log.filter((q) => q === 'gone-host.net SOA')).toHaveLength(1);
  });

  it('reports a name server under an unregistered domain', async () => {
    const watch = watchDependencies('example.com', fakeResolver(existing('dns-host.net')));
    const outcome = await watch.judge({ mx: [], nameservers: ['ns1.dns-host.net', 'ns2.gone-dns.com'] });
    expect(outcome.findings).toEqual([
      { id: 'dns.ns-unregistered', severity: 'critical', args: ['gone-dns.com', 'ns2.gone-dns.com'] },
    ]);
  });

  it('reports include and redirect targets anywhere in the SPF tree (RFC 7208 §5.2, §6.1)', async () => {
    const tree = leaf('example.com', 'root', [
      leaf('_spf.provider.com', 'include', [leaf('_spf.gone-sub.com', 'include')]),
      leaf('spf.gone-redirect.net', 'redirect'),
    ]);
    const watch = watchDependencies('example.com', fakeResolver(existing('provider.com')));
    const outcome = await watch.judge({ mx: [], nameservers: [], spfTree: tree });
    expect(outcome.findings).toEqual([
      {
        id: 'spf.include-unregistered',
        severity: 'critical',
        args: ['gone-redirect.net', 'redirect=spf.gone-redirect.net'],
      },
      {
        id: 'spf.include-unregistered',
        severity: 'critical',
        args: ['gone-sub.com', 'include:_spf.gone-sub.com'],
      },
    ]);
  });

  it('reports a rua or ruf address under an unregistered domain as a warning', async () => {
    const watch = watchDependencies('example.com', fakeResolver(existing('reports.example')));
    const outcome = await watch.judge({
      mx: [],
      nameservers: [],
      dmarcRecord: 'v=DMARC1; p=reject; rua=mailto:d@reports.example; ruf=mailto:f@gone-reports.com!1m',
    });
    expect(outcome.findings).toEqual([
      {
        id: 'dmarc.report-domain-unregistered',
        severity: 'warning',
        args: ['gone-reports.com', 'f@gone-reports.com'],
      },
    ]);
  });

  it('never asks about the report’s own domain', async () => {
    const resolver = fakeResolver({});
    const watch = watchDependencies('example.com', resolver);
    const outcome = await watch.judge({
      mx: ['mail.example.com'],
      nameservers: ['ns1.example.com'],
      dmarcRecord: 'v=DMARC1; p=none; rua=mailto:d@example.com',
    });
    expect(outcome.findings).toEqual([]);
    expect(resolver.log).toEqual([]);
  });
});

describe('only a real NXDOMAIN counts', () => {
  it('a domain that answers NOERROR without an SOA (NODATA) exists', async () => {
    const watch = watchDependencies('example.com', fakeResolver({ 'odd-host.net': { TXT: ['x'] } }));
    expect((await watch.judge({ mx: ['mx.odd-host.net'], nameservers: [] })).findings).toEqual([]);
  });

  it('a domain that is an alias exists, even when the alias leads nowhere', async () => {
    const watch = watchDependencies(
      'example.com',
      fakeResolver({ 'alias-host.net': { CNAME: 'gone.example' } }),
    );
    expect((await watch.judge({ mx: ['mx.alias-host.net'], nameservers: [] })).findings).toEqual([]);
  });

  it('a question that went unanswered is an error and leaves the check unknown, never "unregistered"', async () => {
    const resolver = fakeResolver({ 'slow-host.net': { fail: { reason: 'timeout' } } });
    const watch = watchDependencies('example.com', resolver);
    const outcome = await watch.judge({ mx: ['mx.slow-host.net'], nameservers: ['ns.slow-host.net'] });
    expect(outcome.findings).toEqual([]);
    expect(outcome.errors).toEqual([
      expect.objectContaining({ source: 'dns', code: 'timeout', query: 'slow-host.net SOA' }),
    ]);
    expect(outcome.unknown.sort()).toEqual(['mx', 'nameservers']);
  });
});

describe('when the questions go out', () => {
  it('asks each distinct registrable domain once, however many dependencies name it', async () => {
    const resolver = fakeResolver(existing('shared.net'));
    const watch = watchDependencies('example.com', resolver);
    await resolver.query('example.com', 'MX');
    await watch.judge({
      mx: ['mx1.shared.net', 'mx2.shared.net'],
      nameservers: ['ns1.shared.net'],
      spfTree: leaf('example.com', 'root', [leaf('_spf.shared.net', 'include')]),
      dmarcRecord: 'v=DMARC1; p=none; rua=mailto:d@shared.net',
    });
    expect(resolver.log.filter((q) => q.endsWith(' SOA'))).toEqual(['shared.net SOA']);
  });

  it('starts the SOA question the moment the MX or NS answer names the host', async () => {
    const resolver = fakeResolver({
      'example.com': {
        MX: [{ preference: 10, exchange: 'mx.provider.net' }],
        NS: ['ns1.dns-host.org'],
      },
    });
    const watch = watchDependencies('example.com', resolver);
    await watch.resolver.query('example.com', 'MX');
    await watch.resolver.query('example.com', 'NS');
    expect(resolver.log).toEqual([
      'example.com MX',
      'provider.net SOA',
      'example.com NS',
      'dns-host.org SOA',
    ]);
  });

  it('starts the SOA question of each SPF include as its record arrives, not redirects next to "all"', async () => {
    const resolver = fakeResolver({
      'example.com': {
        TXT: ['v=spf1 include:_spf.provider.net include:%{i}.macro.org redirect=_spf.ignored.org -all'],
      },
      '_spf.provider.net': { TXT: ['v=spf1 include:_spf.deeper.io ~all'] },
    });
    const watch = watchDependencies('example.com', resolver);
    await watch.resolver.query('example.com', 'TXT');
    expect(resolver.log).toEqual(['example.com TXT', 'provider.net SOA']);
    await watch.resolver.query('_spf.provider.net', 'TXT');
    expect(resolver.log.slice(2)).toEqual(['_spf.provider.net TXT', 'deeper.io SOA']);
  });

  it('starts the SOA question of each report address as the DMARC record arrives', async () => {
    const resolver = fakeResolver({
      '_dmarc.example.com': {
        TXT: ['v=DMARC1; p=reject; rua=mailto:d@reports.net; ruf=mailto:f@example.com'],
      },
    });
    const watch = watchDependencies('example.com', resolver);
    await watch.resolver.query('_dmarc.example.com', 'TXT');
    expect(resolver.log).toEqual(['_dmarc.example.com TXT', 'reports.net SOA']);
  });
});

describe('in a whole report', () => {
  const bootstrap: Bootstrap = {
    url: 'https://bootstrap.example/dns.json',
    baseUrlsFor: async () => ({
      ok: true,
      urls: ['https://rdap.example/'],
      source: 'bootstrap',
      requests: 0,
    }),
  };
  const zone = (extra: Record<string, FakeZoneEntry>): Record<string, FakeZoneEntry> => ({
    ...googleWorkspaceZone(),
    ...Object.fromEntries(GOOGLE_MX_HOSTS.map((host, i) => [host, { A: [`192.0.2.${i + 1}`] }])),
    ...existing('google.com', 'dns-host.net'),
    ...extra,
  });

  async function report(entries: Record<string, FakeZoneEntry>) {
    const resolver = fakeResolver(entries);
    const outcome = await buildReport('example.com', {
      dohUrl: 'https://doh.example/dns-query',
      rdapBootstrapUrl: bootstrap.url,
      fetch: async () => new Response('{}', { status: 404 }),
      now: () => Date.parse('2026-11-26T12:00:00Z'),
      translate: bundledTranslator('en'),
      timeoutMs: 1000,
      expiry: { warningDays: 30, criticalDays: 7 },
      resolver,
      bootstrap,
    });
    if (!outcome.ok) throw new Error(outcome.reason);
    return { report: outcome.report as DomainReport, log: resolver.log };
  }

  const apex = (ns: string[]) => ({ ...googleWorkspaceZone()['example.com'], NS: ns, SOA });

  it('says plainly who gets control: whoever registers the domain controls your DNS', async () => {
    const { report: r } = await report(
      zone({ 'example.com': apex(['ns1.dns-host.net', 'ns2.gone-dns-xyz.com']) }),
    );
    const finding = r.findings.find((f) => f.id === 'dns.ns-unregistered');
    expect(finding?.detail).toContain('Whoever registers gone-dns-xyz.com controls your DNS');
    expect(r.checks.nameservers).toEqual({ state: 'found', severity: 'critical' });
    expect(r.verdict).toBe('critical');
  });

  it('raises none of them for a healthy domain, and asks each dependency domain once', async () => {
    const { report: r, log } = await report(
      zone({ 'example.com': apex(['ns1.dns-host.net', 'ns2.dns-host.net']) }),
    );
    expect(r.findings.map((f) => f.id).filter((id) => id.endsWith('-unregistered'))).toEqual([]);
    expect(log.filter((q) => q.endsWith(' SOA')).sort()).toEqual([
      'dns-host.net SOA',
      'example.com SOA',
      'google.com SOA',
    ]);
  });

  it('leaves the check unknown and the report incomplete when the dependency question fails', async () => {
    const { report: r } = await report(
      zone({
        'example.com': apex(['ns1.dns-host.net', 'ns2.dns-host.net']),
        'google.com': { fail: { reason: 'servfail', types: ['SOA'] } },
      }),
    );
    expect(r.findings.map((f) => f.id)).not.toContain('mail.mx-unregistered');
    expect(r.checks.mx.state).toBe('unknown');
    expect(r.checks.spf.state).toBe('unknown');
    expect(r.complete).toBe(false);
    expect(r.errors).toContainEqual(expect.objectContaining({ query: 'google.com SOA' }));
  });
});

describe('any input', () => {
  const host = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom(
      'mx.gone.example',
      '192.0.2.1',
      '',
      '.',
      'a..b',
      '%{d}.x.com',
      'x.local',
      'ns.Example.COM.',
    ),
  );

  it('gives a result, never a throw, and asks each SOA once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(host, { maxLength: 8 }),
        fc.array(host, { maxLength: 4 }),
        fc.string(),
        async (mx, ns, dmarc) => {
          const resolver = fakeResolver({});
          const watch = watchDependencies('example.com', resolver);
          const outcome = await watch.judge({
            mx,
            nameservers: ns,
            dmarcRecord: `v=DMARC1; p=none; rua=${dmarc}`,
          });
          expect(Array.isArray(outcome.findings)).toBe(true);
          expect(new Set(resolver.log).size).toBe(resolver.log.length);
          expect(resolver.log.every((q) => q.endsWith(' SOA') && !q.startsWith('example.com '))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
