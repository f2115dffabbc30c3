import { parseRequest, type ReportView, type Request, type ResponseMap } from '../shared/messages.ts';
import { readSettings } from '../shared/storage.ts';
import type { WorkerContext } from './context.ts';
import { withProviderStatus, workerFeeds } from './provider-feeds.ts';
import { isWebPage } from './tab-policy.ts';
import { isWatched, unwatchDomain, watchDomain } from './watch-store.ts';
import { activeWatchlistService } from './watchlist-chrome.ts';

type Handlers = {
  [T in Request['type']]: (request: Extract<Request, { type: T }>) => Promise<ResponseMap[T]>;
};

/** Answers the pages' requests; only messages from this extension's own pages are accepted. */
export function listenForMessages(ctx: WorkerContext): void {
  const handlers = createHandlers(ctx);
  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id) return false;
    const request = parseRequest(message);
    if (!request) return false;
    const handler = handlers[request.type] as (r: Request) => Promise<unknown>;
    handler(request).then(sendResponse, (error: unknown) =>
      sendResponse({ kind: 'failed', domain: '', message: String(error) } satisfies ReportView),
    );
    return true;
  });
}

function createHandlers(ctx: WorkerContext): Handlers {
  return {
    'report/get': (request) => reportView(ctx, request),
    'report/cached': async ({ domain }) => (await ctx.cache.get(domain))?.report ?? null,
    'watchlist/add': async ({ domain }) => {
      // The watchlist service is the single writer of the stored watchlist while it runs.
      const service = activeWatchlistService();
      if (service) return { watched: (await service.add(domain)).ok };
      await watchDomain(ctx.local, domain, ctx.now());
      return { watched: true };
    },
    'watchlist/remove': async ({ domain }) => {
      const service = activeWatchlistService();
      if (service) {
        await service.remove(domain);
        return { watched: false };
      }
      await unwatchDomain(ctx.local, domain);
      return { watched: false };
    },
    'settings/updated': async () => ({ ok: true }),
    'provider-status/get': async ({ domain }) => {
      const settings = await readSettings(ctx.local);
      if (!settings.providerStatus) return { kind: 'off' };
      const cached = await ctx.cache.get(domain);
      if (!cached) return { kind: 'no-report' };
      const options = { timeoutMs: settings.timeoutMs, translate: ctx.translate };
      return { kind: 'ready', ...(await withProviderStatus(workerFeeds(ctx.now), cached.report, options)) };
    },
  };
}

/** The popup's view of a domain (from `?domain=`) or of the page in a tab; opening the popup is an explicit request, so it looks up in every lookup mode. */
async function reportView(
  ctx: WorkerContext,
  request: Extract<Request, { type: 'report/get' }>,
): Promise<ReportView> {
  let input = request.domain;
  if (input === undefined && request.tabId !== undefined) {
    const tab = await chrome.tabs.get(request.tabId).catch(() => null);
    if (!tab || !isWebPage(tab.url)) return { kind: 'no-page' };
    input = tab.url;
  }
  if (input === undefined) return { kind: 'no-page' };
  const parsed = ctx.domainOf(input);
  // A page's host name says what was refused; its full address would only add noise (and a path).
  if (!parsed.ok) return { kind: 'not-public', input: hostOf(input), reason: parsed.reason };
  const settings = await readSettings(ctx.local);
  const result = await ctx.lookups.report(parsed.domain, request.refresh ? { refresh: true } : {});
  switch (result.kind) {
    case 'report':
      return {
        kind: 'ready',
        report: result.report,
        fromCache: result.fromCache,
        watched: await isWatched(ctx.local, result.report.domain),
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
