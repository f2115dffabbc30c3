import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDohServer, startFakeDohServer } from '../../test/helpers/fake-doh-server.ts';
import { createDohResolver } from '../core/dns/doh-client.ts';
import { testResolver } from './watchlist-resolver-test.ts';

const uncached = (url: string) =>
  createDohResolver({
    url,
    fetch: (input, init) => globalThis.fetch(input, init),
    now: Date.now,
    timeoutMs: 2000,
  });

describe('testResolver (the options page’s "test resolver" button)', () => {
  let server: FakeDohServer;

  beforeAll(async () => {
    server = await startFakeDohServer({
      records: [
        { name: 'example.com', type: 'A', data: '192.0.2.10' },
        { name: 'example.com', type: 'A', data: '192.0.2.11' },
      ],
      authenticated: ['example.com'],
    });
  });
  afterAll(() => server.close());

  it('reports what the resolver answered, and whether it validated', async () => {
    const result = await testResolver(server.url, uncached);
    expect(result).toMatchObject({ ok: true, rcode: 'NOERROR', authenticated: true });
    expect(result.ok && result.answers.sort()).toEqual(['192.0.2.10', '192.0.2.11']);
  });

  it('says why when the resolver fails', async () => {
    server.fault('example.com', 'A', 'html', 2);
    const result = await testResolver(server.url, uncached);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^not-dns|^malformed|^http/);
  });

  it('refuses a plain-http resolver that is not on this machine, without asking it', async () => {
    const before = server.requests.length;
    expect(await testResolver('http://dns.example.net/dns-query', uncached)).toEqual({
      ok: false,
      reason: 'not-https',
    });
    expect(server.requests.length).toBe(before);
  });
});
