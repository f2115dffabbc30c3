import { packWatchlist, unpackWatchlist } from './codec.ts';
import type { Watchlist } from './model.ts';
import { WATCHLIST_STORAGE_KEY } from './model.ts';
import { type LoadedWatchlist, loadWatchlist } from './schema.ts';
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
/** Why the stored watchlist could not be read at all: a layout of a newer version, or damage. */
export type UnreadableWatchlist = 'newer' | 'damaged';

export class WatchlistStore {
  private queue: Promise<unknown> = Promise.resolve();
  /**
   * What was last read or written: the store is the only writer, so between two writes the stored
   * value cannot change behind its back (reading and validating MiBs for every batch of a sweep
   * would make a sweep quadratic). {@link invalidate} drops it when something else wrote.
   */
  private loaded: (LoadedWatchlist & { unreadableAs?: UnreadableWatchlist }) | null = null;

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly now: () => number,
  ) {}

  /**
   * What this store wrote and has not yet seen come back as a change event, oldest first. Compared
   * by value, not counted: Chromium sends no event for a write of the value already stored
   * (w3c/webextensions#86), and a count would then swallow the next change someone else makes.
   */
  private written: string[] = [];

  /** Someone else changed the stored value (a test, a restore from sync): read it again next time. */
  invalidate(): void {
    this.loaded = null;
  }

  /**
   * For the storage change listener, with the change's new value: its own writes come back as change
   * events, in order; any other change means the value in memory is no longer the stored one. True
   * for such a change.
   */
  storedChanged(newValue: unknown): boolean {
    const own = this.written.indexOf(JSON.stringify(newValue));
    if (own >= 0) {
      // Writes before it that sent no event (the same value again) never will.
      this.written.splice(0, own + 1);
      return false;
    }
    this.invalidate();
    return true;
  }

  private async load() {
    if (this.loaded) return this.loaded;
    const unpacked = await unpackWatchlist(await this.storage.get(WATCHLIST_STORAGE_KEY));
    // A layout this version cannot read (a newer one's, or damaged) is never overwritten: the user's
    // data stays as it is for the version that wrote it, and the pages say so instead of "empty".
    this.loaded = unpacked.ok
      ? loadWatchlist(unpacked.value, this.now())
      : {
          ...loadWatchlist(undefined, this.now()),
          newer: true,
          unreadableAs: unpacked.reason === 'damaged' ? 'damaged' : 'newer',
        };
    return this.loaded;
  }

  async read(): Promise<Watchlist> {
    return (await this.readState()).watchlist;
  }

  /** The watchlist, and why the stored one could not be read when it could not (it then reads as empty). */
  async readState(): Promise<{ watchlist: Watchlist; unreadable: UnreadableWatchlist | null }> {
    await this.queue.catch(() => undefined);
    const loaded = await this.load();
    return { watchlist: loaded.watchlist, unreadable: loaded.unreadableAs ?? null };
  }

  /** Applies `change` to the current watchlist and stores the result; resolves with what `change` returned. */
  update<T>(change: (watchlist: Watchlist) => { watchlist: Watchlist; result: T }): Promise<T> {
    const run = this.queue
      .catch(() => undefined)
      .then(async () => {
        const loaded = await this.load();
        const current = loaded.watchlist;
        const { watchlist, result } = change(current);
        if (watchlist === current) return result;
        if (loaded.newer) throw new NewerWatchlistError();
        const domains = [...watchlist.domains, ...(loaded.unreadable as Watchlist['domains'])];
        const stored = await packWatchlist({ ...watchlist, domains });
        const mark = JSON.stringify(stored);
        this.written.push(mark);
        try {
          await this.storage.set(WATCHLIST_STORAGE_KEY, stored);
        } catch (error) {
          this.written.splice(this.written.lastIndexOf(mark), 1);
          throw error;
        }
        this.loaded = { ...loaded, watchlist };
        return result;
      });
    this.queue = run;
    return run;
  }
}
