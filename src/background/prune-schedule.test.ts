import { describe, expect, it } from 'vitest';
import { memoryStorageArea } from '../shared/storage.ts';
import { PRUNE_INTERVAL_MS, pruneWhenDue } from './prune-schedule.ts';

describe('pruneWhenDue', () => {
  it('prunes on the first start, then not again until the interval has passed', async () => {
    const area = memoryStorageArea();
    let runs = 0;
    const prune = async () => {
      runs++;
    };
    await pruneWhenDue(area, 1_000, prune);
    await pruneWhenDue(area, 1_000 + 60_000, prune);
    expect(runs).toBe(1);
    await pruneWhenDue(area, 1_000 + PRUNE_INTERVAL_MS, prune);
    expect(runs).toBe(2);
  });

  it('prunes when the stored time lies in the future (a clock that was set back)', async () => {
    const area = memoryStorageArea({ cachesPrunedAt: 10_000_000 });
    expect(await pruneWhenDue(area, 5_000, async () => undefined)).toBe(true);
  });
});
