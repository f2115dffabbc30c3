import { browser } from './browser.ts';

/**
 * MV3 host permissions (manifest `host_permissions`): the DoH resolver, RDAP servers and MTA-STS
 * policy hosts are fetched under them. Chromium grants them at install; Firefox treats them as
 * optional (the user may withhold them at install, with extensions.originControls.grantByDefault
 * off, or withdraw them any time from the add-ons manager), so every surface that looks something
 * up first asks whether it still may.
 */
export function hostOrigins(): string[] {
  return browser.runtime.getManifest().host_permissions ?? [];
}

export async function hasHostAccess(): Promise<boolean> {
  const origins = hostOrigins();
  if (origins.length === 0) return true;
  return browser.permissions.contains({ origins }).catch(() => false);
}

/**
 * Asks for the host permissions. Call it directly from a click handler, with no await before it:
 * browsers only show (or, in Firefox, only allow) the request during a user gesture.
 */
export function requestHostAccess(): Promise<boolean> {
  return browser.permissions.request({ origins: hostOrigins() }).catch(() => false);
}

/** Calls `listener` with the new answer whenever permissions are granted or withdrawn elsewhere. */
export function watchHostAccess(listener: (granted: boolean) => void): () => void {
  const changed = () => void hasHostAccess().then(listener);
  browser.permissions.onAdded.addListener(changed);
  browser.permissions.onRemoved.addListener(changed);
  return () => {
    browser.permissions.onAdded.removeListener(changed);
    browser.permissions.onRemoved.removeListener(changed);
  };
}
