import { browser } from '../shared/browser.ts';
import { hasHostAccess } from '../shared/host-access.ts';
import type { Settings } from '../shared/settings.ts';
import { paintBadge } from './badge.ts';
import { checkingBadge, clearedBadge, reportBadge } from './badge-state.ts';
import type { WorkerContext } from './context.ts';
import { looksUpWhileBrowsing, tabDomain } from './tab-policy.ts';
import type { WatchlistWorker } from './watchlist-worker.ts';

/**
 * Follows tab navigation: each http(s) page gets its registrable domain, a badge from the cache at
 * once, and (depending on the lookup mode) a lookup when the cache is missing or stale.
 */
export function watchTabs(ctx: WorkerContext, watchlist: Pick<WatchlistWorker, 'isWatched'>): void {
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    if (change.url !== undefined || change.status === 'loading' || change.status === 'complete') {
      void onTabPage(ctx, watchlist, tabId, tab);
    }
  });
  // Switching to a tab re-checks it: its cached report may have gone stale, or the worker may have
  // been stopped in the middle of its lookup, leaving the "checking" mark behind.
  browser.tabs.onActivated.addListener(({ tabId }) => {
    void browser.tabs
      .get(tabId)
      .then((tab) => onTabPage(ctx, watchlist, tabId, tab))
      .catch(() => undefined);
  });
  browser.tabs.onRemoved.addListener((tabId) => void ctx.tabs.set(tabId, null));
}

async function onTabPage(
  ctx: WorkerContext,
  watchlist: Pick<WatchlistWorker, 'isWatched'>,
  tabId: number,
  tab: { url?: string; incognito: boolean },
): Promise<void> {
  const settings = await ctx.settings();
  const domain = tabDomain(tab, settings, ctx.domainOf);
  if (domain === null) {
    await ctx.tabs.set(tabId, null);
    await paintBadge(tabId, clearedBadge(ctx.translate));
    return;
  }
  const previous = await ctx.tabs.get(tabId);
  await ctx.tabs.set(tabId, { domain });
  const cached = await ctx.cache.get(domain);
  if (cached)
    await paintBadge(tabId, reportBadge(cached.report, badgeExpiry(settings), ctx.now(), ctx.translate));
  if (cached?.fresh) return;
  if (!(await looksUpWhileBrowsing(settings.lookupMode, () => watchlist.isWatched(domain)))) {
    if (!cached) await paintBadge(tabId, clearedBadge(ctx.translate));
    return;
  }
  // Firefox lets the user withhold or withdraw host permissions: without them every fetch fails, so
  // look nothing up (and cache no failure) until the popup or first-run page has asked for them.
  if (!(await hasHostAccess())) {
    if (!cached) await paintBadge(tabId, clearedBadge(ctx.translate));
    return;
  }
  // A page load fires several updates; one lookup per domain is enough (Lookups shares it).
  if (!cached && (previous?.domain !== domain || !ctx.lookups.isRunning(domain))) {
    await paintBadge(tabId, checkingBadge(domain, ctx.translate));
  }
  // An allowed incognito tab is looked up, but nothing about it is written to disk: its badge comes
  // from the answer itself, not from the cache.
  const result = await ctx.lookups.fresh(domain, tab.incognito ? 'private' : 'normal');
  if (result.kind === 'report' && tab.incognito) {
    await paintBadge(tabId, reportBadge(result.report, badgeExpiry(settings), ctx.now(), ctx.translate));
  } else if (result.kind !== 'report') await repaintDomain(ctx, domain);
}

export function badgeExpiry(settings: Settings): { warningDays: number } {
  return { warningDays: settings.expiryWarningDays };
}

/** Repaints every tab that shows `domain`, from its cached report (or clears it when there is none). */
export async function repaintDomain(ctx: WorkerContext, domain: string): Promise<void> {
  const [tabIds, cached, settings] = await Promise.all([
    ctx.tabs.tabsShowing(domain),
    ctx.cache.get(domain),
    ctx.settings(),
  ]);
  const state = cached
    ? reportBadge(cached.report, badgeExpiry(settings), ctx.now(), ctx.translate)
    : clearedBadge(ctx.translate);
  await Promise.all(tabIds.map((tabId) => paintBadge(tabId, state)));
}
