import { createMemoryDnsCache, type DnsCache, type DnsCacheEntry } from '../core/dns/cache.ts';
import type { BootstrapCache, CachedBootstrap } from '../core/rdap/bootstrap.ts';
import type { StorageCache } from './storage-cache.ts';

/**
 * DoH answers kept beyond the worker's life (storage.session: the worker is stopped after ~30 s
 * idle, and every restart would otherwise ask again what the TTLs say is still valid). Reads go to
 * memory first; the resolver judges expiry with its own clock.
 */
export const DNS_PREFIX = 'dns:';
export const BOOTSTRAP_PREFIX = 'rdapBootstrap:';
/** The bootstrap file is kept past its own expiry: the core serves the last good copy when a refresh fails. */
export const BOOTSTRAP_KEEP_MS = 30 * 86_400_000;

export function persistentDnsCache(store: StorageCache<DnsCacheEntry>, resolverUrl = ''): DnsCache {
  const memory = createMemoryDnsCache();
  // Answers belong to the resolver that gave them: a user who switches resolvers (say, away from
  // one that filters) must not be served the old one's answers until their TTLs run out.
  const storageKey = (key: string) => `${resolverUrl} ${key}`;
  return {
    async get(key) {
      const hit = await memory.get(key);
      if (hit) return hit;
      const stored = await store.get(storageKey(key));
      if (!stored) return undefined;
      await memory.set(key, stored.value);
      return stored.value;
    },
    async set(key, entry) {
      await memory.set(key, entry);
      await store.set(storageKey(key), entry);
    },
  };
}

/** For a user's re-check: every question goes to the resolver again; the new answers are kept. */
export function writeOnlyDnsCache(inner: DnsCache): DnsCache {
  return { get: () => undefined, set: (key, entry) => inner.set(key, entry) };
}

export function isDnsEntry(value: unknown): value is DnsCacheEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<DnsCacheEntry>;
  return (
    typeof entry.expiresAt === 'number' &&
    typeof entry.storedAt === 'number' &&
    typeof entry.answer === 'object' &&
    entry.answer !== null &&
    Array.isArray((entry.answer as { records?: unknown }).records)
  );
}

/** The IANA bootstrap file in storage.local: fetched once a day, not once per worker start. */
export function persistentBootstrapCache(store: StorageCache<CachedBootstrap>): BootstrapCache {
  return {
    get: async (url) => (await store.get(url))?.value,
    set: (url, entry) => store.set(url, entry),
  };
}

export function isCachedBootstrap(value: unknown): value is CachedBootstrap {
  const v = value as Partial<CachedBootstrap> | null;
  return typeof v?.expiresAt === 'number' && typeof v.file === 'object' && v.file !== null;
}
