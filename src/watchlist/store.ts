import type { Watchlist } from './model.ts';
import { WATCHLIST_STORAGE_KEY } from './model.ts';
import { loadWatchlist } from './schema.ts';
import type { KeyValueStorage } from './sweep.ts';

/** The stored watchlist was written by a newer version of the extension: this one leaves it alone. */
export class NewerWatchlistError extends Error {
  constructor() {
    super('the watchlist was saved by a newer version of the extension; it is kept as it is');
    this.name = 'NewerWatchlistError';
  }
}

/**
 * The single writer of the stored watchlist. Every change is a read-modify-write run one after the
 * other, so a sweep saving results and the user editing notes at the same moment never overwrite
 * each other's work. Nothing stored is lost by a write: entries this version cannot read are
 * written back as they were, unknown fields are carried, and a watchlist of a newer version is
 * never overwritten. A write that fails rejects, so the caller never reports it as saved.
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
        const loaded = loadWatchlist(await this.storage.get(WATCHLIST_STORAGE_KEY), this.now());
        const current = loaded.watchlist;
        const { watchlist, result } = change(current);
        if (watchlist === current) return result;
        if (loaded.newer) throw new NewerWatchlistError();
        const domains = [...watchlist.domains, ...(loaded.unreadable as Watchlist['domains'])];
        await this.storage.set(WATCHLIST_STORAGE_KEY, { ...watchlist, domains });
        return result;
      });
    this.queue = run;
    return run;
  }
}
