import { ReportCache } from '../background/report-cache.ts';
import { isWatched } from '../background/watch-store.ts';
import type { ReportView } from '../shared/messages.ts';
import type { StorageArea } from '../shared/storage.ts';
import { readSettings } from '../shared/storage.ts';

/**
 * The popup's fast path: a fresh cached report read straight from storage (one hop instead of a
 * message to the worker, which then reads the same storage), so the popup opens in one frame. The
 * worker's answer still follows and wins; a stale or missing report waits for it.
 */
export async function cachedView(
  local: StorageArea,
  session: StorageArea,
  target: { domain: string } | { tabId: number },
  now: () => number,
): Promise<ReportView | null> {
  const domain =
    'domain' in target ? target.domain.trim().toLowerCase() : await tabDomain(session, target.tabId);
  if (!domain) return null;
  const [cached, settings, watched] = await Promise.all([
    new ReportCache(local, now).get(domain),
    readSettings(local),
    isWatched(local, domain),
  ]);
  if (!cached?.fresh) return null;
  return {
    kind: 'ready',
    report: cached.report,
    fromCache: true,
    watched,
    expiry: { warningDays: settings.expiryWarningDays, criticalDays: settings.expiryCriticalDays },
  };
}

async function tabDomain(session: StorageArea, tabId: number): Promise<string | null> {
  const state = (await session.get(`tab:${tabId}`))[`tab:${tabId}`] as { domain?: unknown } | undefined;
  return typeof state?.domain === 'string' ? state.domain : null;
}
