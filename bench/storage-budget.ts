/**
 * The whole of storage.local after a sweep: 1,000 and 5,000 watched domains with notes and a full
 * history (HISTORY_LIMIT changes each), swept once with recorded registry answers filling the RDAP
 * and report caches, in an area that fails writes past Chromium's 10 MiB quota. The target is 8 MiB.
 * Every domain differs from the others (variedWatchlist), so the packed watchlist is not flattered by
 * repetition. Run: npx tsx bench/storage-budget.ts
 */
import { LOCAL_TARGET_BYTES } from '../src/background/caches.ts';
import { sweepWithRecordedAnswers } from '../src/background/storage-scenario.ts';
import { HISTORY_LIMIT } from '../src/watchlist/model.ts';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const QUOTA = 10 * 1024 * 1024;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

for (const count of [1000, 5000]) {
  const started = performance.now();
  const out = await sweepWithRecordedAnswers(count, {
    historyLength: HISTORY_LIMIT,
    quotaBytes: QUOTA,
    now: NOW,
  });
  console.log(
    `${count} domains, full history: ${out.seeded ? '' : 'watchlist NOT STORABLE (over the quota by itself); '}` +
      `storage.local ${mib(out.bytesInUse)} (target ${mib(LOCAL_TARGET_BYTES)}, quota ${mib(QUOTA)}); ` +
      `watchlist ${mib(out.watchlistBytes)} (${mib(out.watchlistJsonBytes)} as JSON), caches ${mib(out.cacheBytes)}; ` +
      `${out.withResult}/${out.domains} with a result, ${out.remainingInQueue} left in the queue; ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
