import * as dnsPacket from '@leichtgewicht/dns-packet';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeDohRecord,
  type FakeDohServer,
  startFakeDohServer,
} from '../../../test/helpers/fake-doh-server.ts';
import type { FetchLike } from '../types.ts';
import { createMemoryDnsCache, type DnsCache, type DnsCacheEntry } from './cache.ts';
import { createDohResolver, type DohResolverOptions } from './doh-client.ts';
import type { DnsAnswer, DnsFailure, DnsResult } from './types.ts';

const SOA = { mname: 'ns1.example.com', rname: 'hostmaster.example.com', serial: 2026112601, minimum: 300 };

const ZONE: FakeDohRecord[] = [
  { name: 'example.com', type: 'SOA', ttl: 3600, data: SOA },
  { name: 'example.com', type: 'NS', ttl: 86400, data: 'NS1.Example.COM.' },
  { name: 'example.com', type: 'NS', ttl: 86400, data: 'ns2.example.net' },
  { name: 'example.com', type: 'A', ttl: 120, data: '192.0.2.10' },
  { name: 'example.com', type: 'A', ttl: 60, data: '192.0.2.11' },
  { name: 'example.com', type: 'AAAA', ttl: 120, data: '2001:db8::10' },
  { name: 'example.com', type: 'MX', ttl: 300, data: { preference: 10, exchange: 'Mail.Example.com.' } },
  {
    name: 'example.com',
    type: 'TXT',
    ttl: 300,
    data: ['v=spf1 include:_spf.example.net ', 'include:_spf.example.org -all'],
  },
  { name: 'utf8.example.com', type: 'TXT', ttl: 300, data: ['caf', 'é ünïcode'] },
  { name: 'www.example.com', type: 'CNAME', ttl: 200, data: 'edge.example.com' },
  { name: 'edge.example.com', type: 'CNAME', ttl: 100, data: 'origin.example.net' },
  { name: 'example.net', type: 'SOA', ttl: 3600, data: { ...SOA, mname: 'ns1.example.net', minimum: 600 } },
  { name: 'origin.example.net', type: 'A', ttl: 400, data: '198.51.100.7' },
  { name: 'parked.example.com', type: 'MX', ttl: 300, data: { preference: 0, exchange: '.' } },
  { name: 'zero.example.com', type: 'A', ttl: 0, data: '192.0.2.99' },
  { name: 'week.example.com', type: 'A', ttl: 604_800, data: '192.0.2.98' },
  { name: 'nosoa.example', type: 'A', ttl: 300, data: '192.0.2.1' },
];

let server: FakeDohServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setUp(overrides: Partial<DohResolverOptions> = {}, authenticated: string[] = []) {
  server = await startFakeDohServer({ records: ZONE, authenticated });
  let clock = 1_000_000;
  const resolver = createDohResolver({
    url: server.url,
    fetch: fetch as FetchLike,
    now: () => clock,
    timeoutMs: 1_000,
    ...overrides,
  });
  return {
    server,
    resolver,
    advance(seconds: number) {
      clock += seconds * 1000;
    },
  };
}

function answer(result: DnsResult): DnsAnswer {
  if (!result.ok) throw new Error(`expected an answer, got ${result.reason}: ${result.message}`);
  return result;
}

function failure(result: DnsResult): DnsFailure {
  if (result.ok) throw new Error(`expected a failure, got ${result.rcode}`);
  return result;
}

describe('the query on the wire (RFC 8484)', () => {
  it('POSTs application/dns-message with id 0, RD, and EDNS0 with the DO bit', async () => {
    const { server, resolver } = await setUp();
    await resolver.query('example.com', 'A');
    const [request] = server.requests;
    expect(request).toMatchObject({
      method: 'POST',
      contentType: 'application/dns-message',
      accept: 'application/dns-message',
      id: 0,
      name: 'example.com',
      type: 'A',
      rd: true,
      cd: false,
      dnssecOk: true,
    });
  });

  it('pads the query to a multiple of 128 octets (RFC 8467)', async () => {
    const { server, resolver } = await setUp();
    await resolver.query('example.com', 'A');
    await resolver.query('a-much-longer-name-than-the-first-one.example.com', 'TXT');
    for (const request of server.requests) expect(request.wire.length % 128).toBe(0);
  });

  it('sends GET with the query as unpadded base64url in ?dns=', async () => {
    const { server, resolver } = await setUp({ method: 'GET' });
    const result = await resolver.query('example.com', 'A');
    expect(answer(result).records).toHaveLength(2);
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(request?.accept).toBe('application/dns-message');
    const dns = new URL(request?.path ?? '', 'http://x').searchParams.get('dns') ?? '';
    expect(dns).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(dnsPacket.decode(new Uint8Array(Buffer.from(dns, 'base64url'))).questions?.[0]?.name).toBe(
      'example.com',
    );
  });

  it('accepts the endpoint as an RFC 8484 URI template', async () => {
    server = await startFakeDohServer({ records: ZONE });
    const resolver = createDohResolver({
      url: `${server.url}{?dns}`,
      fetch: fetch as FetchLike,
      now: () => 0,
      method: 'GET',
    });
    expect(answer(await resolver.query('example.com', 'A')).records).toHaveLength(2);
    expect(server.requests[0]?.path).toMatch(/^\/dns-query\?dns=[A-Za-z0-9_-]+$/);
  });

  it('sets the CD bit only when asked', async () => {
    const { server, resolver } = await setUp();
    await resolver.query('example.com', 'SOA', { cd: true });
    expect(server.requests[0]?.cd).toBe(true);
  });

  it('asks for the name in lower case without the trailing dot', async () => {
    const { server, resolver } = await setUp();
    const result = await resolver.query('Example.COM.', 'A');
    expect(server.requests[0]?.name).toBe('example.com');
    expect(answer(result).name).toBe('example.com');
  });
});

describe('reading answers', () => {
  it('returns the records with their TTLs', async () => {
    const { resolver } = await setUp();
    expect(answer(await resolver.query('example.com', 'A'))).toEqual({
      ok: true,
      name: 'example.com',
      type: 'A',
      rcode: 'NOERROR',
      ad: false,
      records: [
        { name: 'example.com', type: 'A', ttl: 120, data: '192.0.2.10' },
        { name: 'example.com', type: 'A', ttl: 60, data: '192.0.2.11' },
      ],
      cnames: [],
    });
  });

  it('lower-cases host names and drops the trailing dot', async () => {
    const { resolver } = await setUp();
    const ns = answer(await resolver.query('example.com', 'NS'));
    expect(ns.records.map((r) => r.data)).toEqual(['ns1.example.com', 'ns2.example.net']);
    const mx = answer(await resolver.query('example.com', 'MX'));
    expect(mx.records[0]?.data).toEqual({ preference: 10, exchange: 'mail.example.com' });
  });

  it('gives the null MX (RFC 7505) an empty exchange', async () => {
    const { resolver } = await setUp();
    const mx = answer(await resolver.query('parked.example.com', 'MX'));
    expect(mx.records.map((r) => r.data)).toEqual([{ preference: 0, exchange: '' }]);
  });

  it('joins the strings of one TXT record without separators and decodes UTF-8', async () => {
    const { resolver } = await setUp();
    const spf = answer(await resolver.query('example.com', 'TXT'));
    expect(spf.records.map((r) => r.data)).toEqual([
      'v=spf1 include:_spf.example.net include:_spf.example.org -all',
    ]);
    const utf8 = answer(await resolver.query('utf8.example.com', 'TXT'));
    expect(utf8.records[0]?.data).toBe('café ünïcode');
  });

  it('reads the SOA fields', async () => {
    const { resolver } = await setUp();
    const soa = answer(await resolver.query('example.com', 'SOA'));
    expect(soa.records[0]?.data).toEqual(SOA);
  });

  it('gives an RRset in one order whatever order the server sent it: addresses by number, text by code point', async () => {
    const rotated = (records: FakeDohRecord[]) => [records, [...records].reverse()];
    const sets: FakeDohRecord[] = [
      { name: 'mx.example.org', type: 'A', ttl: 60, data: '198.51.100.126' },
      { name: 'mx.example.org', type: 'A', ttl: 60, data: '198.51.100.9' },
      { name: 'mx.example.org', type: 'A', ttl: 60, data: '192.0.2.200' },
      { name: 'mx.example.org', type: 'AAAA', ttl: 60, data: '2001:db8:125::1' },
      { name: 'mx.example.org', type: 'AAAA', ttl: 60, data: '2001:db8:9::ff' },
      { name: 'mx.example.org', type: 'AAAA', ttl: 60, data: '2001:db8:125::' },
      { name: '_dmarc.example.org', type: 'TXT', ttl: 60, data: 'v=DMARC1; p=reject' },
      { name: '_dmarc.example.org', type: 'TXT', ttl: 60, data: 'v=DMARC1; p=none' },
    ];
    for (const records of rotated(sets)) {
      const fake = await startFakeDohServer({ records });
      const resolver = createDohResolver({
        url: fake.url,
        fetch: fetch as FetchLike,
        now: () => 0,
        timeoutMs: 1_000,
      });
      const data = async (name: string, type: 'A' | 'AAAA' | 'TXT') =>
        answer(await resolver.query(name, type)).records.map((record) => record.data);
      expect(await data('mx.example.org', 'A')).toEqual(['192.0.2.200', '198.51.100.9', '198.51.100.126']);
      expect(await data('mx.example.org', 'AAAA')).toEqual([
        '2001:db8:9::ff',
        '2001:db8:125::',
        '2001:db8:125::1',
      ]);
      expect(await data('_dmarc.example.org', 'TXT')).toEqual(['v=DMARC1; p=none', 'v=DMARC1; p=reject']);
      await fake.close();
    }
  });

  it('reads AAAA records', async () => {
    const { resolver } = await setUp();
    expect(answer(await resolver.query('example.com', 'AAAA')).records[0]?.data).toBe('2001:db8::10');
  });

  it('follows the CNAME chain: records at the final name, the chain in order', async () => {
    const { resolver } = await setUp();
    const result = answer(await resolver.query('www.example.com', 'A'));
    expect(result.cnames).toEqual(['edge.example.com', 'origin.example.net']);
    expect(result.records).toEqual([
      { name: 'origin.example.net', type: 'A', ttl: 400, data: '198.51.100.7' },
    ]);
  });

  it('answers a CNAME question with the CNAME itself, not its target', async () => {
    const { resolver } = await setUp();
    const result = answer(await resolver.query('www.example.com', 'CNAME'));
    expect(result.records.map((r) => r.data)).toEqual(['edge.example.com']);
    expect(result.cnames).toEqual([]);
  });

  it('reports NXDOMAIN as an answer without records', async () => {
    const { resolver } = await setUp();
    const result = answer(await resolver.query('nope.example.com', 'A'));
    expect(result).toMatchObject({ rcode: 'NXDOMAIN', records: [] });
  });

  it('reports NODATA as NOERROR without records', async () => {
    const { resolver } = await setUp();
    const result = answer(await resolver.query('example.com', 'CAA'));
    expect(result).toMatchObject({ rcode: 'NOERROR', records: [] });
  });

  it('passes the AD bit through', async () => {
    const { resolver } = await setUp({}, ['example.com']);
    expect(answer(await resolver.query('example.com', 'SOA')).ad).toBe(true);
    expect(answer(await resolver.query('origin.example.net', 'A')).ad).toBe(false);
  });

  it('accepts a response whose id is not 0 when the question matches', async () => {
    const { server, resolver } = await setUp();
    server.fault('example.com', 'A', 'nonzero-id');
    expect(answer(await resolver.query('example.com', 'A')).records).toHaveLength(2);
  });
});

describe('caching', () => {
  it('reuses an answer until the smallest TTL of the RRset runs out', async () => {
    const { server, resolver, advance } = await setUp();
    await resolver.query('example.com', 'A');
    advance(59);
    await resolver.query('example.com', 'A');
    expect(server.requests).toHaveLength(1);
    expect(resolver.stats().cacheHits).toBe(1);
    advance(2);
    await resolver.query('example.com', 'A');
    expect(server.requests).toHaveLength(2);
  });

  it('counts the TTLs of a cached answer down', async () => {
    const { resolver, advance } = await setUp();
    await resolver.query('example.com', 'A');
    advance(45);
    const cached = answer(await resolver.query('example.com', 'A'));
    expect(cached.records.map((r) => r.ttl)).toEqual([75, 15]);
  });

  it('keeps a CNAME chain no longer than its shortest link', async () => {
    const { server, resolver, advance } = await setUp();
    await resolver.query('www.example.com', 'A');
    advance(99);
    await resolver.query('www.example.com', 'A');
    expect(server.requests).toHaveLength(1);
    advance(2);
    await resolver.query('www.example.com', 'A');
    expect(server.requests).toHaveLength(2);
  });

  it('caches NXDOMAIN for min(SOA TTL, SOA MINIMUM) (RFC 2308)', async () => {
    const { server, resolver, advance } = await setUp();
    await resolver.query('nope.example.com', 'A');
    advance(299);
    expect(answer(await resolver.query('nope.example.com', 'A')).rcode).toBe('NXDOMAIN');
    expect(server.requests).toHaveLength(1);
    advance(2);
    await resolver.query('nope.example.com', 'A');
    expect(server.requests).toHaveLength(2);
  });

  it('caches NODATA the same way', async () => {
    const { server, resolver, advance } = await setUp();
    await resolver.query('example.com', 'CAA');
    advance(299);
    await resolver.query('example.com', 'CAA');
    expect(server.requests).toHaveLength(1);
    advance(2);
    await resolver.query('example.com', 'CAA');
    expect(server.requests).toHaveLength(2);
  });

  it('does not cache a negative answer that carries no SOA', async () => {
    const { server, resolver } = await setUp();
    await resolver.query('nosoa.example', 'TXT');
    await resolver.query('nosoa.example', 'TXT');
    expect(server.requests).toHaveLength(2);
  });

  it('keeps an answer at most a day, whatever its TTL', async () => {
    const { server, resolver, advance } = await setUp();
    await resolver.query('week.example.com', 'A');
    advance(86_401);
    await resolver.query('week.example.com', 'A');
    expect(server.requests).toHaveLength(2);
  });

  it('does not cache an answer with TTL 0', async () => {
    const { server, resolver } = await setUp();
    await resolver.query('zero.example.com', 'A');
    await resolver.query('zero.example.com', 'A');
    expect(server.requests).toHaveLength(2);
  });

  it('keeps answers with and without the CD bit apart', async () => {
    const { server, resolver } = await setUp();
    await resolver.query('example.com', 'SOA');
    await resolver.query('example.com', 'SOA', { cd: true });
    await resolver.query('example.com', 'SOA', { cd: true });
    expect(server.requests.map((r) => r.cd)).toEqual([false, true]);
  });

  it('does not cache failures', async () => {
    const { server, resolver } = await setUp();
    server.fault('example.com', 'A', 'servfail', 1);
    expect(failure(await resolver.query('example.com', 'A')).reason).toBe('servfail');
    expect(answer(await resolver.query('example.com', 'A')).records).toHaveLength(2);
    expect(server.requests).toHaveLength(2);
  });

  it('uses a supplied cache, keyed by name, type and CD', async () => {
    const store = new Map<string, DnsCacheEntry>();
    const cache: DnsCache = {
      get: async (key) => store.get(key),
      set: async (key, entry) => void store.set(key, entry),
    };
    const { resolver } = await setUp({ cache });
    await resolver.query('example.com', 'MX');
    await resolver.query('example.com', 'MX', { cd: true });
    expect([...store.keys()]).toEqual(['example.com MX', 'example.com MX +cd']);
    expect(store.get('example.com MX')?.expiresAt).toBe(1_000_000 + 300_000);
  });

  it('still answers when the cache store throws', async () => {
    const cache: DnsCache = {
      get: () => Promise.reject(new Error('storage quota')),
      set: () => {
        throw new Error('storage quota');
      },
    };
    const { resolver } = await setUp({ cache });
    expect(answer(await resolver.query('example.com', 'A')).records).toHaveLength(2);
  });

  it('bounds the in-memory cache, dropping the least recently used entry', () => {
    const cache = createMemoryDnsCache({ maxEntries: 2 });
    const entry = (name: string): DnsCacheEntry => ({
      answer: { ok: true, name, type: 'A', rcode: 'NOERROR', ad: false, records: [], cnames: [] },
      storedAt: 0,
      expiresAt: 1,
    });
    cache.set('a A', entry('a'));
    cache.set('b A', entry('b'));
    cache.get('a A');
    cache.set('c A', entry('c'));
    expect(
      [cache.get('a A'), cache.get('b A'), cache.get('c A')].map(
        (e) => (e as DnsCacheEntry | undefined)?.answer.name,
      ),
    ).toEqual(['a', undefined, 'c']);
  });
});

describe('sharing requests in flight', () => {
  it('sends one request for two concurrent identical queries', async () => {
    const { server, resolver } = await setUp();
    const [first, second] = await Promise.all([
      resolver.query('example.com', 'MX'),
      resolver.query('EXAMPLE.com.', 'MX'),
    ]);
    expect(server.requests).toHaveLength(1);
    expect(first).toEqual(second);
    expect(resolver.stats()).toMatchObject({ requests: 1, inflightJoins: 1 });
  });

  it('does not share between different types or CD bits', async () => {
    const { server, resolver } = await setUp();
    await Promise.all([
      resolver.query('example.com', 'A'),
      resolver.query('example.com', 'AAAA'),
      resolver.query('example.com', 'A', { cd: true }),
    ]);
    expect(server.requests).toHaveLength(3);
  });

  it('counts requests per question', async () => {
    const { resolver } = await setUp();
    await Promise.all([resolver.query('example.com', 'A'), resolver.query('example.com', 'A')]);
    await resolver.query('example.com', 'SOA', { cd: true });
    expect(resolver.stats().byQuestion).toEqual({ 'example.com A': 1, 'example.com SOA +cd': 1 });
  });
});

describe('retrying', () => {
  it('retries once after a dropped connection', async () => {
    const { server, resolver } = await setUp();
    server.fault('example.com', 'A', 'network', 1);
    expect(answer(await resolver.query('example.com', 'A')).records).toHaveLength(2);
    expect(resolver.stats()).toMatchObject({ requests: 2, retries: 1 });
  });

  it('retries once after a timeout', async () => {
    const { server, resolver } = await setUp();
    server.fault('example.com', 'A', 'timeout', 1);
    expect(answer(await resolver.query('example.com', 'A')).records).toHaveLength(2);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after the second failure', async () => {
    const { server, resolver } = await setUp();
    server.fault('example.com', 'A', 'network');
    const result = failure(await resolver.query('example.com', 'A'));
    expect(result.reason).toBe('network');
    expect(result.message).toContain('could not reach 127.0.0.1');
    expect(server.requests).toHaveLength(2);
  });

  it('retries an HTTP 5xx once', async () => {
    const { server, resolver } = await setUp();
    server.fault('example.com', 'A', 'http-500', 1);
    expect(answer(await resolver.query('example.com', 'A')).records).toHaveLength(2);
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry an HTTP 4xx', async () => {
    const { server, resolver } = await setUp();
    server.fault('example.com', 'A', 'http-400');
    expect(failure(await resolver.query('example.com', 'A'))).toMatchObject({ reason: 'http' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('faults become typed failures', () => {
  it('times out', async () => {
    const { server, resolver } = await setUp({ timeoutMs: 100 });
    server.fault('example.com', 'A', 'timeout');
    const result = failure(await resolver.query('example.com', 'A'));
    expect(result).toMatchObject({ ok: false, name: 'example.com', type: 'A', reason: 'timeout' });
    expect(result.message).toContain('within 100 ms');
  });

  it('times out even when the fetch ignores the abort signal', async () => {
    const neverSettles: FetchLike = () => new Promise(() => undefined);
    const resolver = createDohResolver({
      url: 'https://dns.invalid/dns-query',
      fetch: neverSettles,
      now: () => 0,
      timeoutMs: 50,
    });
    expect(failure(await resolver.query('example.com', 'A')).reason).toBe('timeout');
  });

  it('reports HTTP 500 with its status', async () => {
    const { server, resolver } = await setUp();
    server.fault('example.com', 'A', 'http-500');
    const result = failure(await resolver.query('example.com', 'A'));
    expect(result.reason).toBe('http');
    expect(result.message).toContain('HTTP 500');
  });

  it('reports an HTML page instead of a DNS message', async () => {
    const { server, resolver } = await setUp();
    server.fault('example.com', 'A', 'html');
    const result = failure(await resolver.query('example.com', 'A'));
    expect(result.reason).toBe('not-dns');
    expect(result.message).toContain('text/html');
  });

  it('reports a DNS message cut short as malformed', async () => {
    const { server, resolver } = await setUp();
    server.fault('example.com', 'TXT', 'truncated-bytes');
    const result = failure(await resolver.query('example.com', 'TXT'));
    expect(result.reason).toBe('malformed');
    expect(result.message).toContain('not a valid DNS message');
  });

  it('reports a body that is not DNS at all as malformed', async () => {
    const { server, resolver } = await setUp();
    server.fault('example.com', 'A', { body: 'not dns' });
    expect(failure(await resolver.query('example.com', 'A')).reason).toBe('malformed');
  });

  it('reports the TC bit as a truncated, malformed answer', async () => {
    const { server, resolver } = await setUp();
    server.fault('example.com', 'TXT', 'tc');
    const result = failure(await resolver.query('example.com', 'TXT'));
    expect(result.reason).toBe('malformed');
    expect(result.message).toContain('truncated');
  });

  it('reports an answer to another question as a mismatch', async () => {
    const { server, resolver } = await setUp();
    server.fault('example.com', 'A', 'mismatch');
    const result = failure(await resolver.query('example.com', 'A'));
    expect(result.reason).toBe('mismatch');
    expect(result.message).toContain('other-example.com A');
  });

  it('reports a message that is not a response (QR clear) as malformed', async () => {
    const { server, resolver } = await setUp();
    server.fault('example.com', 'A', 'not-a-response');
    expect(failure(await resolver.query('example.com', 'A')).reason).toBe('malformed');
  });

  it('reports SERVFAIL', async () => {
    const { server, resolver } = await setUp();
    server.fault('example.com', 'A', 'servfail');
    expect(failure(await resolver.query('example.com', 'A')).reason).toBe('servfail');
  });

  it('reports an extended RCODE in the OPT record (BADVERS) as a failure, not NOERROR', async () => {
    const { server, resolver } = await setUp();
    const badvers = dnsPacket.encode({
      type: 'response',
      id: 0,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ name: 'example.com', type: 'A', class: 'IN' }],
      additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 1 } as never],
    });
    server.fault('example.com', 'A', { body: badvers });
    const result = failure(await resolver.query('example.com', 'A'));
    expect(result.reason).toBe('servfail');
    expect(result.message).toContain('extended RCODE 16');
  });

  it('reports REFUSED', async () => {
    const { server, resolver } = await setUp();
    server.fault('example.com', 'A', 'refused');
    expect(failure(await resolver.query('example.com', 'A')).reason).toBe('refused');
  });

  it('tells a bogus domain apart with the CD bit', async () => {
    const { server, resolver } = await setUp({}, ['example.com']);
    server.fault('example.com', 'SOA', 'bogus');
    expect(failure(await resolver.query('example.com', 'SOA')).reason).toBe('servfail');
    expect(answer(await resolver.query('example.com', 'SOA', { cd: true })).records).toHaveLength(1);
  });

  it('refuses to send a name that is not a DNS name', async () => {
    const { server, resolver } = await setUp();
    for (const name of ['', 'a..b', `${'x'.repeat(64)}.com`, 'bad name.com', 'bücher.de']) {
      expect(failure(await resolver.query(name, 'A')).reason).toBe('malformed');
    }
    expect(server.requests).toHaveLength(0);
  });

  it('fails every query, without throwing, when the resolver URL is not http(s)', async () => {
    const resolver = createDohResolver({ url: 'not a url', fetch: fetch as FetchLike, now: () => 0 });
    const result = failure(await resolver.query('example.com', 'A'));
    expect(result.reason).toBe('blocked');
    expect(result.message).toContain('not an http(s) URL');
  });

  it('refuses plain http to a resolver that is not on loopback, without sending anything', async () => {
    let calls = 0;
    const counting: FetchLike = async () => {
      calls++;
      return new Response(null, { status: 500 });
    };
    const resolver = createDohResolver({
      url: 'http://dns.example/dns-query',
      fetch: counting,
      now: () => 0,
    });
    const result = failure(await resolver.query('example.com', 'A'));
    expect(result.reason).toBe('blocked');
    expect(calls).toBe(0);
  });

  it('says why a connection failed', async () => {
    const { server, resolver } = await setUp();
    const url = server.url;
    await server.close();
    const closed = createDohResolver({ url, fetch: fetch as FetchLike, now: () => 0 });
    const result = failure(await closed.query('example.com', 'A'));
    expect(result.reason).toBe('network');
    expect(result.message).toContain('ECONNREFUSED');
    expect(resolver.stats().requests).toBe(0);
  });

  it('turns a Response object that breaks when read into a failure', async () => {
    const broken: FetchLike = async () =>
      ({
        status: 200,
        headers: {
          get: () => {
            throw new Error('headers exploded');
          },
        },
      }) as unknown as Response;
    const resolver = createDohResolver({ url: 'https://dns.invalid/dns-query', fetch: broken, now: () => 0 });
    const result = failure(await resolver.query('example.com', 'A'));
    expect(result.message).toContain('headers exploded');
  });

  it('turns a fetch that throws synchronously into a failure', async () => {
    const throwing: FetchLike = () => {
      throw new TypeError('fetch exploded');
    };
    const resolver = createDohResolver({
      url: 'https://dns.invalid/dns-query',
      fetch: throwing,
      now: () => 0,
    });
    expect(failure(await resolver.query('example.com', 'A'))).toMatchObject({ reason: 'network' });
  });
});

describe('arbitrary response bodies', () => {
  const question = { name: 'example.com', type: 'A' } as const;
  const valid = dnsPacket.encode({
    type: 'response',
    id: 0,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
    questions: [{ name: question.name, type: question.type, class: 'IN' }],
    answers: [
      { name: 'example.com', type: 'CNAME', ttl: 30, data: 'a.example.net' },
      { name: 'a.example.net', type: 'A', ttl: 30, data: '192.0.2.1' },
    ],
    authorities: [{ name: 'example.com', type: 'SOA', ttl: 30, data: SOA }],
  });

  function resolverAnswering(body: Uint8Array) {
    const fakeFetch: FetchLike = async () =>
      new Response(new Uint8Array(body), {
        status: 200,
        headers: { 'content-type': 'application/dns-message' },
      });
    return createDohResolver({ url: 'https://dns.invalid/dns-query', fetch: fakeFetch, now: () => 0 });
  }

  function expectTyped(result: DnsResult) {
    if (result.ok) {
      expect(['NOERROR', 'NXDOMAIN']).toContain(result.rcode);
      expect(Array.isArray(result.records)).toBe(true);
    } else {
      expect(['malformed', 'mismatch', 'servfail', 'refused']).toContain(result.reason);
      expect(result.message.length).toBeGreaterThan(0);
    }
  }

  it('reads the unmutated sample as an answer', async () => {
    expect(answer(await resolverAnswering(valid).query(question.name, question.type)).records).toHaveLength(
      1,
    );
  });

  it('gives a typed answer or failure for any bytes, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (body) => {
        expectTyped(await resolverAnswering(body).query(question.name, question.type));
      }),
      { numRuns: 500 },
    );
  });

  it('gives a typed answer or failure for a real answer with bytes changed or cut', async () => {
    const mutation = fc.record({
      cut: fc.integer({ min: 0, max: valid.length }),
      changes: fc.array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })), {
        maxLength: 8,
      }),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ cut, changes }) => {
        const body = valid.slice(0, cut);
        for (const [at, value] of changes) if (at < body.length) body[at] = value;
        expectTyped(await resolverAnswering(body).query(question.name, question.type));
      }),
      { numRuns: 1000 },
    );
  });
});
