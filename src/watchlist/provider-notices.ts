import type { Translate } from '../core/i18n/translate.ts';
import type { FeedResult } from '../core/status/provider-status.ts';
import type { StatusIncident } from '../core/status/types.ts';
import type { Watchlist } from './model.ts';

/**
 * The watchlist's provider-incident notifications: one per incident (not per domain), naming the
 * watched domains it affects, raised once. Which incidents were announced is remembered (by provider
 * and incident id) across sweeps and worker restarts; memories older than a month are let go.
 */
export const NOTIFIED_INCIDENTS_KEY = 'providerIncidentsNotified';
export const NOTIFIED_KEEP_MS = 30 * 86_400_000;
export const MAX_NOTIFIED = 500;
/** A notification names this many domains, then "+N". */
const MAX_NAMED_DOMAINS = 5;

export type NotifiedIncidents = Record<string, number>;

export interface WatchedProvider {
  id: string;
  name: string;
  /** Display names of the watched domains whose mail goes through it, in watchlist order. */
  domains: string[];
}

export interface ProviderIncidentNotice {
  /** `<provider id>|<incident id>`: the notification's identity. */
  key: string;
  provider: { id: string; name: string };
  incident: StatusIncident;
  domains: string[];
}

/** The providers and gateways of the watched domains, from their last reports. */
export function watchedProviders(watchlist: Watchlist): WatchedProvider[] {
  const byId = new Map<string, WatchedProvider>();
  for (const entry of watchlist.domains) {
    const summary = entry.lastReport;
    if (!summary) continue;
    for (const provider of [summary.gateway, summary.provider]) {
      if (!provider) continue;
      const known = byId.get(provider.id) ?? { id: provider.id, name: provider.name, domains: [] };
      if (!known.domains.includes(entry.unicode)) known.domains.push(entry.unicode);
      byId.set(provider.id, known);
    }
  }
  return [...byId.values()];
}

/** New incidents to announce, and the remembered set after announcing them (pruned). */
export function providerIncidentNotices(
  providers: readonly WatchedProvider[],
  feeds: ReadonlyMap<string, FeedResult>,
  notified: NotifiedIncidents,
  now: number,
): { notices: ProviderIncidentNotice[]; notified: NotifiedIncidents } {
  const kept: NotifiedIncidents = {};
  for (const [key, at] of Object.entries(notified)) {
    if (typeof at === 'number' && now - at < NOTIFIED_KEEP_MS) kept[key] = at;
  }
  const notices: ProviderIncidentNotice[] = [];
  for (const provider of providers) {
    const feed = feeds.get(provider.id);
    if (!feed?.ok) continue;
    for (const incident of feed.incidents) {
      const key = `${provider.id}|${incident.id}`;
      if (key in kept) continue;
      kept[key] = now;
      notices.push({
        key,
        provider: { id: provider.id, name: provider.name },
        incident,
        domains: provider.domains,
      });
    }
  }
  return { notices, notified: newestEntries(kept, MAX_NOTIFIED) };
}

function newestEntries(record: NotifiedIncidents, max: number): NotifiedIncidents {
  const entries = Object.entries(record);
  if (entries.length <= max) return record;
  return Object.fromEntries(entries.sort((a, b) => b[1] - a[1]).slice(0, max));
}

/** The notification's words (locales/<lang>/status.json). */
export function providerNoticeText(
  notice: ProviderIncidentNotice,
  t: Translate,
): { title: string; message: string } {
  const named = notice.domains.slice(0, MAX_NAMED_DOMAINS).join(', ');
  const more =
    notice.domains.length > MAX_NAMED_DOMAINS ? ` +${notice.domains.length - MAX_NAMED_DOMAINS}` : '';
  return {
    title: t('providerNoticeTitle', [notice.provider.name]),
    message: t('providerNoticeMessage', [notice.incident.title, named + more]),
  };
}
