import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FakeZoneEntry, fakeResolver } from '../../../test/helpers/fake-resolver.ts';
import type { DnsResult } from '../dns/types.ts';
import type { FindingSpec } from '../types.ts';
import { analyzeRouting, isIpLiteral } from './routing.ts';

const WEB = { A: ['198.51.100.80'], AAAA: ['2001:db8:80::1'] };

/** Healthy setups of providers.md's "Detection order", as real domains publish them. */
const healthy: Record<string, Record<string, FakeZoneEntry>> = {
  'Google Workspace': {
    'example.com': {
      ...WEB,
      MX: [
        { preference: 1, exchange: 'aspmx.l.google.com' },
        { preference: 5, exchange: 'alt1.aspmx.l.google.com' },
        { preference: 5, exchange: 'alt2.aspmx.l.google.com' },
      ],
      TXT: ['v=spf1 include:_spf.google.com ~all'],
    },
    'aspmx.l.google.com': { A: ['142.250.102.27'], AAAA: ['2a00:1450:4013:c00::1b'] },
    'alt1.aspmx.l.google.com': { A: ['142.250.153.27'], AAAA: ['2a00:1450:4013:c16::1a'] },
    'alt2.aspmx.l.google.com': { A: ['142.251.9.26'], AAAA: ['2a00:1450:4025:c03::1b'] },
  },
  'Microsoft 365': {
    'example.com': {
      ...WEB,
      MX: [{ preference: 0, exchange: 'example-com.mail.protection.outlook.com' }],
      TXT: ['MS=ms12345678', 'v=spf1 include:spf.protection.outlook.com -all'],
    },
    // One name, one address, and still redundant: Microsoft runs it (no single-point finding).
    'example-com.mail.protection.outlook.com': { A: ['52.101.68.0'] },
  },
  'Mimecast in front of Microsoft 365': {
    'example.com': {
      ...WEB,
      MX: [
        { preference: 10, exchange: 'eu-smtp-inbound-1.mimecast.com' },
        { preference: 10, exchange: 'eu-smtp-inbound-2.mimecast.com' },
      ],
      TXT: [
        'v=spf1 include:_netblocks.mimecast.com include:spf.protection.outlook.com -all',
        'MS=ms87654321',
      ],
    },
    'eu-smtp-inbound-1.mimecast.com': { A: ['195.130.217.211'] },
    'eu-smtp-inbound-2.mimecast.com': { A: ['91.220.42.211'] },
  },
  'self-hosted on two servers': {
    'example.com': {
      ...WEB,
      MX: [
        { preference: 10, exchange: 'mx1.example.com' },
        { preference: 20, exchange: 'mx2.example.com' },
      ],
      TXT: ['v=spf1 mx -all'],
    },
    'mx1.example.com': { A: ['203.0.113.10'], AAAA: ['2001:db8:10::25'] },
    'mx2.example.com': { A: ['203.0.113.20'] },
  },
};

function withApex(apex: FakeZoneEntry, hosts: Record<string, FakeZoneEntry> = {}) {
  return fakeResolver({ 'example.com': apex, ...hosts });
}

function ids(findings: FindingSpec[]): string[] {
  return findings.map((finding) => finding.id);
}

function finding(findings: FindingSpec[], id: string): FindingSpec | undefined {
  return findings.find((f) => f.id === id);
}

function expectNoRepeatedQuestion(log: string[]): void {
  expect(log.filter((question, i) => log.indexOf(question) !== i)).toEqual([]);
}

describe('analyzeRouting on healthy domains', () => {
  it.each(Object.keys(healthy))('reports no mail routing finding and no error for %s', async (name) => {
    const fake = fakeResolver(healthy[name] ?? {});
    const result = await analyzeRouting('example.com', fake, {});
    expect(result.findings).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.acceptsMail).toBe(true);
    expectNoRepeatedQuestion(fake.log);
  });

  it('detects Google Workspace, its DKIM selector and every MX host address', async () => {
    const result = await analyzeRouting('example.com', fakeResolver(healthy['Google Workspace'] ?? {}));
    expect(result.provider).toMatchObject({ id: 'google-workspace', name: 'Google Workspace' });
    expect(result.provider?.statusUrl).toMatch(/^https:\/\//);
    expect(result.gateway).toBeNull();
    expect(result.dkimSelectors).toEqual(['google']);
    expect(result.highAvailability).toBe(true);
    expect(result.mx[0]).toEqual({
      preference: 1,
      exchange: 'aspmx.l.google.com',
      addresses: ['142.250.102.27', '2a00:1450:4013:c00::1b'],
    });
    expect(result.mx.map((host) => host.exchange)).toEqual([
      'aspmx.l.google.com',
      'alt1.aspmx.l.google.com',
      'alt2.aspmx.l.google.com',
    ]);
  });

  it('orders MX hosts of equal preference by name, whatever order the resolver gave', async () => {
    const zone = healthy['Google Workspace'] ?? {};
    const apex = zone['example.com'] ?? {};
    const rotated = {
      ...zone,
      'example.com': {
        ...apex,
        MX: [
          { preference: 5, exchange: 'alt2.aspmx.l.google.com' },
          { preference: 1, exchange: 'aspmx.l.google.com' },
          { preference: 5, exchange: 'alt1.aspmx.l.google.com' },
        ],
      },
    };
    const result = await analyzeRouting('example.com', fakeResolver(rotated));
    expect(result.mx.map((host) => `${host.preference} ${host.exchange}`)).toEqual([
      '1 aspmx.l.google.com',
      '5 alt1.aspmx.l.google.com',
      '5 alt2.aspmx.l.google.com',
    ]);
  });

  it('detects Microsoft 365 with its selectors', async () => {
    const result = await analyzeRouting('example.com', fakeResolver(healthy['Microsoft 365'] ?? {}));
    expect(result.provider?.id).toBe('microsoft-365');
    expect(result.dkimSelectors).toEqual(['selector1', 'selector2']);
  });

  it('reports the gateway and the mailbox provider behind it', async () => {
    const result = await analyzeRouting(
      'example.com',
      fakeResolver(healthy['Mimecast in front of Microsoft 365'] ?? {}),
    );
    expect(result.gateway?.id).toBe('mimecast');
    expect(result.provider?.id).toBe('microsoft-365');
    expect(result.dkimSelectors).toEqual(['selector1', 'selector2']);
    expect(result.highAvailability).toBe(true);
  });

  it('calls an MX under the domain itself self-hosted, not highly available', async () => {
    const result = await analyzeRouting(
      'example.com',
      fakeResolver(healthy['self-hosted on two servers'] ?? {}),
    );
    expect(result.provider?.id).toBe('self-hosted');
    expect(result.gateway).toBeNull();
    expect(result.highAvailability).toBe(false);
  });
});

describe('provider detection', () => {
  it('infers Google Workspace behind Proofpoint from the SPF include', async () => {
    const fake = withApex(
      {
        MX: [{ preference: 10, exchange: 'mxa-001.gslb.pphosted.com' }],
        TXT: ['v=spf1 include:_spf-us.ppe-hosted.com include:_spf.google.com -all'],
      },
      { 'mxa-001.gslb.pphosted.com': { A: ['148.163.129.50'] } },
    );
    const result = await analyzeRouting('example.com', fake);
    expect([result.gateway?.id, result.provider?.id]).toEqual(['proofpoint', 'google-workspace']);
  });

  it('infers Microsoft 365 behind a gateway from the MS= record alone', async () => {
    const fake = withApex(
      { MX: [{ preference: 10, exchange: 'mx1.hc123-45.eu.iphmx.com' }], TXT: ['MS=ms4455', 'v=spf1 -all'] },
      { 'mx1.hc123-45.eu.iphmx.com': { A: ['68.232.129.1'] } },
    );
    const result = await analyzeRouting('example.com', fake);
    expect([result.gateway?.id, result.provider?.id]).toEqual(['cisco-secure-email', 'microsoft-365']);
  });

  it('uses the apex TXT answer the caller already has instead of asking again', async () => {
    const fake = withApex(
      { MX: [{ preference: 10, exchange: 'us-smtp-inbound-1.mimecast.com' }] },
      { 'us-smtp-inbound-1.mimecast.com': { A: ['205.139.110.1'] } },
    );
    const txt: DnsResult = {
      ok: true,
      name: 'example.com',
      type: 'TXT',
      rcode: 'NOERROR',
      ad: false,
      cnames: [],
      records: [{ name: 'example.com', type: 'TXT', ttl: 300, data: 'v=spf1 include:zoho.com ~all' }],
    };
    const result = await analyzeRouting('example.com', fake, { txt });
    expect(result.provider?.id).toBe('zoho');
    expect(fake.log).not.toContain('example.com TXT');
  });

  it('reports a failed apex TXT query as an error when the provider behind a gateway depends on it', async () => {
    const fake = withApex(
      {
        MX: [{ preference: 10, exchange: 'us-smtp-inbound-1.mimecast.com' }],
        fail: { reason: 'timeout', types: ['TXT'] },
      },
      { 'us-smtp-inbound-1.mimecast.com': { A: ['205.139.110.1'] } },
    );
    const result = await analyzeRouting('example.com', fake);
    expect(result.gateway?.id).toBe('mimecast');
    expect(result.provider).toBeNull();
    expect(result.errors).toEqual([expect.objectContaining({ source: 'dns', query: 'example.com TXT' })]);
  });

  it('detects the provider an aliased MX name leads to', async () => {
    const fake = withApex(
      { ...WEB, MX: [{ preference: 10, exchange: 'mail.example.com' }] },
      {
        'mail.example.com': { CNAME: 'aspmx.l.google.com' },
        'aspmx.l.google.com': { A: ['142.250.102.27'] },
      },
    );
    const result = await analyzeRouting('example.com', fake);
    expect(result.provider?.id).toBe('google-workspace');
    expect(ids(result.findings)).toEqual(['mail.mx-is-cname']);
  });

  it('names no provider for an unknown MX outside the domain', async () => {
    const fake = withApex(
      { ...WEB, MX: [{ preference: 10, exchange: 'mail.isp.example.net' }] },
      { 'mail.isp.example.net': { A: ['192.0.2.1', '192.0.2.2'] } },
    );
    const result = await analyzeRouting('example.com', fake);
    expect(result.provider).toBeNull();
    expect(result.dkimSelectors).toEqual([]);
  });
});

describe('mail.no-mx', () => {
  it('is a warning naming the domain when the MX answer is NOERROR without records', async () => {
    const result = await analyzeRouting('example.com', withApex({ ...WEB }));
    expect(result.findings).toEqual([{ id: 'mail.no-mx', severity: 'warning', args: ['example.com'] }]);
    expect(result.mx).toEqual([]);
  });
});

describe('mail.null-mx', () => {
  it('is info, marks the domain as accepting no mail and resolves no host', async () => {
    const fake = withApex({ ...WEB, MX: [{ preference: 0, exchange: '.' }] });
    const result = await analyzeRouting('example.com', fake);
    expect(result.findings).toEqual([{ id: 'mail.null-mx', severity: 'info', args: ['example.com'] }]);
    expect(result.acceptsMail).toBe(false);
    expect(result.provider).toBeNull();
    expect(fake.log.filter((q) => !q.startsWith('example.com '))).toEqual([]);
  });

  it('is not a null MX when the root target has a preference other than 0 or sits among other MX', async () => {
    const lone = await analyzeRouting(
      'example.com',
      withApex({ ...WEB, MX: [{ preference: 10, exchange: '.' }] }),
    );
    expect(lone.acceptsMail).toBe(true);
    expect(lone.findings).toEqual([{ id: 'mail.mx-unresolvable', severity: 'critical', args: ['.'] }]);

    const mixed = await analyzeRouting(
      'example.com',
      withApex(
        {
          ...WEB,
          MX: [
            { preference: 0, exchange: '.' },
            { preference: 10, exchange: 'mx1.example.com' },
          ],
        },
        { 'mx1.example.com': { A: ['203.0.113.10', '203.0.113.11'] } },
      ),
    );
    expect(ids(mixed.findings)).toEqual(['mail.mx-unresolvable']);
    expect(finding(mixed.findings, 'mail.mx-unresolvable')?.severity).toBe('warning');
  });
});

describe('a failed MX query', () => {
  it('gives an error naming the query and no mail finding', async () => {
    const fake = withApex({ ...WEB, fail: { reason: 'servfail', types: ['MX'] } });
    const result = await analyzeRouting('example.com', fake);
    expect(result.findings).toEqual([]);
    expect(result.errors).toEqual([
      { source: 'dns', code: 'network', message: 'servfail (fake)', query: 'example.com MX' },
    ]);
  });
});

describe('mail.mx-unresolvable', () => {
  it('is critical when no MX host resolves (NXDOMAIN and NODATA)', async () => {
    const fake = withApex(
      {
        ...WEB,
        MX: [
          { preference: 10, exchange: 'mail.example.com' },
          { preference: 20, exchange: 'backup.example.com' },
        ],
      },
      { 'backup.example.com': { TXT: ['no address here'] } },
    );
    const result = await analyzeRouting('example.com', fake);
    expect(finding(result.findings, 'mail.mx-unresolvable')).toEqual({
      id: 'mail.mx-unresolvable',
      severity: 'critical',
      args: ['mail.example.com, backup.example.com'],
    });
  });

  it('is a warning when another MX host resolves', async () => {
    const fake = withApex(
      {
        ...WEB,
        MX: [
          { preference: 10, exchange: 'mx1.example.com' },
          { preference: 20, exchange: 'gone.example.com' },
        ],
      },
      { 'mx1.example.com': { A: ['203.0.113.10'] } },
    );
    const result = await analyzeRouting('example.com', fake);
    expect(finding(result.findings, 'mail.mx-unresolvable')).toEqual({
      id: 'mail.mx-unresolvable',
      severity: 'warning',
      args: ['gone.example.com'],
    });
  });

  it('is not raised for a host whose address lookup failed: that is an error', async () => {
    const fake = withApex(
      { ...WEB, MX: [{ preference: 10, exchange: 'mx1.example.com' }] },
      { 'mx1.example.com': { fail: { reason: 'timeout' } } },
    );
    const result = await analyzeRouting('example.com', fake);
    expect(ids(result.findings)).toEqual([]);
    expect(result.errors.map((error) => error.query)).toEqual(['mx1.example.com A', 'mx1.example.com AAAA']);
  });
});

describe('mail.mx-is-cname', () => {
  it('is a warning showing the alias chain, and the MX host records its canonical name', async () => {
    const fake = withApex(
      { ...WEB, MX: [{ preference: 10, exchange: 'mail.example.com' }] },
      {
        'mail.example.com': { CNAME: 'mail.hosting.example.net' },
        'mail.hosting.example.net': { A: ['192.0.2.30', '192.0.2.31'] },
      },
    );
    const result = await analyzeRouting('example.com', fake);
    expect(finding(result.findings, 'mail.mx-is-cname')).toEqual({
      id: 'mail.mx-is-cname',
      severity: 'warning',
      args: ['mail.example.com → mail.hosting.example.net'],
    });
    expect(result.mx[0]?.cname).toBe('mail.hosting.example.net');
    expect(result.mx[0]?.addresses).toEqual(['192.0.2.30', '192.0.2.31']);
  });
});

describe('mail.mx-is-ip', () => {
  it('is a warning naming the address, which is never looked up as a name', async () => {
    const fake = withApex(
      {
        ...WEB,
        MX: [
          { preference: 10, exchange: '192.0.2.25' },
          { preference: 20, exchange: 'mx1.example.com' },
        ],
      },
      { 'mx1.example.com': { A: ['192.0.2.26', '192.0.2.27'] } },
    );
    const result = await analyzeRouting('example.com', fake);
    expect(finding(result.findings, 'mail.mx-is-ip')).toEqual({
      id: 'mail.mx-is-ip',
      severity: 'warning',
      args: ['192.0.2.25'],
    });
    expect(fake.log.some((question) => question.startsWith('192.0.2.25 '))).toBe(false);
  });

  it('recognises IPv4, bracketed and IPv6 literals but not names made of digits', () => {
    expect(['192.0.2.1', '[192.0.2.1]', '2001:db8::25', '[ipv6:2001:db8::25]'].map(isIpLiteral)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['1.2.3', '1.2.3.256', '10.example.com', '1.2.3.4.5'].map(isIpLiteral)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('mail.single-point-of-failure', () => {
  it('is a warning when every MX host of an own server leads to one address', async () => {
    const fake = withApex(
      {
        ...WEB,
        MX: [
          { preference: 10, exchange: 'mx1.example.com' },
          { preference: 20, exchange: 'mx2.example.com' },
        ],
      },
      { 'mx1.example.com': { A: ['203.0.113.10'] }, 'mx2.example.com': { A: ['203.0.113.10'] } },
    );
    const result = await analyzeRouting('example.com', fake);
    expect(finding(result.findings, 'mail.single-point-of-failure')).toEqual({
      id: 'mail.single-point-of-failure',
      severity: 'warning',
      args: ['203.0.113.10', 'mx1.example.com, mx2.example.com'],
    });
  });

  it('counts a dual-stack server (one IPv4, one IPv6 address) as one machine', async () => {
    const fake = withApex(
      { ...WEB, MX: [{ preference: 10, exchange: 'mail.example.com' }] },
      { 'mail.example.com': { A: ['203.0.113.10'], AAAA: ['2001:db8::25'] } },
    );
    const result = await analyzeRouting('example.com', fake);
    expect(ids(result.findings)).toEqual(['mail.single-point-of-failure']);
  });

  it('is not raised for a known high-availability service with one address', async () => {
    const fake = withApex(
      { ...WEB, MX: [{ preference: 10, exchange: 'mx.zoho.eu' }] },
      { 'mx.zoho.eu': { A: ['185.20.209.1'] } },
    );
    const result = await analyzeRouting('example.com', fake);
    expect(result.findings).toEqual([]);
  });
});

describe('mail.shared-with-web', () => {
  it('is info naming the shared address, the MX host and the website', async () => {
    const fake = withApex({ A: ['198.51.100.80'], MX: [{ preference: 10, exchange: 'example.com' }] }, {});
    const result = await analyzeRouting('example.com', fake);
    expect(finding(result.findings, 'mail.shared-with-web')).toEqual({
      id: 'mail.shared-with-web',
      severity: 'info',
      args: ['198.51.100.80', 'example.com', 'example.com'],
    });
    expect(result.provider?.id).toBe('self-hosted');
    expectNoRepeatedQuestion(fake.log);
  });

  it('compares IPv6 addresses case-insensitively', async () => {
    const fake = withApex(
      { AAAA: ['2001:DB8::80'], MX: [{ preference: 10, exchange: 'mail.example.com' }] },
      { 'mail.example.com': { A: ['192.0.2.1', '192.0.2.2'], AAAA: ['2001:db8::80'] } },
    );
    const result = await analyzeRouting('example.com', fake);
    expect(finding(result.findings, 'mail.shared-with-web')?.args?.[0]).toBe('2001:db8::80');
  });
});

describe('questions asked', () => {
  it('asks MX, the apex addresses and TXT at once, then each MX host once per type', async () => {
    const fake = withApex(
      {
        ...WEB,
        MX: [
          { preference: 10, exchange: 'mx.example.com' },
          { preference: 20, exchange: 'MX.example.com.' },
        ],
      },
      { 'mx.example.com': { A: ['192.0.2.1'] } },
    );
    await analyzeRouting('Example.COM.', fake);
    expect(fake.log.slice(0, 4).sort()).toEqual([
      'example.com A',
      'example.com AAAA',
      'example.com MX',
      'example.com TXT',
    ]);
    expect(fake.log.slice(4).sort()).toEqual(['mx.example.com A', 'mx.example.com AAAA']);
  });

  it('never rejects and never repeats a question, whatever the MX data', async () => {
    const exchange = fc.oneof(
      fc.domain(),
      fc.string(),
      fc.ipV4(),
      fc.ipV6(),
      fc.constantFrom('', '.', 'example.com', 'mx.example.com', 'aspmx.l.google.com'),
    );
    const mx = fc.array(fc.record({ preference: fc.integer({ min: 0, max: 65535 }), exchange }), {
      maxLength: 5,
    });
    await fc.assert(
      fc.asyncProperty(mx, async (records) => {
        const fake = withApex({ ...WEB, MX: records }, { 'mx.example.com': { A: ['192.0.2.1'] } });
        const result = await analyzeRouting('example.com', fake);
        expect(Array.isArray(result.findings)).toBe(true);
        expectNoRepeatedQuestion(fake.log);
      }),
      { numRuns: 300 },
    );
  });
});
