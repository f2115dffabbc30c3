import type { LookupMode, Settings } from '../shared/settings.ts';
import type { DomainOfInput } from './lookup.ts';

/** The pages the worker looks at: web pages only (no chrome://, file:, extension pages). */
export function isWebPage(url: string | undefined): url is string {
  return typeof url === 'string' && /^https?:\/\//i.test(url);
}

/**
 * The registrable domain of a tab's page, or null when nothing about it may leave the browser:
 * not a web page, an incognito window the user has not allowed, or not a public domain (an IP,
 * localhost, an intranet name).
 */
export function tabDomain(
  tab: { url?: string; incognito: boolean },
  settings: Pick<Settings, 'allowIncognito'>,
  domainOf: (input: string) => DomainOfInput,
): string | null {
  if (!isWebPage(tab.url)) return null;
  if (tab.incognito && !settings.allowIncognito) return null;
  const parsed = domainOf(tab.url);
  return parsed.ok ? parsed.domain : null;
}

/** Whether browsing to a domain starts a lookup (the popup opening always does). */
export async function looksUpWhileBrowsing(
  mode: LookupMode,
  isWatched: () => Promise<boolean>,
): Promise<boolean> {
  switch (mode) {
    case 'auto':
      return true;
    case 'watchlist':
      return isWatched();
    case 'click':
      return false;
  }
}
