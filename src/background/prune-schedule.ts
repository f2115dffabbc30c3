import type { StorageArea } from '../shared/storage.ts';

const PRUNED_AT_KEY = 'cachesPrunedAt';
/** Expired cache entries only cost space: clearing them a few times a day is plenty. */
export const PRUNE_INTERVAL_MS = 6 * 3_600_000;

/**
 * Runs `prune` when it has not run for PRUNE_INTERVAL_MS. The worker starts again after every idle
 * stop (often every minute), and pruning reads the whole storage area, watchlist included (MiBs):
 * one small read decides instead.
 */
export async function pruneWhenDue(
  area: StorageArea,
  now: number,
  prune: () => Promise<void>,
): Promise<boolean> {
  const last = (await area.get(PRUNED_AT_KEY))[PRUNED_AT_KEY];
  if (typeof last === 'number' && last <= now && now - last < PRUNE_INTERVAL_MS) return false;
  await area.set({ [PRUNED_AT_KEY]: now });
  await prune();
  return true;
}
