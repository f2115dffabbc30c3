import type { Runtime } from 'webextension-polyfill';
import { browser } from '../shared/browser.ts';
import {
  type Envelope,
  type Handlers,
  parseRequest,
  type ReportView,
  type RequestOf,
  type Sender,
  type WorkerEvent,
} from '../shared/messages.ts';
import { writeSettings } from '../shared/storage.ts';
import type { WorkerContext } from './context.ts';
import { withProviderStatus } from './provider-feeds.ts';
import { workerFeeds } from './provider-feeds-worker.ts';
import { isWebPage } from './tab-policy.ts';
import { testResolver } from './watchlist-resolver-test.ts';
import type { WatchlistWorker } from './watchlist-worker.ts';

/**
 * The worker's one message listener: only this extension's own pages are answered, every request
 * is checked against the protocol's table, and every answer travels in an envelope, so a handler
 * that failed reaches the page as an error, never as a value.
 */
export function listenForMessages(handlers: Handlers): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id) return undefined;
    const request = parseRequest(message);
    if (!request) return undefined;
    const handler = handlers[request.type] as (r: typeof request, s: Sender) => Promise<unknown>;
    const from: Sender = sender.tab ? { tab: { id: sender.tab.id, incognito: sender.tab.incognito } } : {};
    return handler(request, from).then(
      (value): Envelope<unknown> => ({ ok: true, value }),
      (error: unknown): Envelope<unknown> => ({
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  });
}

/** Tells open pages something changed; no page open is not an error. */
export function broadcast(event: WorkerEvent): void {
  void browser.runtime.sendMessage(event).catch(() => undefined);
}

export function createHandlers(ctx: WorkerContext, watchlist: WatchlistWorker): Handlers {
  const service = watchlist.service;
  return {
    'report/get': (request, sender) => reportView(ctx, watchlist, request, sender),
    'settings/get': () => ctx.settings(),
    'settings/set': async ({ patch }) => {
      const result = await writeSettings(ctx.local, patch, (items) => ctx.caches.local.writeUserData(items));
      if (result.ok) broadcast({ event: 'settings/changed' });
      return result;
    },
    'watchlist/get': () => service.view(),
    'watchlist/add': ({ input }) => service.add(input),
    'watchlist/remove': ({ domain }) => service.remove(domain),
    'watchlist/restore': ({ entry, index }) => service.restore(entry, index),
    'watchlist/set-notes': ({ domain, notes }) => service.setNotes(domain, notes),
    'watchlist/set-manual-expiry': ({ domain, date }) => service.setManualExpiry(domain, date),
    'watchlist/import': ({ text, format }) => service.import(text, format),
    'watchlist/export': ({ format }) => service.export(format),
    'watchlist/check-all': () => watchlist.checkAll(),
    'watchlist/recheck': ({ domain }) => service.recheck(domain),
    'watchlist/sweep-status': () => service.status(),
    'resolver/test': async ({ url }) => {
      const settings = await ctx.settings();
      return testResolver(url, (endpoint) => ctx.clients.resolverFor(endpoint, settings));
    },
    'report/part': async (request, sender) => {
      let input = request.domain;
      // An incognito tab's lookup is private: its part goes only to the popup of that tab.
      let incognito = sender.tab?.incognito === true;
      if (input === undefined && request.tabId !== undefined) {
        const tab = await browser.tabs.get(request.tabId).catch(() => null);
        input = tab?.url ?? undefined;
        incognito = incognito || tab?.incognito === true;
      }
      const parsed = input === undefined ? null : ctx.domainOf(input);
      const part = parsed?.ok ? ctx.lookups.partOf(parsed.domain, { private: incognito }) : null;
      if (!part) return null;
      const settings = await ctx.settings();
      return {
        ...part,
        expiry: { warningDays: settings.expiryWarningDays, criticalDays: settings.expiryCriticalDays },
      };
    },
    'provider-status/get': async ({ domain }) => {
      const settings = await ctx.settings();
      if (!settings.providerStatus) return { kind: 'off' };
      const cached = await ctx.cache.get(domain);
      if (!cached) return { kind: 'no-report' };
      const options = { timeoutMs: settings.timeoutMs, translate: ctx.translate };
      return { kind: 'ready', ...(await withProviderStatus(workerFeeds(ctx.now), cached.report, options)) };
    },
  };
}

/**
 * The popup's view of a domain (from `?domain=`) or of the page in a tab. Opening the popup is an
 * explicit request, so it looks up in every lookup mode, but never for an incognito tab the user has
 * not allowed (nothing is asked, nothing stored); an allowed incognito tab's report is not written
 * to disk.
 */
async function reportView(
  ctx: WorkerContext,
  watchlist: WatchlistWorker,
  request: RequestOf<'report/get'>,
  sender: Sender,
): Promise<ReportView> {
  const settings = await ctx.settings();
  let input = request.domain;
  let incognito = sender.tab?.incognito === true;
  if (input === undefined && request.tabId !== undefined) {
    const tab = await browser.tabs.get(request.tabId).catch(() => null);
    if (!tab || !isWebPage(tab.url)) return { kind: 'no-page' };
    input = tab.url;
    incognito = incognito || tab.incognito;
  }
  if (input === undefined) return { kind: 'no-page' };
  if (incognito && !settings.allowIncognito) return { kind: 'incognito' };
  const parsed = ctx.domainOf(input);
  // A page's host name says what was refused; its full address would only add noise (and a path).
  if (!parsed.ok) return { kind: 'not-public', input: hostOf(input), reason: parsed.reason };
  const result = await ctx.lookups.report(parsed.domain, {
    ...(request.refresh ? { refresh: true } : {}),
    ...(incognito ? { private: true } : {}),
  });
  switch (result.kind) {
    case 'report':
      return {
        kind: 'ready',
        report: result.report,
        fromCache: result.fromCache,
        watched: await watchlist.isWatched(result.report.domain),
        expiry: { warningDays: settings.expiryWarningDays, criticalDays: settings.expiryCriticalDays },
      };
    case 'not-public':
      return { kind: 'not-public', input: result.input, reason: result.reason };
    case 'failed':
      return { kind: 'failed', domain: result.domain, message: result.message };
  }
}

function hostOf(input: string): string {
  try {
    return new URL(input).hostname || input;
  } catch {
    return input;
  }
}
