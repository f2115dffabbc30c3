import { statusFeedOf } from '../core/mail/providers.ts';
import type { FeedResult } from '../core/status/provider-status.ts';
import { browser } from '../shared/browser.ts';
import type { Watchlist } from '../watchlist/model.ts';
import {
  NOTIFIED_INCIDENTS_KEY,
  type NotifiedIncidents,
  providerIncidentNotices,
  providerNoticeText,
  watchedProviders,
} from '../watchlist/provider-notices.ts';
import type { WorkerContext } from './context.ts';
import { openReportOnClick } from './notification-clicks.ts';
import { workerFeeds } from './provider-feeds-worker.ts';

/**
 * The watchlist's eye on its providers' status feeds: every few minutes, while the setting is on and
 * a watched domain's provider publishes a usable feed, each such feed is read once (shared with the
 * popup's cache) and every new incident affecting mail raises one notification naming the watched
 * domains it affects. Nothing is asked when no watched domain has such a provider.
 */
export const PROVIDER_STATUS_ALARM = 'provider-status';
const PERIOD_MINUTES = 10;
const NOTIFICATION_PREFIX = 'provider-incident:';

/** The watchlist as its single store reads it (packed or not), never from storage directly. */
export interface WatchedDomains {
  read(): Promise<Watchlist>;
}

export function watchProviderStatus(ctx: WorkerContext, watchlist: WatchedDomains): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PROVIDER_STATUS_ALARM) void sweepProviderStatus(ctx, watchlist);
  });
  openReportOnClick(NOTIFICATION_PREFIX);
  void browser.alarms.get(PROVIDER_STATUS_ALARM).then((existing) => {
    if (!existing)
      void browser.alarms.create(PROVIDER_STATUS_ALARM, {
        delayInMinutes: 1,
        periodInMinutes: PERIOD_MINUTES,
      });
  });
}

export async function sweepProviderStatus(ctx: WorkerContext, watched: WatchedDomains): Promise<void> {
  const settings = await ctx.settings();
  if (!settings.providerStatus) return;
  const watchlist = await watched.read();
  const providers = watchedProviders(watchlist).filter((p) => statusFeedOf(p.id) !== null);
  if (providers.length === 0) return;
  const feeds = workerFeeds(ctx.now);
  const results = new Map<string, FeedResult>();
  await Promise.all(
    providers.map(async (provider) => {
      const entry = statusFeedOf(provider.id);
      if (entry) results.set(provider.id, await feeds.read(provider.id, entry, settings.timeoutMs));
    }),
  );
  const { notices, notified } = providerIncidentNotices(
    providers,
    results,
    notifiedOf((await ctx.local.get(NOTIFIED_INCIDENTS_KEY))[NOTIFIED_INCIDENTS_KEY]),
    ctx.now(),
  );
  // Remembered before announcing: a worker stopped mid-way never announces the same incident twice.
  await ctx.local.set({ [NOTIFIED_INCIDENTS_KEY]: notified });
  for (const notice of notices) {
    const { title, message } = providerNoticeText(notice, ctx.translate);
    await browser.notifications.create(`${NOTIFICATION_PREFIX}${notice.domains[0] ?? ''}|${notice.key}`, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('icons/watchlist-alert-128.png'),
      title,
      message,
      priority: 1,
    });
  }
}

function notifiedOf(value: unknown): NotifiedIncidents {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(([, at]) => typeof at === 'number'),
  ) as NotifiedIncidents;
}
