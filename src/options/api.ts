import type { WatchlistRequest, WatchlistResponses } from '../watchlist/messages.ts';
import { WATCHLIST_STORAGE_KEY, type Watchlist } from '../watchlist/model.ts';
import { loadWatchlist } from '../watchlist/schema.ts';

/** The options page asks the worker for every change; it only reads storage directly. */
export async function ask<R extends WatchlistRequest>(request: R): Promise<WatchlistResponses[R['type']]> {
  const response = (await chrome.runtime.sendMessage(request)) as
    | WatchlistResponses[R['type']]
    | { error: string };
  if (response && typeof response === 'object' && 'error' in response && Object.keys(response).length === 1) {
    throw new Error(response.error);
  }
  return response as WatchlistResponses[R['type']];
}

export async function readWatchlist(): Promise<Watchlist> {
  const stored = await chrome.storage.local.get(WATCHLIST_STORAGE_KEY);
  return loadWatchlist(stored[WATCHLIST_STORAGE_KEY], Date.now()).watchlist;
}

/** Calls `listener` with the new watchlist whenever the worker stores one. */
export function onWatchlistChange(listener: (watchlist: Watchlist) => void): () => void {
  const handler = (changes: Record<string, chrome.storage.StorageChange>, area: string) => {
    if (area === 'local' && WATCHLIST_STORAGE_KEY in changes) {
      listener(loadWatchlist(changes[WATCHLIST_STORAGE_KEY]?.newValue, Date.now()).watchlist);
    }
  };
  chrome.storage.onChanged.addListener(handler);
  return () => chrome.storage.onChanged.removeListener(handler);
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
