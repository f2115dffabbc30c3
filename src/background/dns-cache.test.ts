import { describe, expect, it } from 'vitest';
import type { DnsCacheEntry } from '../core/dns/cache.ts';
import { memoryStorageArea } from '../shared/storage.ts';
import {
  persistentBootstrapCache,
  persistentDnsCache,
  pruneDnsCache,
  writeOnlyDnsCache,
} from './dns-cache.ts';

const entry = (expiresAt: number): DnsCacheEntry => ({
  storedAt: 0,
  expiresAt,
  answer: { ok: true, name: 'example.com', type: 'MX', rcode: 'NOERROR', ad: false, records: [], cnames: [] },
});

describe('persistentDnsCache', () => {
  it('finds an answer stored by an earlier worker (a new cache over the same area)', async () => {
    const area = memoryStorageArea();
    await persistentDnsCache(area).set('example.com MX', entry(1000));
    expect(await persistentDnsCache(area).get('example.com MX')).toEqual(entry(1000));
  });

  it('on a re-check misses every question but keeps the new answers', async () => {
    const area = memoryStorageArea();
    const cache = persistentDnsCache(area);
    await cache.set('example.com MX', entry(1000));
    const recheck = writeOnlyDnsCache(cache);
    expect(await recheck.get('example.com MX')).toBeUndefined();
    await recheck.set('example.com TXT', entry(2000));
    expect(await persistentDnsCache(area).get('example.com TXT')).toEqual(entry(2000));
  });

  it('ignores stored values that are not cache entries', async () => {
    const area = memoryStorageArea({ 'dns:example.com MX': { answer: 'x' } });
    expect(await persistentDnsCache(area).get('example.com MX')).toBeUndefined();
  });

  it('prunes answers whose TTL ran out and leaves other keys alone', async () => {
    const area = memoryStorageArea({
      'dns:a TXT': entry(10),
      'dns:b TXT': entry(100),
      'tab:1': { domain: 'x' },
    });
    await pruneDnsCache(area, 50);
    expect(Object.keys(area.dump()).sort()).toEqual(['dns:b TXT', 'tab:1']);
  });
});

describe('persistentBootstrapCache', () => {
  it('keeps the bootstrap file per URL', async () => {
    const area = memoryStorageArea();
    const cached = { file: { version: '1.0', services: [] }, fetchedAt: 1, expiresAt: 2 };
    await persistentBootstrapCache(area).set('https://iana/dns.json', cached as never);
    expect(await persistentBootstrapCache(area).get('https://iana/dns.json')).toEqual(cached);
    expect(await persistentBootstrapCache(area).get('https://other/dns.json')).toBeUndefined();
  });
});
