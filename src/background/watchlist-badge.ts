import type { Translate } from '../core/i18n/translate.ts';
import { daysUntil } from '../core/rdap/dates.ts';
import type { Settings } from '../shared/settings.ts';
import { effectiveExpiry } from '../watchlist/expiry.ts';
import type { Watchlist } from '../watchlist/model.ts';

/**
 * The toolbar's default (tab-less) badge: when a watched domain is critical, the user sees it on
 * every page, including healthy ones. A tab's own badge (set per tabId by the badge manager) wins
 * over this default, so a critical site still shows its own state; a healthy tab resets its badge to
 * the default and so shows this mark. The mark is distinct from per-site badges: a "★" with
 * the count, on a purple background, and a title that names the domains.
 */
export const WATCHLIST_BADGE_COLOR = '#6a1b9a';

export interface WatchlistAlert {
  /** Watched domains that are critical now (unicode), worst first. */
  critical: string[];
  text: string;
  title: string;
}

export function criticalWatched(
  watchlist: Watchlist,
  settings: Pick<Settings, 'expiryCriticalDays'>,
  now: number,
): string[] {
  return watchlist.domains
    .filter((e) => {
      if (e.lastReport?.worst === 'critical') return true;
      const expiry = effectiveExpiry(e);
      return (daysUntil(expiry?.date, now) ?? Number.POSITIVE_INFINITY) <= settings.expiryCriticalDays;
    })
    .map((e) => e.unicode);
}

export function watchlistAlert(
  watchlist: Watchlist,
  settings: Pick<Settings, 'expiryCriticalDays'>,
  now: number,
  t: Translate,
): WatchlistAlert {
  const critical = criticalWatched(watchlist, settings, now);
  if (critical.length === 0) return { critical, text: '', title: '' };
  const shown = critical.slice(0, 5).join(', ') + (critical.length > 5 ? ', …' : '');
  return {
    critical,
    text: critical.length > 9 ? '★9+' : `★${critical.length}`,
    title: t('badge_watchlist_critical', [shown]),
  };
}

/** The alert currently shown; read by the tab badge painter through {@link decorateTabBadge}. */
let current: WatchlistAlert = { critical: [], text: '', title: '' };

export function currentWatchlistAlert(): WatchlistAlert {
  return current;
}

/**
 * The hook the per-tab badge painter calls: a tab with nothing of its own to show carries the
 * watchlist mark (a tab-specific empty text would otherwise hide the default badge), and its
 * title gets the watchlist line under its own.
 */
export function decorateTabBadge<S extends { text: string; color: string; title: string }>(state: S): S {
  if (state.text !== '' || current.text === '') return state;
  return {
    ...state,
    text: current.text,
    color: WATCHLIST_BADGE_COLOR,
    title: `${state.title}\n${current.title}`,
  };
}

export function setWatchlistAlert(alert: WatchlistAlert): boolean {
  const changed = alert.text !== current.text || alert.title !== current.title;
  current = alert;
  return changed;
}
