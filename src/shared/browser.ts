import type { Browser } from 'webextension-polyfill';
import polyfill from 'webextension-polyfill';

/**
 * The one door to the browser APIs: `browser.*` from webextension-polyfill, so Chromium and Firefox
 * run the same code with promises (no callbacks, no `chrome.runtime.lastError`). Nothing else in
 * src/ touches `chrome.*` or the polyfill; unit tests replace this module (`vi.mock`) or never load
 * it, because the polyfill refuses to load outside an extension.
 */
export const browser: Browser = polyfill;

export type { Browser };
