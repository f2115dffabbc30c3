import { ask, onWorkerEvent } from '../shared/client.ts';
import type { WatchlistView } from '../shared/messages.ts';

/** The options page asks the worker for everything, the watchlist included; it never reads storage. */
export { ask };

export function readWatchlist(): Promise<WatchlistView> {
  return ask('watchlist/get');
}

/** Calls `listener` with the new watchlist whenever the worker stored one. */
export function onWatchlistChange(listener: (watchlist: WatchlistView) => void): () => void {
  return onWorkerEvent('watchlist/changed', () => void readWatchlist().then(listener, () => undefined));
}

/** Saves a text as a file through a temporary link (no downloads permission needed). */
export function download(filename: string, mime: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
