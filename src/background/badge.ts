import { browser } from '../shared/browser.ts';
import type { BadgeState } from './badge-state.ts';
import { decorateTabBadge } from './watchlist-badge.ts';

/** Paints one tab's toolbar badge and title. The tab may have closed meanwhile: that is not an error. */
export async function paintBadge(tabId: number, own: BadgeState): Promise<void> {
  // A tab with nothing of its own shows the watchlist's mark when a watched domain is critical.
  const state = decorateTabBadge(own);
  try {
    await Promise.all([
      browser.action.setBadgeText({ tabId, text: state.text }),
      browser.action.setBadgeBackgroundColor({ tabId, color: state.color }),
      browser.action.setBadgeTextColor?.({ tabId, color: '#ffffff' }),
      browser.action.setTitle({ tabId, title: state.title }),
    ]);
  } catch {
    // "No tab with id": closed between the lookup and now.
  }
}
