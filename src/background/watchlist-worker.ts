import { browser } from '../shared/browser.ts';
import type { Settings } from '../shared/settings.ts';
import { SETTINGS_KEY } from '../shared/storage.ts';
import { formatDate } from '../ui/format.ts';
import type { SweepStatus } from '../watchlist/messages.ts';
import { WATCHLIST_STORAGE_KEY, type Watchlist } from '../watchlist/model.ts';
import { noticeText } from '../watchlist/notice-text.ts';
import type { Notice } from '../watchlist/notify.ts';
import { readSweep } from '../watchlist/sweep.ts';
import { rdapServerOf } from './clients.ts';
import type { WorkerContext } from './context.ts';
import { broadcast } from './messaging.ts';
import { openReportOnClick } from './notification-clicks.ts';
import { setWatchlistAlert, WATCHLIST_BADGE_COLOR, watchlistAlert } from './watchlist-badge.ts';
import { WatchlistService } from './watchlist-service.ts';

export const SWEEP_ALARM = 'watchlist-sweep';
/** While a sweep is unfinished, this alarm wakes a stopped worker to resume it. */
export const RESUME_ALARM = 'watchlist-resume';
const NOTIFICATION_PREFIX = 'watchlist:';

/** What the rest of the worker asks of the watchlist; its service is the single writer of `watchlist`. */
export interface WatchlistWorker {
  service: WatchlistService;
  isWatched(domain: string): Promise<boolean>;
  checkAll(): Promise<SweepStatus>;
}

/**
 * Wires the watchlist into the worker: alarms, notifications and the toolbar's watchlist mark.
 * Listeners are added synchronously (MV3 delivers the waking event only to listeners registered in
 * the first turn).
 */
export function startWatchlist(ctx: WorkerContext): WatchlistWorker {
  const storage = ctx.userData;
  const service = new WatchlistService({
    storage,
    now: ctx.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    holder: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
    settings: ctx.settings,
    checkDomain: async (domain, _signal, recheck) => {
      const result = await ctx.lookups.fresh(domain, recheck === true ? 'recheck' : 'normal');
      if (result.kind === 'report') return result.report;
      throw new Error(result.kind === 'failed' ? result.message : `not a public domain (${result.reason})`);
    },
    normalise: (input) => {
      const parsed = ctx.domainOf(input);
      return parsed.ok ? parsed : { ok: false, reason: parsed.reason };
    },
    serverFor: async (domain) => rdapServerOf(ctx.clients(await ctx.settings()).bootstrap, domain),
    notify: (notice) => showNotice(ctx, notice),
    changed: async (watchlist) => {
      broadcast({ event: 'watchlist/changed' });
      await refreshBadge(ctx, watchlist);
    },
    t: ctx.translate,
    formatDate: (iso) => formatDate(iso) ?? iso,
    cachedReport: async (domain) => (await ctx.cache.get(domain))?.report ?? null,
  });

  const resume = async () => {
    const outcome = await service.resume();
    if (outcome.status === 'done' || outcome.status === 'idle') await browser.alarms.clear(RESUME_ALARM);
    else await ensureResumeAlarm();
  };
  const ensureResumeAlarm = async () => {
    const record = await readSweep(storage);
    if (!record.active) return;
    if (!(await browser.alarms.get(RESUME_ALARM))) {
      // 30 s is the shortest period Chrome allows an alarm (Chrome 120+).
      await browser.alarms.create(RESUME_ALARM, { periodInMinutes: 0.5 });
    }
  };

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SWEEP_ALARM) void service.checkAll().then(ensureResumeAlarm);
    if (alarm.name === RESUME_ALARM) void resume();
  });
  openReportOnClick(NOTIFICATION_PREFIX);
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    // A change the store did not write (a managed reset, a test) reaches the open pages and the badge too.
    if (
      WATCHLIST_STORAGE_KEY in changes &&
      service.store.storedChanged(changes[WATCHLIST_STORAGE_KEY]?.newValue)
    ) {
      broadcast({ event: 'watchlist/changed' });
      void refreshBadge(ctx, undefined, service);
    }
    if (!(SETTINGS_KEY in changes)) return;
    void scheduleSweep(ctx);
    void refreshBadge(ctx);
  });

  void scheduleSweep(ctx);
  void refreshBadge(ctx, undefined, service);
  void resume();
  return {
    service,
    isWatched: async (domain) => (await service.read()).domains.some((e) => e.domain === domain),
    checkAll: async () => {
      const status = await service.checkAll();
      await ensureResumeAlarm();
      return status;
    },
  };
}

/** The periodic sweep follows settings.checkIntervalHours; an unchanged period keeps its schedule. */
export async function scheduleSweep(ctx: WorkerContext): Promise<void> {
  const settings = await ctx.settings();
  const period = settings.checkIntervalHours * 60;
  const existing = await browser.alarms.get(SWEEP_ALARM);
  if (existing?.periodInMinutes === period) return;
  await browser.alarms.create(SWEEP_ALARM, { delayInMinutes: period, periodInMinutes: period });
}

let latest: Watchlist | null = null;

async function refreshBadge(
  ctx: WorkerContext,
  known?: Watchlist,
  service?: WatchlistService,
): Promise<void> {
  const settings: Settings = await ctx.settings();
  if (known) latest = known;
  else if (service) latest = await service.read();
  if (!latest) return;
  const alert = watchlistAlert(latest, settings, ctx.now(), ctx.translate);
  const changed = setWatchlistAlert(alert);
  // The default (tab-less) badge: shown on every tab that has no badge of its own.
  await browser.action.setBadgeText({ text: alert.text });
  await browser.action.setBadgeBackgroundColor({ color: WATCHLIST_BADGE_COLOR });
  await browser.action.setTitle({ title: alert.title || ctx.translate('extName') });
  if (changed) await repaintQuietTabs(alert.text, alert.title);
}

/** Tabs showing nothing (or an older watchlist mark) take the new mark; tabs with their own badge keep it. */
async function repaintQuietTabs(text: string, title: string): Promise<void> {
  const tabs = await browser.tabs.query({});
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined) return;
      try {
        const own = await browser.action.getBadgeText({ tabId: tab.id });
        if (own !== '' && !own.startsWith('★')) return;
        const ownTitle = (await browser.action.getTitle({ tabId: tab.id })).split('\n')[0] ?? '';
        await browser.action.setBadgeText({ tabId: tab.id, text });
        await browser.action.setBadgeBackgroundColor({ tabId: tab.id, color: WATCHLIST_BADGE_COLOR });
        await browser.action.setTitle({ tabId: tab.id, title: text ? `${ownTitle}\n${title}` : ownTitle });
      } catch {
        // The tab closed meanwhile.
      }
    }),
  );
}

async function showNotice(ctx: WorkerContext, notice: Notice): Promise<void> {
  const { title, message } = noticeText(notice, ctx.translate, (iso) => formatDate(iso) ?? iso);
  // One id per domain and kind: a newer notice of the same kind replaces the older one.
  await browser.notifications.create(`${NOTIFICATION_PREFIX}${notice.domain}|${notice.kind}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('icons/watchlist-alert-128.png'),
    title,
    message: message || title,
    priority: notice.kind === 'finding' || notice.kind === 'expiry' ? 2 : 0,
  });
}
