import { normalizeSettings, type Settings } from './settings.ts';

/**
 * Thin typed wrappers over chrome.storage, so the managers can be handed a fake area in tests.
 * `local` keeps settings, the watchlist and the report cache; `session` keeps per-tab state, which
 * must outlive the service worker (it can be stopped between two events) but not the browser.
 */
export interface StorageArea {
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export const SETTINGS_KEY = 'settings';
export const WATCHLIST_KEY = 'watchlist';

export async function readSettings(area: StorageArea): Promise<Settings> {
  const stored = await area.get(SETTINGS_KEY);
  return normalizeSettings(stored[SETTINGS_KEY]);
}

export async function writeSettings(area: StorageArea, patch: Partial<Settings>): Promise<Settings> {
  const current = await readSettings(area);
  const next = normalizeSettings({ ...current, ...patch });
  await area.set({ [SETTINGS_KEY]: next });
  return next;
}

/** An in-memory area with chrome.storage's semantics (copies in and out), for tests. */
export function memoryStorageArea(initial: Record<string, unknown> = {}): StorageArea & {
  dump(): Record<string, unknown>;
} {
  const data = new Map<string, unknown>(Object.entries(structuredClone(initial)));
  return {
    async get(keys) {
      const wanted = keys === null ? [...data.keys()] : Array.isArray(keys) ? keys : [keys];
      const out: Record<string, unknown> = {};
      for (const key of wanted) if (data.has(key)) out[key] = structuredClone(data.get(key));
      return out;
    },
    async set(items) {
      for (const [key, value] of Object.entries(items)) data.set(key, structuredClone(value));
    },
    async remove(keys) {
      for (const key of Array.isArray(keys) ? keys : [keys]) data.delete(key);
    },
    dump: () => Object.fromEntries(data),
  };
}
