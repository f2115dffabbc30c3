import { type Bootstrap, createBootstrap } from '../core/rdap/bootstrap.ts';
import type { Settings } from '../shared/settings.ts';
import { readSettings, SETTINGS_KEY } from '../shared/storage.ts';
import { formatDate } from '../ui/format.ts';
import { isWatchlistRequest, type WatchlistRequest, type WatchlistResponses } from '../watchlist/messages.ts';
import { WATCHLIST_STORAGE_KEY, type Watchlist } from '../watchlist/model.ts';
import { noticeText } from '../watchlist/notice-text.ts';
import type { Notice } from '../watchlist/notify.ts';
import { loadWatchlist } from '../watchlist/schema.ts';
import { type KeyValueStorage, readSweep } from '../watchlist/sweep.ts';
import type { WorkerContext } from './context.ts';
import { persistentBootstrapCache } from './dns-cache.ts';
import { setWatchlistAlert, WATCHLIST_BADGE_COLOR, watchlistAlert } from './watchlist-badge.ts';
import { testResolver } from './watchlist-resolver-test.ts';
import { WatchlistService } from './watchlist-service.ts';

export const SWEEP_ALARM = 'watchlist-sweep';
/** While a sweep is unfinished, this alarm wakes a stopped worker to resume it. */
export const RESUME_ALARM = 'watchlist-resume';
const NOTIFICATION_PREFIX = 'watchlist:';

let service: WatchlistService | null = null;

/** The running service, for the popup's add/remove handlers (one writer for the watchlist). */
export function activeWatchlistService(): WatchlistService | null {
  return service;
}

/**
 * Wires the watchlist into the worker: alarms, notifications, messages from the options page and
 * the toolbar's watchlist mark. Listeners are added synchronously (MV3 delivers the waking event
 * only to listeners registered in the first turn).
 */
export function startWatchlist(ctx: WorkerContext): WatchlistService {
  const storage: KeyValueStorage = {
    get: async (key) => (await ctx.local.get(key))[key],
    set: (key, value) => ctx.local.set({ [key]: value }),
  };
  const instance = new WatchlistService({
    storage,
    now: ctx.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    holder: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
    settings: () => readSettings(ctx.local),
    checkDomain: async (domain, _signal, recheck) => {
      const result = await ctx.lookups.fresh(domain, recheck === true);
      if (result.kind === 'report') return result.report;
      throw new Error(result.kind === 'failed' ? result.message : `not a public domain (${result.reason})`);
    },
    normalise: (input) => {
      const parsed = ctx.domainOf(input);
      return parsed.ok ? parsed : { ok: false, reason: parsed.reason };
    },
    serverFor: rdapServerOf(ctx),
    notify: (notice) => showNotice(ctx, notice),
    changed: (watchlist) => refreshBadge(ctx, watchlist),
    t: ctx.translate,
    formatDate: (iso) => formatDate(iso) ?? iso,
    cachedReport: async (domain) => (await ctx.cache.get(domain))?.report ?? null,
  });
  service = instance;

  chrome.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SWEEP_ALARM) void instance.checkAll().then(() => ensureResumeAlarm(storage));
    if (alarm.name === RESUME_ALARM) void resume(instance, storage);
  });
  chrome.notifications.onClicked.addListener((id) => {
    if (!id.startsWith(NOTIFICATION_PREFIX)) return;
    const domain = id.slice(NOTIFICATION_PREFIX.length).split('|')[0] ?? '';
    void chrome.tabs.create({
      url: chrome.runtime.getURL(`popup.html?domain=${encodeURIComponent(domain)}`),
    });
    void chrome.notifications.clear(id);
  });
  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id || !isWatchlistRequest(message)) return false;
    handle(ctx, instance, storage, message).then(sendResponse, (error: unknown) =>
      sendResponse({ error: error instanceof Error ? error.message : String(error) }),
    );
    return true;
  });
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    if (SETTINGS_KEY in changes) void scheduleSweep(ctx);
    if (WATCHLIST_STORAGE_KEY in changes || SETTINGS_KEY in changes) void refreshBadge(ctx);
  });

  void scheduleSweep(ctx);
  void refreshBadge(ctx);
  void resume(instance, storage);
  return instance;
}

/**
 * The host of the RDAP server that answers for a domain (from the same bootstrap file the reports
 * use, cached in storage.local), so that pacing covers registries serving many TLDs (CentralNic,
 * Identity Digital); the TLD when the file is unavailable.
 */
function rdapServerOf(ctx: WorkerContext): (domain: string) => Promise<string> {
  const cache = persistentBootstrapCache(ctx.local);
  let current: { url: string; bootstrap: Bootstrap } | null = null;
  return async (domain) => {
    const settings = await readSettings(ctx.local);
    if (current?.url !== settings.rdapBootstrapUrl) {
      const bootstrap = createBootstrap({
        url: settings.rdapBootstrapUrl,
        fetch: (input, init) => globalThis.fetch(input, init),
        now: ctx.now,
        timeoutMs: settings.timeoutMs,
        cache,
      });
      current = { url: settings.rdapBootstrapUrl, bootstrap };
    }
    const found = await current.bootstrap.baseUrlsFor(domain);
    const base = found.ok ? found.urls[0] : undefined;
    return base ? new URL(base).host : domain.slice(domain.lastIndexOf('.') + 1);
  };
}

async function resume(instance: WatchlistService, storage: KeyValueStorage): Promise<void> {
  const outcome = await instance.resume();
  if (outcome.status === 'done' || outcome.status === 'idle') await chrome.alarms.clear(RESUME_ALARM);
  else await ensureResumeAlarm(storage);
}

async function ensureResumeAlarm(storage: KeyValueStorage): Promise<void> {
  const record = await readSweep(storage);
  if (!record.active) return;
  if (!(await chrome.alarms.get(RESUME_ALARM))) {
    // 30 s is the shortest period Chrome allows an alarm (Chrome 120+).
    await chrome.alarms.create(RESUME_ALARM, { periodInMinutes: 0.5 });
  }
}

/** The periodic sweep follows settings.checkIntervalHours; an unchanged period keeps its schedule. */
export async function scheduleSweep(ctx: WorkerContext): Promise<void> {
  const settings = await readSettings(ctx.local);
  const period = settings.checkIntervalHours * 60;
  const existing = await chrome.alarms.get(SWEEP_ALARM);
  if (existing?.periodInMinutes === period) return;
  await chrome.alarms.create(SWEEP_ALARM, { delayInMinutes: period, periodInMinutes: period });
}

async function refreshBadge(ctx: WorkerContext, known?: Watchlist): Promise<void> {
  const settings: Settings = await readSettings(ctx.local);
  const watchlist =
    known ??
    loadWatchlist((await ctx.local.get(WATCHLIST_STORAGE_KEY))[WATCHLIST_STORAGE_KEY], ctx.now()).watchlist;
  const alert = watchlistAlert(watchlist, settings, ctx.now(), ctx.translate);
  const changed = setWatchlistAlert(alert);
  // The default (tab-less) badge: shown on every tab that has no badge of its own.
  await chrome.action.setBadgeText({ text: alert.text });
  await chrome.action.setBadgeBackgroundColor({ color: WATCHLIST_BADGE_COLOR });
  await chrome.action.setTitle({ title: alert.title || ctx.translate('extName') });
  if (changed) await repaintQuietTabs(alert.text, alert.title);
}

/** Tabs showing nothing (or an older watchlist mark) take the new mark; tabs with their own badge keep it. */
async function repaintQuietTabs(text: string, title: string): Promise<void> {
  const tabs = await chrome.tabs.query({});
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined) return;
      try {
        const own = await chrome.action.getBadgeText({ tabId: tab.id });
        if (own !== '' && !own.startsWith('★')) return;
        const ownTitle = (await chrome.action.getTitle({ tabId: tab.id })).split('\n')[0] ?? '';
        await chrome.action.setBadgeText({ tabId: tab.id, text });
        await chrome.action.setBadgeBackgroundColor({ tabId: tab.id, color: WATCHLIST_BADGE_COLOR });
        await chrome.action.setTitle({ tabId: tab.id, title: text ? `${ownTitle}\n${title}` : ownTitle });
      } catch {
        // The tab closed meanwhile.
      }
    }),
  );
}

async function showNotice(ctx: WorkerContext, notice: Notice): Promise<void> {
  const { title, message } = noticeText(notice, ctx.translate, (iso) => formatDate(iso) ?? iso);
  // One id per domain and kind: a newer notice of the same kind replaces the older one.
  await chrome.notifications.create(`${NOTIFICATION_PREFIX}${notice.domain}|${notice.kind}`, {
    type: 'basic',
    iconUrl: chrome.runtime.getURL('icons/watchlist-alert-128.png'),
    title,
    message: message || title,
    priority: notice.kind === 'finding' || notice.kind === 'expiry' ? 2 : 0,
  });
}

type Handled = WatchlistResponses[WatchlistRequest['type']];

async function handle(
  ctx: WorkerContext,
  instance: WatchlistService,
  storage: KeyValueStorage,
  request: WatchlistRequest,
): Promise<Handled> {
  switch (request.type) {
    case 'watchlist:add':
      return instance.add(String(request.input ?? ''));
    case 'watchlist:remove':
      return instance.remove(String(request.domain));
    case 'watchlist:restore':
      return instance.restore(request.entry, Number(request.index) || 0);
    case 'watchlist:set-notes':
      return instance.setNotes(String(request.domain), request.notes);
    case 'watchlist:set-manual-expiry':
      return instance.setManualExpiry(
        String(request.domain),
        request.date === null ? null : String(request.date),
      );
    case 'watchlist:import':
      return instance.import(String(request.text ?? ''), request.format);
    case 'watchlist:export':
      return instance.export(request.format);
    case 'watchlist:check-all': {
      const status = await instance.checkAll();
      await ensureResumeAlarm(storage);
      return status;
    }
    case 'watchlist:recheck':
      return instance.recheck(String(request.domain));
    case 'watchlist:sweep-status':
      return instance.status();
    case 'resolver:test':
      return testResolver(String(request.url), (await readSettings(ctx.local)).timeoutMs);
  }
}
