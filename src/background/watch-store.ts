import type { StorageArea } from '../shared/storage.ts';
import { WATCHLIST_KEY } from '../shared/storage.ts';

/**
 * The minimum the popup needs from the watchlist (storage.local `watchlist`,
 * `{ version: 1, domains: [{ domain, addedAt, ... }] }`): is a domain watched, add it, remove it.
 * The watchlist module owns the schema; fields it adds to an entry are kept untouched here.
 */
interface WatchlistDoc {
  version: number;
  domains: Array<{ domain: string; addedAt: string } & Record<string, unknown>>;
  [extra: string]: unknown;
}

async function read(area: StorageArea): Promise<WatchlistDoc> {
  const stored = (await area.get(WATCHLIST_KEY))[WATCHLIST_KEY] as Partial<WatchlistDoc> | undefined;
  const domains = Array.isArray(stored?.domains)
    ? stored.domains.filter((d) => typeof d === 'object' && d !== null && typeof d.domain === 'string')
    : [];
  return { ...(stored ?? {}), version: typeof stored?.version === 'number' ? stored.version : 1, domains };
}

export async function isWatched(area: StorageArea, domain: string): Promise<boolean> {
  return (await read(area)).domains.some((d) => d.domain === domain);
}

export async function watchDomain(area: StorageArea, domain: string, now: number): Promise<void> {
  const doc = await read(area);
  if (doc.domains.some((d) => d.domain === domain)) return;
  doc.domains.push({ domain, addedAt: new Date(now).toISOString() });
  await area.set({ [WATCHLIST_KEY]: doc });
}

export async function unwatchDomain(area: StorageArea, domain: string): Promise<void> {
  const doc = await read(area);
  doc.domains = doc.domains.filter((d) => d.domain !== domain);
  await area.set({ [WATCHLIST_KEY]: doc });
}
