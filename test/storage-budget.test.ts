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

  it('with the quota nearly filled by the watchlist, the caches give way and nothing is lost', async () => {
    // 4.4 MiB of watchlist in a 5 MiB area: the caches the sweep fills must make room for every save.
    const out = await sweepWithRecordedAnswers(1000, {
      historyLength: HISTORY_LIMIT,
      quotaBytes: 5 * 1024 * 1024,
      now: NOW,
    });
    expect(out.withResult).toBe(1000);
    expect(out.remainingInQueue).toBe(0);
    expect(out.bytesInUse).toBeLessThanOrEqual(5 * 1024 * 1024);
  }, 120_000);
});
