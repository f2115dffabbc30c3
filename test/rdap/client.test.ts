import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRdapJson, type RdapFetchOptions } from '../../src/core/rdap/http.ts';
import { type RdapServer, startRdapServer } from '../helpers/rdap-server.ts';

let server: RdapServer;
beforeAll(async () => {
  server = await startRdapServer();
});
afterAll(() => server.stop());

function options(overrides: Partial<RdapFetchOptions> = {}) {
  const waits: number[] = [];
  const opts: RdapFetchOptions = {
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
    timeoutMs: 2_000,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...overrides,
  };
  return { opts, waits };
}

const registry = (name: string) => `${server.url}/tld/com/domain/${name}`;

describe('fetchRdapJson against a local RDAP server', () => {
  it('reads a domain object', async () => {
    const { opts } = options();
    const result = await fetchRdapJson(registry('google.com'), opts);
    expect(result).toMatchObject({ ok: true, url: registry('google.com'), requests: 1 });
  });

  it('asks for application/rdap+json', async () => {
    let accept: string | null = null;
    const { opts } = options({
      fetch: (input, init) => {
        accept = new Headers(init?.headers).get('accept');
        return fetch(input, init);
      },
    });
    await fetchRdapJson(registry('google.com'), opts);
    expect(accept).toMatch(/^application\/rdap\+json/);
  });

  it('HTTP 429 with a short Retry-After: waits that long and retries once', async () => {
    const { opts, waits } = options();
    const result = await fetchRdapJson(registry('rate-limited-once.com'), opts);
    expect(result).toMatchObject({ ok: true, requests: 2 });
    expect(waits).toEqual([1000]);
  });

  it('HTTP 429 with Retry-After as an HTTP date', async () => {
    const { opts, waits } = options();
    const result = await fetchRdapJson(registry('rate-limited-date.com'), opts);
    expect(result).toMatchObject({ ok: true, requests: 2 });
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[0]).toBeLessThanOrEqual(3_000);
  });

  it('HTTP 429 with a long Retry-After: fails at once as rate limited', async () => {
    const { opts, waits } = options();
    const result = await fetchRdapJson(registry('rate-limited-long.com'), opts);
    expect(result).toEqual({
      ok: false,
      reason: 'rate limited by the RDAP server (HTTP 429, retry after 120 s)',
      code: 'rate-limited',
      retryAfterMs: 120_000,
      url: registry('rate-limited-long.com'),
      requests: 1,
    });
    expect(waits).toEqual([]);
  });

  it('the longest acceptable wait is configurable', async () => {
    const { opts, waits } = options({ maxRetryAfterMs: 500 });
    const result = await fetchRdapJson(registry('rate-limited-once.com'), opts);
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^rate limited/) });
    expect(waits).toEqual([]);
  });

  it.each([
    ['html-503.com', 'server error (HTTP 503)', 'http-status'],
    ['html-200.com', 'answered with an HTML page, not RDAP JSON', 'malformed'],
    ['invalid-json.com', 'answered with invalid JSON', 'malformed'],
    [
      'error-object.com',
      'server error (HTTP 501): 501 (501 Not Implemented - Nameserver not supported)',
      'http-status',
    ],
    [
      'error-200.com',
      'answered with an RDAP error 501 (501 Not Implemented - Nameserver not supported)',
      'http-status',
    ],
  ])('%s fails with "%s" (%s)', async (name, reason, code) => {
    const { opts } = options();
    expect(await fetchRdapJson(registry(name), opts)).toEqual({
      ok: false,
      reason,
      code,
      url: registry(name),
      requests: 1,
    });
  });

  it('says when the registry holds no such domain (404), as opposed to failing', async () => {
    const { opts } = options();
    expect(await fetchRdapJson(registry('no-such-domain.com'), opts)).toEqual({
      ok: false,
      reason:
        'not found at the registry (HTTP 404): 404 (Not Found - nothing at /tld/com/domain/no-such-domain.com)',
      code: 'not-found',
      url: registry('no-such-domain.com'),
      requests: 1,
      notFound: true,
    });
  });

  it('times out a slow server', async () => {
    const { opts } = options({ timeoutMs: 200 });
    expect(await fetchRdapJson(registry('slow.com'), opts)).toMatchObject({
      ok: false,
      reason: 'timed out after 200 ms',
    });
  });

  it('reports an unreachable server', async () => {
    const { opts } = options();
    const result = await fetchRdapJson('http://127.0.0.1:1/domain/x.com', opts);
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^unreachable: /) });
  });

  it('follows a redirect and reports where the answer came from', async () => {
    const { opts } = options();
    const result = await fetchRdapJson(registry('moved.com'), opts);
    expect(result).toMatchObject({
      ok: true,
      url: `${server.url}/elsewhere/domain/moved.com`,
      visited: [registry('moved.com'), `${server.url}/elsewhere/domain/moved.com`],
      requests: 2,
    });
  });

  it('stops a redirect loop, even when the way back is spelled differently', async () => {
    const { opts } = options();
    const result = await fetchRdapJson(registry('loop.com'), opts);
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^redirect loop back to /),
      requests: 2,
    });
  });

  it('follows at most five redirects', async () => {
    const { opts } = options();
    const result = await fetchRdapJson(registry('many-redirects.com'), opts);
    expect(result).toMatchObject({ ok: false, reason: 'too many redirects (more than 5)', requests: 6 });
  });
});
