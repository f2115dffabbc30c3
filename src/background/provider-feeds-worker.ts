import { browser } from '../shared/browser.ts';
import type { StorageArea } from '../shared/storage.ts';
import { ProviderFeeds } from './provider-feeds.ts';

let shared: ProviderFeeds | null = null;

/** The worker's one instance (the popup's requests and the watchlist's alarm share its cache). */
export function workerFeeds(now: () => number): ProviderFeeds {
  // The core's fetchFeed puts every request through the one guarded HTTP path.
  shared ??= new ProviderFeeds({
    area: browser.storage.session as unknown as StorageArea,
    fetch: (input, init) => globalThis.fetch(input, init),
    now,
  });
  return shared;
}
