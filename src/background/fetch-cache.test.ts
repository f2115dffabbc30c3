import { describe, expect, it } from 'vitest';
import { cachingFetch, RDAP_CACHE_MS } from './fetch-cache.ts';
import { memoryCaches } from './test-caches.ts';

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
    const { caches } = memoryCaches(() => clock.now);
    const { calls, fetch } = counting('application/rdap+json');
    const cached = cachingFetch(fetch, caches.rdap);
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
    const cached = cachingFetch(fetch, memoryCaches(() => 0).caches.rdap);
    await cached(BOOTSTRAP);
    await cached(BOOTSTRAP);
    expect(calls).toHaveLength(2);
  });

  it('never keeps DoH answers or other responses', async () => {
    const { calls, fetch } = counting('application/dns-message');
    const cached = cachingFetch(fetch, memoryCaches(() => 0).caches.rdap);
    await cached('https://dns.example/dns-query?dns=AAAB');
    await cached('https://dns.example/dns-query?dns=AAAB');
    await cached('https://dns.example/dns-query', { method: 'POST', body: new Uint8Array(2) });
    expect(calls).toHaveLength(3);
  });

  it('on a re-check fetches again and stores the new answer for later lookups', async () => {
    const { rdap } = memoryCaches(() => 0).caches;
    const { calls, fetch } = counting('application/rdap+json');
    const url = 'https://rdap.example/domain/a.example';
    await cachingFetch(fetch, rdap)(url);
    await cachingFetch(fetch, rdap, { reuse: false })(url);
    expect(calls).toHaveLength(2);
    await cachingFetch(fetch, rdap)(url);
    expect(calls).toHaveLength(2);
  });

  it('keeps no answer past its cap, reading only up to it, and still passes the whole answer on', async () => {
    const { local, caches } = memoryCaches(() => 0);
    let sent = 0;
    // An endless RDAP body: only a capped read of the copy can finish.
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const fetch = async () =>
      new Response(endless, { status: 200, headers: { 'content-type': 'application/rdap+json' } });
    const response = await cachingFetch(fetch, caches.rdap)('https://rdap.example/domain/big.example');
    expect(Object.keys(local.dump()).filter((key) => key.startsWith('rdap:'))).toEqual([]);
    expect(sent).toBeLessThan(2 * 1024 * 1024);
    const reader = response.body?.getReader();
    expect((await reader?.read())?.value?.length).toBe(64 * 1024);
    await reader?.cancel();
  });

  it('for an incognito tab answers from storage but writes nothing', async () => {
    const { local, caches } = memoryCaches(() => 0);
    const { calls, fetch } = counting('application/rdap+json');
    const url = 'https://rdap.example/domain/a.example';
    await cachingFetch(fetch, caches.rdap, { keep: false })(url);
    expect(Object.keys(local.dump())).toEqual([]);
    await cachingFetch(fetch, caches.rdap)(url);
    await cachingFetch(fetch, caches.rdap, { keep: false })(url);
    expect(calls).toHaveLength(2);
  });
});
