import { describe, expect, it } from 'vitest';
import type { DnsCacheEntry } from '../core/dns/cache.ts';
import { persistentBootstrapCache, persistentDnsCache, writeOnlyDnsCache } from './dns-cache.ts';
import { memoryCaches } from './test-caches.ts';

const entry = (expiresAt: number): DnsCacheEntry => ({
  storedAt: 0,
  expiresAt,
  answer: { ok: true, name: 'example.com', type: 'MX', rcode: 'NOERROR', ad: false, records: [], cnames: [] },
});

describe('persistentDnsCache', () => {
  it('finds an answer stored by an earlier worker (a new cache over the same area)', async () => {
    const { session, caches } = memoryCaches(() => 0);
    await persistentDnsCache(caches.dns).set('example.com MX', entry(1000));
    const again = memoryCaches(() => 0);
    await again.session.set(session.dump());
    expect(await persistentDnsCache(again.caches.dns).get('example.com MX')).toEqual(entry(1000));
  });

  it('keeps answers apart per resolver', async () => {
    const { caches } = memoryCaches(() => 0);
    await persistentDnsCache(caches.dns, 'https://a/dns-query').set('example.com MX', entry(1000));
    expect(await persistentDnsCache(caches.dns, 'https://b/dns-query').get('example.com MX')).toBeUndefined();
  });

  it('on a re-check misses every question but keeps the new answers', async () => {
    const { caches } = memoryCaches(() => 0);
    const cache = persistentDnsCache(caches.dns);
    await cache.set('example.com MX', entry(1000));
    const recheck = writeOnlyDnsCache(cache);
    expect(await recheck.get('example.com MX')).toBeUndefined();
    await recheck.set('example.com TXT', entry(2000));
    expect(await persistentDnsCache(caches.dns).get('example.com TXT')).toEqual(entry(2000));
  });

  it('ignores stored values that are not cache entries', async () => {
    const { session, caches } = memoryCaches(() => 0);
    await session.set({ 'dns: example.com MX': { storedAt: 0, expiresAt: 10, value: { answer: 'x' } } });
    expect(await persistentDnsCache(caches.dns).get('example.com MX')).toBeUndefined();
  });

  it('keeps an answer only as long as its TTL', async () => {
    const clock = { now: 0 };
    const { caches } = memoryCaches(() => clock.now);
    await persistentDnsCache(caches.dns).set('example.com MX', entry(100));
    clock.now = 100;
    expect(await caches.dns.get(' example.com MX')).toBeNull();
    expect(await caches.dns.prune()).toBe(1);
  });
});

describe('persistentBootstrapCache', () => {
  it('keeps the bootstrap file per URL', async () => {
    const { caches } = memoryCaches(() => 0);
    const cached = { file: { version: '1.0', services: [] }, fetchedAt: 1, expiresAt: 2 };
    await persistentBootstrapCache(caches.bootstrap).set('https://iana/dns.json', cached as never);
    expect(await persistentBootstrapCache(caches.bootstrap).get('https://iana/dns.json')).toEqual(cached);
    expect(await persistentBootstrapCache(caches.bootstrap).get('https://other/dns.json')).toBeUndefined();
  });
});
