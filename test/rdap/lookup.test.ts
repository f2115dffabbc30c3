import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBootstrap, type LookupOptions, lookupRegistration } from '../../src/core/rdap/index.ts';
import { type RdapServer, startRdapServer, syntheticDomain } from '../helpers/rdap-server.ts';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW + days * DAY).toISOString();

let server: RdapServer;
beforeAll(async () => {
  server = await startRdapServer();
});
afterAll(() => server.stop());

function setup(overrides: Partial<LookupOptions> = {}) {
  const waits: number[] = [];
  const bootstrap = createBootstrap({
    url: server.bootstrapUrl,
    fetch: (input, init) => fetch(input, init),
    now: () => NOW,
    timeoutMs: 2_000,
    supplement: {
      rdap: [],
      noRdap: [{ tld: 'pe', lookup: 'https://punto.pe/', source: 'https://namebeta.com/tlds/pe' }],
    },
  });
  const options: LookupOptions = {
    fetch: (input, init) => fetch(input, init),
    now: () => NOW,
    bootstrap,
    timeoutMs: 2_000,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...overrides,
  };
  return { options, waits };
}

/** The server paths one lookup asked for. */
async function tracked<T>(run: () => Promise<T>): Promise<{ result: T; paths: string[] }> {
  const before = server.requests().length;
  const result = await run();
  return { result, paths: server.requests().slice(before) };
}

describe('lookupRegistration: bootstrap → registry → registrar', () => {
  it('a cold lookup of a thin .com costs bootstrap, registry and registrar; a warm one skips the bootstrap', async () => {
    const { options } = setup();
    const cold = await tracked(() => lookupRegistration('google.com', options));
    expect(cold.paths).toEqual([
      '/bootstrap.json',
      '/tld/com/domain/google.com',
      '/registrar/markmonitor/domain/GOOGLE.COM',
    ]);
    expect(cold.result.requests).toBe(3);
    const warm = await tracked(() => lookupRegistration('google.com', options));
    expect(warm.paths).toEqual(['/tld/com/domain/google.com', '/registrar/markmonitor/domain/GOOGLE.COM']);
    expect(warm.result.requests).toBe(2);
  });

  it('keeps the registry dates, takes the registrar contacts, and fills what the registry leaves out', async () => {
    const { result } = await tracked(() => lookupRegistration('google.com', setup().options));
    expect(result.errors).toEqual([]);
    expect(result.registration).toEqual({
      rdapUrl: `${server.url}/tld/com/domain/google.com`,
      registrar: {
        name: 'MarkMonitor Inc.',
        ianaId: '292',
        url: null,
        abuseEmail: 'abusecomplaints@markmonitor.com',
        // The registrar's own number (the registry lists another one).
        abusePhone: '+1.2083895770',
      },
      // Registry: 1997-09-15T04:00Z / 2028-09-14; the registrar says 07:00Z / 2028-09-13.
      created: '1997-09-15T04:00:00.000Z',
      expires: '2028-09-14T04:00:00.000Z',
      // The registry publishes no "last changed": the registrar's "last update" fills it.
      updated: '2019-09-09T15:39:04.000Z',
      status: [
        'client delete prohibited',
        'client transfer prohibited',
        'client update prohibited',
        'server delete prohibited',
        'server transfer prohibited',
        'server update prohibited',
      ],
      nameservers: ['ns1.google.com', 'ns2.google.com', 'ns3.google.com', 'ns4.google.com'],
      dnssecSigned: true,
    });
    expect(result.findings).toEqual([]);
  });

  it('a registrar that fails costs nothing but an errors entry', async () => {
    const { result } = await tracked(() => lookupRegistration('hhgames.com', setup().options));
    expect(result.registration?.expires).toBe('2026-07-04T19:21:02.000Z');
    expect(result.registration?.registrar?.abuseEmail).toBe('abuse@fabulous.com');
    expect(result.errors).toEqual([
      {
        source: 'rdap',
        code: 'http-status',
        message: 'registrar RDAP: server error (HTTP 503)',
        query: `${server.url}/registrar/down/domain/HHGAMES.COM`,
      },
    ]);
    expect(result.findings.map((f) => f.id)).toEqual(['registration.expired']);
  });

  it.each([
    ['nic.xyz', '/tld/xyz/domain/nic.xyz'],
    ['self-related.com', '/tld/com/domain/self-related.com'],
  ])('does not follow a related link back to the same object (%s)', async (name, path) => {
    const { result, paths } = await tracked(() => lookupRegistration(name, setup().options));
    expect(paths).toEqual(['/bootstrap.json', path]);
    expect(result.errors).toEqual([]);
    expect(result.registration).not.toBeNull();
  });

  it('ignores a registrar answer about another domain', async () => {
    server.setDomain('mixed-up.com', syntheticDomain({ name: 'mixed-up.com', expires: at(400) }), {
      registrar: syntheticDomain({ name: 'someone-else.com', abuseEmail: 'abuse@wrong.example' }),
    });
    const { result } = await tracked(() => lookupRegistration('mixed-up.com', setup().options));
    expect(result.registration?.registrar?.abuseEmail).toBe('abuse@registrar.example');
    expect(result.errors[0]?.message).toBe('registrar RDAP: answered for someone-else.com, not mixed-up.com');
  });

  it('ignores a registrar answer that is not a domain object', async () => {
    server.setDomain('odd-registrar.com', syntheticDomain({ name: 'odd-registrar.com' }), {
      registrar: { objectClassName: 'entity', handle: 'R-1' },
    });
    const { result } = await tracked(() => lookupRegistration('odd-registrar.com', setup().options));
    expect(result.registration?.registrar?.name).toBe('Example Registrar');
    expect(result.errors.map((e) => e.message)).toEqual([
      'registrar RDAP: answered with JSON that is not an RDAP domain object',
    ]);
  });

  it('follows a registry redirect and reports the final URL', async () => {
    const { result } = await tracked(() => lookupRegistration('moved.com', setup().options));
    expect(result.registration?.rdapUrl).toBe(`${server.url}/elsewhere/domain/moved.com`);
  });

  it('waits out a short 429 with the injected sleep', async () => {
    const { options, waits } = setup();
    const { result } = await tracked(() => lookupRegistration('rate-limited-once.com', options));
    expect(result.registration).not.toBeNull();
    expect(waits).toEqual([1000]);
    expect(result.requests).toBe(3);
  });
});

describe('lookupRegistration: when there is nothing to read', () => {
  it('no RDAP service for the TLD: registration null and no-rdap naming the registry lookup', async () => {
    const { result, paths } = await tracked(() => lookupRegistration('example.pe', setup().options));
    expect(result).toEqual({
      registration: null,
      findings: [{ id: 'registration.no-rdap', severity: 'info', args: ['pe', 'https://punto.pe/'] }],
      errors: [],
      requests: 1,
      state: 'unsupported',
    });
    expect(paths).toEqual(['/bootstrap.json']);
  });

  it("a TLD without a known web lookup points at IANA's page for it", async () => {
    const { result } = await tracked(() => lookupRegistration('example.zw', setup().options));
    expect(result.findings[0]?.args).toEqual(['zw', 'https://www.iana.org/domains/root/db/zw.html']);
  });

  it.each([
    ['html-503.com', 'server error (HTTP 503)', 'http-status'],
    ['invalid-json.com', 'answered with invalid JSON', 'malformed'],
    [
      'rate-limited-long.com',
      'rate limited by the RDAP server (HTTP 429, retry after 120 s)',
      'rate-limited',
    ],
    ['loop.com', expect.stringMatching(/^redirect loop/), 'http-status'],
    ['not-a-domain.com', 'answered with JSON that is not an RDAP domain object', 'malformed'],
  ])(
    '%s: lookup-failed with the reason, and an errors entry naming the URL and its code',
    async (name, reason, code) => {
      const { result } = await tracked(() => lookupRegistration(name, setup().options));
      const url = expect.stringContaining(server.url);
      expect(result.registration).toBeNull();
      expect(result.state).toBe('unknown');
      expect(result.findings).toEqual([
        { id: 'registration.lookup-failed', severity: 'warning', args: [reason, url] },
      ]);
      expect(result.errors).toEqual([
        expect.objectContaining({ source: 'rdap', code, message: reason, query: url }),
      ]);
    },
  );

  it('a registry that holds no such domain (404): not registered, which is no failure', async () => {
    const { result } = await tracked(() => lookupRegistration('no-such-domain.com', setup().options));
    expect(result).toMatchObject({
      registration: null,
      findings: [],
      errors: [],
      notFound: true,
      state: 'absent',
    });
  });

  it('a bootstrap file that cannot be fetched: lookup-failed, not a crash', async () => {
    server.failBootstrap(true);
    try {
      const { result } = await tracked(() => lookupRegistration('google.com', setup().options));
      expect(result.registration).toBeNull();
      expect(result.findings).toEqual([
        {
          id: 'registration.lookup-failed',
          severity: 'warning',
          args: ['RDAP bootstrap: bootstrap file answered HTTP 503', server.bootstrapUrl],
        },
      ]);
    } finally {
      server.failBootstrap(false);
    }
  });
});

describe('lookupRegistration: findings with an injected clock', () => {
  it('a registration expiring in 10 days is a warning, in 3 days critical', async () => {
    server.setDomain('acme-expiring.com', syntheticDomain({ name: 'acme-expiring.com', expires: at(10) }));
    server.setDomain('acme-urgent.com', syntheticDomain({ name: 'acme-urgent.com', expires: at(3) }));
    const { options } = setup();
    const warning = await lookupRegistration('acme-expiring.com', options);
    const critical = await lookupRegistration('acme-urgent.com', options);
    expect(warning.findings).toEqual([
      { id: 'registration.expires-soon', severity: 'warning', args: [at(10).slice(0, 10), '10'] },
    ]);
    expect(critical.findings).toEqual([
      { id: 'registration.expires-soon', severity: 'critical', args: [at(3).slice(0, 10), '3'] },
    ]);
  });

  it('the warning threshold is a setting', async () => {
    const { result } = await tracked(() =>
      lookupRegistration(
        'acme-expiring.com',
        setup({ thresholds: { warningDays: 5, criticalDays: 2 } }).options,
      ),
    );
    expect(result.findings).toEqual([]);
  });

  it('Norid publishes no expiry: no-expiry-published, and no transfer-lock warning for a ccTLD', async () => {
    const { result } = await tracked(() => lookupRegistration('norway.no', setup().options));
    expect(result.findings).toEqual([
      {
        id: 'registration.no-expiry-published',
        severity: 'info',
        args: [`${server.url}/tld/no/domain/norway.no`],
      },
    ]);
  });

  it('a gTLD domain without a transfer lock is warned about', async () => {
    server.setDomain('unlocked.com', syntheticDomain({ name: 'unlocked.com', status: ['active'] }));
    const { result } = await tracked(() => lookupRegistration('unlocked.com', setup().options));
    expect(result.findings).toEqual([
      { id: 'registration.no-transfer-lock', severity: 'warning', args: ['active'] },
    ]);
  });

  it('a domain on hold in redemption shows both, worst first for the composer to sort', async () => {
    server.setDomain(
      'lapsed.com',
      syntheticDomain({
        name: 'lapsed.com',
        expires: at(-20),
        status: ['redemption period', 'server hold', 'client transfer prohibited'],
      }),
    );
    const { result } = await tracked(() => lookupRegistration('lapsed.com', setup().options));
    expect(result.findings.map((f) => [f.id, f.severity])).toEqual([
      ['registration.expired', 'critical'],
      ['registration.redemption', 'critical'],
      ['registration.on-hold', 'critical'],
    ]);
  });
});
