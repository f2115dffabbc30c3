import { describe, expect, it } from 'vitest';
import { fixture } from '../../../test/helpers/rdap-server.ts';
import type { FetchLike } from '../types.ts';
import {
  type BootstrapFile,
  type CachedBootstrap,
  createBootstrap,
  DEFAULT_BOOTSTRAP_URL,
  lookupBaseUrls,
  ttlFrom,
} from './bootstrap.ts';
import type { RdapSupplement } from './supplement.ts';

const IANA = fixture('iana-bootstrap-dns-2024-02-07.json') as BootstrapFile;
const URL_ = 'https://bootstrap.test/dns.json';
const HOUR = 3_600_000;
const NO_SUPPLEMENT: RdapSupplement = { rdap: [], noRdap: [] };

/** A fetch that serves the given answers in turn (the last one repeats) and counts its calls. */
function scriptedFetch(...answers: Array<() => Response | Promise<Response>>) {
  let calls = 0;
  const fetch: FetchLike = async () => {
    const answer = answers[Math.min(calls, answers.length - 1)] as () => Response;
    calls += 1;
    return answer();
  };
  return { fetch, calls: () => calls };
}

const json =
  (body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json', ...headers } });

function clock(start = Date.parse('2026-11-26T12:00:00Z')) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** A bootstrap over the recorded IANA file, fetched once without delay. */
function overIanaFile(options: { url?: string; supplement?: RdapSupplement } = {}) {
  return createBootstrap({
    url: options.url ?? URL_,
    fetch: scriptedFetch(json(IANA)).fetch,
    now: clock().now,
    timeoutMs: 1000,
    ...(options.supplement ? { supplement: options.supplement } : {}),
  });
}

describe('lookupBaseUrls (RFC 9224)', () => {
  const file: BootstrapFile = {
    services: [
      [['uk'], ['https://rdap.uk.example/']],
      [
        ['co.uk', 'org.uk'],
        ['http://rdap.co-uk.example', 'https://rdap.co-uk.example/base'],
      ],
      [['com'], ['https://rdap.com.example/v1/']],
    ],
  };

  it('the entry with the most matching labels wins', () => {
    expect(lookupBaseUrls(file, 'shop.co.uk')[0]).toBe('https://rdap.co-uk.example/base/');
    expect(lookupBaseUrls(file, 'shop.uk')[0]).toBe('https://rdap.uk.example/');
  });

  it('labels match whole, never as a substring', () => {
    expect(lookupBaseUrls(file, 'shop.deco.uk')[0]).toBe('https://rdap.uk.example/');
    expect(lookupBaseUrls(file, 'shop.xcom')).toEqual([]);
  });

  it('https URLs come first and every base URL ends with a slash', () => {
    expect(lookupBaseUrls(file, 'a.org.uk')).toEqual([
      'https://rdap.co-uk.example/base/',
      'http://rdap.co-uk.example/',
    ]);
  });

  it('reads the real IANA file, case-insensitively', () => {
    expect(lookupBaseUrls(IANA, 'GOOGLE.COM')).toEqual(['https://rdap.verisign.com/com/v1/']);
    expect(lookupBaseUrls(IANA, 'lemonde.fr')).toEqual(['https://rdap.nic.fr/']);
    expect(lookupBaseUrls(IANA, 'example.pe')).toEqual([]);
  });
});

describe('createBootstrap', () => {
  it('fetches the file once and answers from memory afterwards', async () => {
    const f = scriptedFetch(json(IANA));
    const c = clock();
    const bootstrap = createBootstrap({
      url: URL_,
      fetch: f.fetch,
      now: c.now,
      timeoutMs: 1000,
      supplement: NO_SUPPLEMENT,
    });
    const first = await bootstrap.baseUrlsFor('google.com');
    const second = await bootstrap.baseUrlsFor('lemonde.fr');
    expect(first).toEqual({
      ok: true,
      urls: ['https://rdap.verisign.com/com/v1/'],
      source: 'bootstrap',
      requests: 1,
    });
    expect(second).toMatchObject({ ok: true, source: 'bootstrap', requests: 0 });
    expect(f.calls()).toBe(1);
  });

  it('concurrent callers share one request', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const f = scriptedFetch(async () => {
      await gate;
      return json(IANA)();
    });
    const bootstrap = createBootstrap({ url: URL_, fetch: f.fetch, now: clock().now, timeoutMs: 1000 });
    const pending = ['a.com', 'b.net', 'c.org', 'd.fr', 'e.xyz'].map((d) => bootstrap.baseUrlsFor(d));
    release();
    const results = await Promise.all(pending);
    expect(f.calls()).toBe(1);
    expect(results.reduce((sum, r) => sum + r.requests, 0)).toBe(1);
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it('refreshes after 24 hours without Cache-Control', async () => {
    const f = scriptedFetch(json(IANA));
    const c = clock();
    const bootstrap = createBootstrap({ url: URL_, fetch: f.fetch, now: c.now, timeoutMs: 1000 });
    await bootstrap.baseUrlsFor('google.com');
    c.advance(23 * HOUR);
    await bootstrap.baseUrlsFor('google.com');
    expect(f.calls()).toBe(1);
    c.advance(2 * HOUR);
    await bootstrap.baseUrlsFor('google.com');
    expect(f.calls()).toBe(2);
  });

  it('honours Cache-Control max-age', async () => {
    const f = scriptedFetch(json(IANA, { 'cache-control': 'public, max-age=3600' }));
    const c = clock();
    const bootstrap = createBootstrap({ url: URL_, fetch: f.fetch, now: c.now, timeoutMs: 1000 });
    await bootstrap.baseUrlsFor('google.com');
    c.advance(HOUR + 1);
    await bootstrap.baseUrlsFor('google.com');
    expect(f.calls()).toBe(2);
  });

  it('clamps a max-age of zero so that every report does not refetch', () => {
    expect(ttlFrom('max-age=0')).toBe(60_000);
    expect(ttlFrom(null)).toBe(24 * HOUR);
  });

  it('a failed refresh keeps using the last good copy, and waits before asking again', async () => {
    const f = scriptedFetch(json(IANA), () => new Response('<html>down</html>', { status: 503 }));
    const c = clock();
    const bootstrap = createBootstrap({ url: URL_, fetch: f.fetch, now: c.now, timeoutMs: 1000 });
    await bootstrap.baseUrlsFor('google.com');
    c.advance(25 * HOUR);
    expect(await bootstrap.baseUrlsFor('google.com')).toMatchObject({
      ok: true,
      urls: ['https://rdap.verisign.com/com/v1/'],
    });
    expect(f.calls()).toBe(2);
    await bootstrap.baseUrlsFor('google.com');
    expect(f.calls()).toBe(2);
  });

  it('without any copy, a failure is reported, not thrown', async () => {
    const f = scriptedFetch(() => new Response('<html>down</html>', { status: 503 }));
    const bootstrap = createBootstrap({ url: URL_, fetch: f.fetch, now: clock().now, timeoutMs: 1000 });
    expect(await bootstrap.baseUrlsFor('google.com')).toEqual({
      ok: false,
      error: 'bootstrap file answered HTTP 503',
      code: 'http-status',
      url: URL_,
      requests: 1,
    });
  });

  it('rejects a file that is not an RFC 9224 registry', async () => {
    const f = scriptedFetch(json({ services: 'everything' }));
    const bootstrap = createBootstrap({ url: URL_, fetch: f.fetch, now: clock().now, timeoutMs: 1000 });
    expect(await bootstrap.baseUrlsFor('google.com')).toMatchObject({
      ok: false,
      error: 'bootstrap file is not an RFC 9224 registry',
    });
  });

  it('times out a request that never answers', async () => {
    const fetch: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    const bootstrap = createBootstrap({ url: URL_, fetch, now: clock().now, timeoutMs: 50 });
    expect(await bootstrap.baseUrlsFor('google.com')).toMatchObject({
      ok: false,
      error: 'bootstrap file timed out after 50 ms',
    });
  });

  it('starts from an injected cache (a restarted service worker) and writes fresh copies to it', async () => {
    const c = clock();
    const stored = new Map<string, CachedBootstrap>([
      [URL_, { file: IANA, fetchedAt: c.now(), expiresAt: c.now() + HOUR }],
    ]);
    const cache = {
      get: async (url: string) => stored.get(url),
      set: async (url: string, e: CachedBootstrap) => void stored.set(url, e),
    };
    const f = scriptedFetch(json({ services: [[['com'], ['https://new.example/']]] }));
    const bootstrap = createBootstrap({ url: URL_, fetch: f.fetch, now: c.now, timeoutMs: 1000, cache });
    expect(await bootstrap.baseUrlsFor('google.com')).toMatchObject({
      urls: ['https://rdap.verisign.com/com/v1/'],
      requests: 0,
    });
    expect(f.calls()).toBe(0);
    c.advance(2 * HOUR);
    expect(await bootstrap.baseUrlsFor('google.com')).toMatchObject({
      urls: ['https://new.example/'],
      requests: 1,
    });
    expect(stored.get(URL_)?.expiresAt).toBe(c.now() + 24 * HOUR);
  });

  it('a broken cache entry is ignored', async () => {
    const cache = {
      get: () => ({ file: { nope: true } }) as unknown as CachedBootstrap,
      set: () => undefined,
    };
    const f = scriptedFetch(json(IANA));
    const bootstrap = createBootstrap({
      url: URL_,
      fetch: f.fetch,
      now: clock().now,
      timeoutMs: 1000,
      cache,
    });
    expect(await bootstrap.baseUrlsFor('google.com')).toMatchObject({ ok: true, requests: 1 });
  });
});

describe("a bootstrap file other than IANA's (--rdap-bootstrap, the extension setting)", () => {
  it('is the whole list: the bundled supplement does not send a TLD it lacks to a public registry', async () => {
    const bootstrap = overIanaFile();
    expect(await bootstrap.baseUrlsFor('denic.de')).toEqual({
      ok: true,
      urls: [],
      source: 'none',
      requests: 1,
    });
  });
});

describe('the supplement', () => {
  const supplement: RdapSupplement = {
    rdap: [
      { tlds: ['de'], urls: ['https://rdap.denic.example'], source: 'https://denic.example/rdap' },
      { tlds: ['fr'], urls: ['https://wrong.example/'], source: 'https://x.example/' },
    ],
    noRdap: [],
  };

  it('fills a TLD the bootstrap file lacks', async () => {
    const bootstrap = overIanaFile({ supplement });
    expect(await bootstrap.baseUrlsFor('bücher.de')).toMatchObject({
      ok: true,
      urls: ['https://rdap.denic.example/'],
      source: 'supplement',
    });
  });

  it('never overrides the bootstrap file', async () => {
    const bootstrap = overIanaFile({ supplement });
    expect(await bootstrap.baseUrlsFor('lemonde.fr')).toMatchObject({
      urls: ['https://rdap.nic.fr/'],
      source: 'bootstrap',
    });
  });

  it('a TLD in neither has no service', async () => {
    const bootstrap = overIanaFile({ supplement });
    expect(await bootstrap.baseUrlsFor('example.pe')).toEqual({
      ok: true,
      urls: [],
      source: 'none',
      requests: 1,
    });
  });

  it('the bundled supplement serves .de from DENIC and every entry names its source', async () => {
    const bootstrap = overIanaFile({ url: DEFAULT_BOOTSTRAP_URL });
    expect(await bootstrap.baseUrlsFor('denic.de')).toMatchObject({
      urls: ['https://rdap.denic.de/'],
      source: 'supplement',
    });
    const { bundledSupplement } = await import('./supplement.ts');
    expect(bundledSupplement.rdap.length).toBeGreaterThan(0);
    for (const entry of [...bundledSupplement.rdap, ...bundledSupplement.noRdap])
      expect(entry.source).toMatch(/^https?:\/\//);
  });
});
