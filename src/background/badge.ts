import type { BadgeState } from './badge-state.ts';

/** Paints one tab's toolbar badge and title. The tab may have closed meanwhile: that is not an error. */
export async function paintBadge(tabId: number, state: BadgeState): Promise<void> {
  try {
    await Promise.all([
      chrome.action.setBadgeText({ tabId, text: state.text }),
      chrome.action.setBadgeBackgroundColor({ tabId, color: state.color }),
      chrome.action.setBadgeTextColor?.({ tabId, color: '#ffffff' }),
      chrome.action.setTitle({ tabId, title: state.title }),
    ]);
  } catch {
    // "No tab with id": closed between the lookup and now.
  }
}
