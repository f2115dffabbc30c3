import type { Watchlist } from './model.ts';
import { WATCHLIST_STORAGE_KEY } from './model.ts';
import { loadWatchlist } from './schema.ts';
import type { KeyValueStorage } from './sweep.ts';

/**
 * The single writer of the stored watchlist. Every change is a read-modify-write run one after the
 * other, so a sweep saving results and the user editing notes at the same moment never overwrite
 * each other's work.
 */
export class WatchlistStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly now: () => number,
  ) {}

  async read(): Promise<Watchlist> {
    await this.queue.catch(() => undefined);
    return loadWatchlist(await this.storage.get(WATCHLIST_STORAGE_KEY), this.now()).watchlist;
  }

  /** Applies `change` to the current watchlist and stores the result; resolves with what `change` returned. */
  update<T>(change: (watchlist: Watchlist) => { watchlist: Watchlist; result: T }): Promise<T> {
    const run = this.queue
      .catch(() => undefined)
      .then(async () => {
        const current = loadWatchlist(await this.storage.get(WATCHLIST_STORAGE_KEY), this.now()).watchlist;
        const { watchlist, result } = change(current);
        if (watchlist !== current) await this.storage.set(WATCHLIST_STORAGE_KEY, watchlist);
        return result;
      });
    this.queue = run;
    return run;
  }
}
