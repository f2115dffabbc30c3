import { describe, expect, it } from 'vitest';
import { memoryStorageArea } from '../shared/storage.ts';
import { isQuotaError, StorageBudget, StorageCache, storedBytes } from './storage-cache.ts';

const isText = (v: unknown): v is string => typeof v === 'string';

function setup({ budget = 10_000, target = 1_000_000, quota = Number.POSITIVE_INFINITY, ttl = 1000 } = {}) {
  const clock = { now: 1_000 };
  const area = memoryStorageArea({}, { quotaBytes: quota });
  const storage = new StorageBudget(area, target);
  const make = (prefix: string, budgetBytes = budget) =>
    new StorageCache<string>(
      area,
      { prefix, ttlMs: () => ttl, validate: isText, budgetBytes },
      storage,
      () => clock.now,
    );
  return { clock, area, storage, make };
}

const entries = (area: { dump(): Record<string, unknown> }, prefix: string) =>
  Object.keys(area.dump()).filter((k) => k.startsWith(prefix));

describe('StorageCache', () => {
  it('serves a value until its TTL runs out, then not at all', async () => {
    const { clock, make } = setup({ ttl: 100 });
    const cache = make('t:');
    await cache.set('a', 'A');
    expect((await cache.get('a'))?.value).toBe('A');
    clock.now += 100;
    expect(await cache.get('a')).toBeNull();
  });

  it('returns only what its validator accepts (stored data is untrusted)', async () => {
    const { area, make } = setup();
    const cache = make('t:');
    await area.set({ 't:a': { storedAt: 0, expiresAt: 1e15, value: 42 } });
    expect(await cache.get('a')).toBeNull();
  });

  it('keeps its byte budget by evicting the least recently used entries', async () => {
    const { clock, area, make } = setup({ budget: 2_000, ttl: 1e9 });
    const cache = make('t:');
    for (const key of ['a', 'b', 'c']) {
      clock.now += 1;
      await cache.set(key, key.repeat(400));
    }
    clock.now += 1;
    await cache.get('a'); // read recently: survives
    clock.now += 20 * 60_000;
    await cache.get('a');
    await cache.set('d', 'd'.repeat(400));
    await cache.set('e', 'e'.repeat(400));
    expect(await cache.get('a')).not.toBeNull();
    expect(await cache.get('b')).toBeNull();
    expect(await cache.bytes()).toBeLessThanOrEqual(2_000);
    expect(entries(area, 't:').length).toBeLessThan(5);
  });

  it('does not keep a single value larger than a quarter of its budget', async () => {
    const { area, make } = setup({ budget: 1_000 });
    await make('t:').set('big', 'x'.repeat(400));
    expect(entries(area, 't:')).toEqual([]);
  });

  it('prunes expired entries from its index, without reading the whole area', async () => {
    const { clock, area, make } = setup({ ttl: 100 });
    const cache = make('t:');
    await cache.set('a', 'A');
    await area.set({ watchlist: { big: 'x'.repeat(10_000) } });
    const reads: unknown[] = [];
    const get = area.get.bind(area);
    area.get = async (keys) => {
      reads.push(keys);
      return get(keys);
    };
    clock.now += 100;
    expect(await cache.prune()).toBe(1);
    expect(reads).not.toContain(null);
    expect(entries(area, 't:')).toEqual([]);
  });

  it('finds entries a killed worker stored before writing its index', async () => {
    const { area, make } = setup();
    await area.set({ 't:orphan': { storedAt: 1_000, expiresAt: 1e15, value: 'kept' }, 't:junk': 'x' });
    const cache = make('t:');
    await cache.adoptOrphans(await area.get(null));
    expect((await cache.get('orphan'))?.value).toBe('kept');
    expect(entries(area, 't:')).toEqual(['t:orphan']);
  });

  it('remembers its entries across workers through its index', async () => {
    const { area, storage, clock } = setup();
    const first = new StorageCache<string>(
      area,
      { prefix: 't:', ttlMs: () => 1000, validate: isText, budgetBytes: 10_000 },
      storage,
      () => clock.now,
    );
    await first.set('a', 'A');
    await first.flush();
    const second = new StorageCache<string>(
      area,
      { prefix: 't:', ttlMs: () => 1000, validate: isText, budgetBytes: 10_000 },
      new StorageBudget(area, 1_000_000),
      () => clock.now,
    );
    expect(await second.bytes()).toBe(await first.bytes());
  });
});

describe('StorageBudget', () => {
  it('keeps caches and user data together under the target', async () => {
    const { area, storage, make } = setup({ budget: 50_000, target: 20_000 });
    const a = make('a:');
    const b = make('b:');
    await storage.writeUserData({ watchlist: 'w'.repeat(10_000) });
    for (let i = 0; i < 40; i++) {
      await a.set(`k${i}`, 'x'.repeat(500));
      await b.set(`k${i}`, 'y'.repeat(500));
    }
    expect(
      area.bytesInUse() - (await a.bytes()) - (await b.bytes()) + (await storage.cacheBytes()),
    ).toBeLessThan(20_000 + 2_000);
    expect(storage.userDataBytes + (await storage.cacheBytes())).toBeLessThanOrEqual(20_000);
  });

  it('gives way to user data: a quota error evicts cache entries and the write is retried', async () => {
    const { area, storage, make } = setup({ budget: 60_000, target: 1e9, quota: 50_000 });
    const cache = make('c:');
    for (let i = 0; i < 80; i++) await cache.set(`k${i}`, 'x'.repeat(500));
    const before = entries(area, 'c:').length;
    expect(before).toBeGreaterThan(50);
    await storage.writeUserData({ watchlist: 'w'.repeat(30_000) });
    expect((await area.get('watchlist')).watchlist).toHaveLength(30_000);
    expect(entries(area, 'c:').length).toBeLessThan(before);
  });

  it('throws when user data does not fit even with every cache empty (never reported as saved)', async () => {
    const { area, storage, make } = setup({ quota: 20_000 });
    await make('c:').set('k', 'x'.repeat(100));
    await expect(storage.writeUserData({ watchlist: 'w'.repeat(30_000) })).rejects.toSatisfy(isQuotaError);
    expect((await area.get('watchlist')).watchlist).toBeUndefined();
  });

  it('counts bytes the way Chromium counts its quota', () => {
    expect(storedBytes('k', { a: 'é' })).toBe(1 + JSON.stringify({ a: 'é' }).length);
  });
});
