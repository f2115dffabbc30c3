import type { DnsAnswer, RRType } from './types.ts';

/** One cached answer; times are milliseconds of the resolver's injected clock. */
export interface DnsCacheEntry {
  answer: DnsAnswer;
  storedAt: number;
  expiresAt: number;
}

/**
 * Where answers outlive a lookup. Small on purpose so the extension can back it with
 * `storage.session`/`storage.local` (hence the optional promises); expiry is judged by the resolver,
 * which owns the clock, so a store only has to keep what it is given.
 */
export interface DnsCache {
  get(key: string): DnsCacheEntry | undefined | Promise<DnsCacheEntry | undefined>;
  set(key: string, entry: DnsCacheEntry): void | Promise<void>;
}

/** The CD bit is part of the key: a CD answer may be unvalidated and must never stand in for a validated one. */
export function dnsCacheKey(name: string, type: RRType, cd: boolean): string {
  return `${name} ${type}${cd ? ' +cd' : ''}`;
}

/** An in-memory cache bounded in entries; the least recently used entry goes first. */
export function createMemoryDnsCache(options: { maxEntries?: number } = {}): DnsCache {
  const maxEntries = Math.max(1, options.maxEntries ?? 5_000);
  const entries = new Map<string, DnsCacheEntry>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry) {
        entries.delete(key);
        entries.set(key, entry);
      }
      return entry;
    },
    set(key, entry) {
      entries.delete(key);
      entries.set(key, entry);
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
  };
}
