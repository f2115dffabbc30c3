import type { Translate } from '../core/i18n/translate.ts';
import { statusFeedOf } from '../core/mail/providers.ts';
import {
  applyProviderStatus,
  type FeedResult,
  type ProviderStatus,
  providerStatuses,
  readProviderFeed,
  type StatusFeedEntry,
} from '../core/status/provider-status.ts';
import type { DomainReport, FetchLike } from '../core/types.ts';
import type { StorageArea } from '../shared/storage.ts';

/**
 * The providers' status feeds, asked politely: one request per provider however many domains use
 * it (in-flight reads are shared), answers kept a few minutes in storage.session (they outlive a
 * stopped worker, not the browser), failures for one minute so a broken feed is not hammered.
 */
export const FEED_CACHE_MS = 5 * 60_000;
export const FAILED_FEED_CACHE_MS = 60_000;
/** A status feed is a small file on a CDN; the popup should not wait a whole lookup timeout for it. */
export const MAX_FEED_TIMEOUT_MS = 4_000;
const PREFIX = 'providerFeed:';

interface StoredFeed {
  url: string;
  result: FeedResult;
}

export class ProviderFeeds {
  private readonly inflight = new Map<string, Promise<FeedResult>>();

  constructor(private readonly deps: { area: StorageArea; fetch: FetchLike; now: () => number }) {}

  async read(providerId: string, entry: StatusFeedEntry, timeoutMs: number): Promise<FeedResult> {
    const key = PREFIX + providerId;
    const stored = (await this.deps.area.get(key))[key];
    if (isStoredFeed(stored) && stored.url === entry.url && this.fresh(stored.result)) return stored.result;
    const running = this.inflight.get(key);
    if (running) return running;
    const read = readProviderFeed(entry, {
      fetch: this.deps.fetch,
      now: this.deps.now,
      timeoutMs: Math.min(timeoutMs, MAX_FEED_TIMEOUT_MS),
    })
      .then(async (result) => {
        await this.deps.area
          .set({ [key]: { url: entry.url, result } satisfies StoredFeed })
          .catch(() => undefined);
        return result;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, read);
    return read;
  }

  private fresh(result: FeedResult): boolean {
    const age = this.deps.now() - result.checkedAt;
    return age >= 0 && age < (result.ok ? FEED_CACHE_MS : FAILED_FEED_CACHE_MS);
  }
}

function isStoredFeed(value: unknown): value is StoredFeed {
  if (typeof value !== 'object' || value === null) return false;
  const { url, result } = value as Partial<StoredFeed>;
  if (typeof url !== 'string' || typeof result !== 'object' || result === null) return false;
  return (
    typeof result.checkedAt === 'number' &&
    (result.ok ? Array.isArray(result.incidents) : typeof result.detail === 'string')
  );
}

/** The report judged again with its providers' status, and those statuses for the popup to show. */
export async function withProviderStatus(
  feeds: ProviderFeeds,
  report: DomainReport,
  options: { timeoutMs: number; translate: Translate },
): Promise<{ report: DomainReport; statuses: ProviderStatus[] }> {
  const statuses = await providerStatuses(report.mail, statusFeedOf, (id, entry) =>
    feeds.read(id, entry, options.timeoutMs),
  );
  return { report: applyProviderStatus(report, statuses, options.translate), statuses };
}

let shared: ProviderFeeds | null = null;

/** The worker's one instance (the popup's requests and the watchlist's alarm share its cache). */
export function workerFeeds(now: () => number): ProviderFeeds {
  // TODO(lead): route through the guarded fetch path once src/core/http/guarded-fetch.ts lands.
  shared ??= new ProviderFeeds({
    area: chrome.storage.session as unknown as StorageArea,
    fetch: (input, init) => globalThis.fetch(input, init),
    now,
  });
  return shared;
}
