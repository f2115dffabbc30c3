import { describe, expect, it } from 'vitest';
import { memoryStorageArea } from '../shared/storage.ts';
import { cachingFetch, pruneFetchCache, RDAP_CACHE_MS } from './fetch-cache.ts';

const BOOTSTRAP = 'https://data.iana.org/rdap/dns.json';

function counting(contentType: string) {
  const calls: string[] = [];
  const fetch = async (url: string) => {
    calls.push(url);
    return new Response(`{"url":"${url}"}`, { status: 200, headers: { 'content-type': contentType } });
  };
  return { calls, fetch };
}

describe('cachingFetch', () => {
  it('serves an RDAP answer from storage for a day', async () => {
    const clock = { now: 0 };
    const area = memoryStorageArea();
    const { calls, fetch } = counting('application/rdap+json');
    const cached = cachingFetch(fetch, area, () => clock.now);
    const url = 'https://rdap.example/domain/a.example';
    expect(await (await cached(url)).json()).toEqual({ url });
    expect(await (await cached(url)).json()).toEqual({ url });
    expect(calls).toHaveLength(1);
    clock.now += RDAP_CACHE_MS;
    await cached(url);
    expect(calls).toHaveLength(2);
  });

  it('leaves the bootstrap file to the core, which honours its Cache-Control', async () => {
    const { calls, fetch } = counting('application/json');
    const cached = cachingFetch(fetch, memoryStorageArea(), () => 0);
    await cached(BOOTSTRAP);
    await cached(BOOTSTRAP);
    expect(calls).toHaveLength(2);
  });

  it('never keeps DoH answers or other responses', async () => {
    const { calls, fetch } = counting('application/dns-message');
    const cached = cachingFetch(fetch, memoryStorageArea(), () => 0);
    await cached('https://dns.example/dns-query?dns=AAAB');
    await cached('https://dns.example/dns-query?dns=AAAB');
    await cached('https://dns.example/dns-query', { method: 'POST', body: new Uint8Array(2) });
    expect(calls).toHaveLength(3);
  });

  it('on a re-check fetches again and stores the new answer for later lookups', async () => {
    const area = memoryStorageArea();
    const { calls, fetch } = counting('application/rdap+json');
    const url = 'https://rdap.example/domain/a.example';
    await cachingFetch(fetch, area, () => 0)(url);
    await cachingFetch(fetch, area, () => 0, { reuse: false })(url);
    expect(calls).toHaveLength(2);
    await cachingFetch(fetch, area, () => 0)(url);
    expect(calls).toHaveLength(2);
  });

  it('prunes expired entries', async () => {
    const area = memoryStorageArea({
      'http:old': { storedAt: 0, body: '', status: 200, contentType: '' },
      settings: {},
    });
    await pruneFetchCache(area, () => RDAP_CACHE_MS + 1);
    expect(Object.keys(area.dump())).toEqual(['settings']);
  });
});
