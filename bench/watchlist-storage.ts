/**
 * Storage cost of the watchlist: 1,000 domains with notes, a last-check summary and a full history
 * (HISTORY_LIMIT changes each, the worst case), measured the way chrome.storage counts quota (the
 * JSON of key + value). Run: npx tsx bench/watchlist-storage.ts
 */
import { HISTORY_LIMIT, WATCHLIST_STORAGE_KEY } from '../src/watchlist/model.ts';
import { sampleWatchlist } from '../src/watchlist/test-helpers.ts';
import { exportCsv, exportJson } from '../src/watchlist/transfer.ts';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const QUOTA = 10 * 1024 * 1024; // chrome.storage.local without unlimitedStorage (Chrome 114+)

function measure(label: string, historyLength: number) {
  const watchlist = sampleWatchlist(1000, historyLength, NOW);
  const bytes = WATCHLIST_STORAGE_KEY.length + JSON.stringify(watchlist).length;
  const started = performance.now();
  JSON.parse(JSON.stringify(watchlist));
  const roundTripMs = performance.now() - started;
  console.log(
    `${label}: ${(bytes / 1024 / 1024).toFixed(2)} MiB (${((bytes / QUOTA) * 100).toFixed(1)}% of the 10 MiB quota), ` +
      `${Math.round(bytes / 1000)} B/domain; JSON round trip ${roundTripMs.toFixed(0)} ms; ` +
      `export JSON ${(exportJson(watchlist, NOW).length / 1024 / 1024).toFixed(2)} MiB, CSV ${(exportCsv(watchlist, NOW).length / 1024 / 1024).toFixed(2)} MiB`,
  );
}

measure('1,000 domains, no history yet', 0);
measure('1,000 domains, 5 changes each', 5);
measure(`1,000 domains, full history (${HISTORY_LIMIT} changes each)`, HISTORY_LIMIT);
