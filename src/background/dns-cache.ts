import { createMemoryDnsCache, type DnsCache, type DnsCacheEntry } from '../core/dns/cache.ts';
import type { BootstrapCache, CachedBootstrap } from '../core/rdap/bootstrap.ts';
import type { StorageArea } from '../shared/storage.ts';

/**
 * DoH answers kept beyond the worker's life (storage.session: the worker is stopped after ~30 s
 * idle, and every restart would otherwise ask again what the TTLs say is still valid). Reads go to
 * memory first; the resolver judges expiry with its own clock, so expired entries are only pruned.
 */
const DNS_PREFIX = 'dns:';
const BOOTSTRAP_PREFIX = 'rdapBootstrap:';

export function persistentDnsCache(area: StorageArea, resolverUrl = ''): DnsCache {
  const memory = createMemoryDnsCache();
  // Answers belong to the resolver that gave them: a user who switches resolvers (say, away from
  // one that filters) must not be served the old one's answers until their TTLs run out.
  const storageKey = (key: string) => `${DNS_PREFIX}${resolverUrl} ${key}`;
  return {
    async get(key) {
      const hit = await memory.get(key);
      if (hit) return hit;
      const stored = (await area.get(storageKey(key)))[storageKey(key)];
      if (!isDnsEntry(stored)) return undefined;
      await memory.set(key, stored);
      return stored;
    },
    async set(key, entry) {
      await memory.set(key, entry);
      await area.set({ [storageKey(key)]: entry });
    },
  };
}

/** For a user's re-check: every question goes to the resolver again; the new answers are kept. */
export function writeOnlyDnsCache(inner: DnsCache): DnsCache {
  return { get: () => undefined, set: (key, entry) => inner.set(key, entry) };
}

/** Drops answers whose TTL ran out (run when the worker starts, so the area does not only grow). */
export async function pruneDnsCache(area: StorageArea, now: number): Promise<void> {
  const all = await area.get(null);
  const expired = Object.entries(all)
    .filter(([key, value]) => key.startsWith(DNS_PREFIX) && !(isDnsEntry(value) && value.expiresAt > now))
    .map(([key]) => key);
  if (expired.length > 0) await area.remove(expired);
}

/** The IANA bootstrap file in storage.local: fetched once a day, not once per worker start. */
export function persistentBootstrapCache(area: StorageArea): BootstrapCache {
  return {
    async get(url) {
      const stored = (await area.get(BOOTSTRAP_PREFIX + url))[BOOTSTRAP_PREFIX + url] as
        | CachedBootstrap
        | undefined;
      return stored && typeof stored.expiresAt === 'number' && typeof stored.file === 'object'
        ? stored
        : undefined;
    },
    async set(url, entry) {
      await area.set({ [BOOTSTRAP_PREFIX + url]: entry });
    },
  };
}

function isDnsEntry(value: unknown): value is DnsCacheEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<DnsCacheEntry>;
  return (
    typeof entry.expiresAt === 'number' &&
    typeof entry.storedAt === 'number' &&
    typeof entry.answer === 'object' &&
    entry.answer !== null &&
    Array.isArray(entry.answer.records)
  );
}
