import type { DnsCacheEntry } from '../core/dns/cache.ts';
import type { CachedBootstrap } from '../core/rdap/bootstrap.ts';
import type { DomainReport } from '../core/types.ts';
import type { StorageArea } from '../shared/storage.ts';
import type { KeyValueStorage } from '../watchlist/sweep.ts';
import {
  BOOTSTRAP_KEEP_MS,
  BOOTSTRAP_PREFIX,
  DNS_PREFIX,
  isCachedBootstrap,
  isDnsEntry,
} from './dns-cache.ts';
import { isStoredResponse, RDAP_CACHE_MS, RDAP_PREFIX, type StoredResponse } from './fetch-cache.ts';
import { isReport, REPORT_KEEP_MS, REPORT_PREFIX, ReportCache } from './report-cache.ts';
import { StorageBudget, StorageCache } from './storage-cache.ts';

const MiB = 1024 * 1024;

/**
 * The whole of storage.local stays under 8 MiB of its 10 MiB quota (Chromium, without
 * `unlimitedStorage`), the rest being headroom for a write in flight. The caches' own budgets add up
 * to 3.5 MiB, and they shrink further as the watchlist grows: user data is never the one to go.
 */
export const LOCAL_TARGET_BYTES = 8 * MiB;
/** storage.session has 10 MiB too (Chrome 112+); DNS answers are the only large thing in it. */
export const SESSION_TARGET_BYTES = 8 * MiB;

export const CACHE_BUDGETS = {
  reports: 1.5 * MiB,
  rdap: 1.5 * MiB,
  bootstrap: 0.5 * MiB,
  dns: 4 * MiB,
} as const;

export interface Caches {
  local: StorageBudget;
  session: StorageBudget;
  reports: ReportCache;
  rdap: StorageCache<StoredResponse>;
  bootstrap: StorageCache<CachedBootstrap>;
  dns: StorageCache<DnsCacheEntry>;
}

export function createCaches(local: StorageArea, session: StorageArea, now: () => number): Caches {
  const localBudget = new StorageBudget(local, LOCAL_TARGET_BYTES);
  const sessionBudget = new StorageBudget(session, SESSION_TARGET_BYTES);
  const reports = new StorageCache<DomainReport>(
    local,
    {
      prefix: REPORT_PREFIX,
      ttlMs: () => REPORT_KEEP_MS,
      validate: isReport,
      budgetBytes: CACHE_BUDGETS.reports,
    },
    localBudget,
    now,
  );
  const rdap = new StorageCache<StoredResponse>(
    local,
    {
      prefix: RDAP_PREFIX,
      ttlMs: () => RDAP_CACHE_MS,
      validate: isStoredResponse,
      budgetBytes: CACHE_BUDGETS.rdap,
    },
    localBudget,
    now,
  );
  const bootstrap = new StorageCache<CachedBootstrap>(
    local,
    {
      prefix: BOOTSTRAP_PREFIX,
      ttlMs: () => BOOTSTRAP_KEEP_MS,
      validate: isCachedBootstrap,
      budgetBytes: CACHE_BUDGETS.bootstrap,
      maxEntryBytes: CACHE_BUDGETS.bootstrap,
    },
    localBudget,
    now,
  );
  const dns = new StorageCache<DnsCacheEntry>(
    session,
    {
      prefix: DNS_PREFIX,
      // The resolver's clock is ours: an answer is kept exactly as long as its TTL says.
      ttlMs: (entry) => entry.expiresAt - now(),
      validate: isDnsEntry,
      budgetBytes: CACHE_BUDGETS.dns,
    },
    sessionBudget,
    now,
  );
  return {
    local: localBudget,
    session: sessionBudget,
    reports: new ReportCache(reports, now),
    rdap,
    bootstrap,
    dns,
  };
}

/** Keys of earlier versions' caches, removed once (they had no index and no budget). */
export const LEGACY_CACHE_PREFIXES = ['http:', 'reportIndex'];

/** User data goes through the budget: caches give way, and a write that still fails throws. */
export function userDataStorage(local: StorageArea, caches: Caches): KeyValueStorage {
  return {
    get: async (key) => {
      const value = (await local.get(key))[key];
      caches.local.noteUserData(key, value);
      return value;
    },
    set: (key, value) => caches.local.writeUserData({ [key]: value }),
  };
}
