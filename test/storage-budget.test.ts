import { describe, expect, it } from 'vitest';
import { LOCAL_TARGET_BYTES } from '../src/background/caches.ts';
import { sweepWithRecordedAnswers } from '../src/background/storage-scenario.ts';
import { HISTORY_LIMIT } from '../src/watchlist/model.ts';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const QUOTA = 10 * 1024 * 1024; // Chromium's storage.local without unlimitedStorage

/**
 * The documented size (1,000 watched domains, every one with a full history) swept once, every RDAP
 * request answered by a recorded registry answer through the worker's caches: heavy (seconds), so
 * it runs with the integration tests, not the unit ones.
 */
describe('storage.local after a sweep of 1,000 watched domains', () => {
  it('leaves every domain with a result and the whole area under 8 MiB, caches filled', async () => {
    // Every domain has its own notes, hosts and history (variedWatchlist): no flattering repetition.
    const out = await sweepWithRecordedAnswers(1000, {
      historyLength: HISTORY_LIMIT,
      quotaBytes: QUOTA,
      now: NOW,
    });
    expect(out.withResult).toBe(1000);
    expect(out.remainingInQueue).toBe(0);
    expect(out.bytesInUse).toBeLessThanOrEqual(LOCAL_TARGET_BYTES);
    expect(out.cacheBytes).toBeGreaterThan(1024 * 1024);
  }, 120_000);

  it('with a quota the caches alone would fill, they give way and nothing is lost', async () => {
    // The caches' budgets add up to 3.5 MiB: in a 1.5 MiB area they must make room for every save
    // of the watchlist (0.7 MiB packed), and every result still reaches it.
    const quota = 1.5 * 1024 * 1024;
    const out = await sweepWithRecordedAnswers(1000, {
      historyLength: HISTORY_LIMIT,
      quotaBytes: quota,
      now: NOW,
    });
    expect(out.withResult).toBe(1000);
    expect(out.remainingInQueue).toBe(0);
    expect(out.bytesInUse).toBeLessThanOrEqual(quota);
    expect(out.cacheBytes).toBeLessThan(quota - out.watchlistBytes + 1);
  }, 120_000);
});
