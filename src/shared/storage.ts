import { checkSettingsPatch, normalizeSettings, type Settings } from './settings.ts';

/**
 * Thin typed wrappers over browser.storage, so the managers can be handed a fake area in tests.
 * `local` keeps settings, the watchlist and the report cache; `session` keeps per-tab state, which
 * must outlive the service worker (it can be stopped between two events) but not the browser.
 */
export interface StorageArea {
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export const SETTINGS_KEY = 'settings';

export async function readSettings(area: StorageArea): Promise<Settings> {
  const stored = await area.get(SETTINGS_KEY);
  return normalizeSettings(stored[SETTINGS_KEY]);
}

/**
 * The worker's write of a settings change (the pages ask it by message): refused as a whole when a
 * field breaks its rules. Fields this version does not know are kept as they were stored (a newer
 * version's settings survive a downgrade).
 */
export async function writeSettings(
  area: StorageArea,
  patch: Record<string, unknown>,
  write: (items: Record<string, unknown>) => Promise<void> = (items) => area.set(items),
): Promise<{ ok: true; settings: Settings } | { ok: false; field: keyof Settings; reason: string }> {
  const checked = checkSettingsPatch(patch);
  if (!checked.ok) return checked;
  const stored = (await area.get(SETTINGS_KEY))[SETTINGS_KEY];
  const kept = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const next = normalizeSettings({ ...kept, ...checked.patch });
  const version =
    typeof kept.version === 'number' && kept.version > next.version ? kept.version : next.version;
  await write({ [SETTINGS_KEY]: { ...kept, ...next, version } });
  return { ok: true, settings: next };
}

/**
 * An in-memory area with chrome.storage's semantics (copies in and out), for tests; with
 * `quotaBytes`, a write that would take the area past it fails as Chromium's does (nothing of it is
 * stored), counting bytes the way Chromium does (key plus the JSON of the value).
 */
export function memoryStorageArea(
  initial: Record<string, unknown> = {},
  { quotaBytes = Number.POSITIVE_INFINITY }: { quotaBytes?: number } = {},
): StorageArea & {
  dump(): Record<string, unknown>;
  bytesInUse(): number;
} {
  const data = new Map<string, unknown>(Object.entries(structuredClone(initial)));
  const sizes = new Map<string, number>();
  for (const [key, value] of data) sizes.set(key, key.length + JSON.stringify(value).length);
  let used = [...sizes.values()].reduce((a, b) => a + b, 0);
  return {
    async get(keys) {
      const wanted = keys === null ? [...data.keys()] : Array.isArray(keys) ? keys : [keys];
      const out: Record<string, unknown> = {};
      for (const key of wanted) if (data.has(key)) out[key] = structuredClone(data.get(key));
      return out;
    },
    async set(items) {
      const next = Object.entries(items).map(
        ([key, value]) => [key, key.length + (JSON.stringify(value)?.length ?? 0)] as const,
      );
      const after = next.reduce((total, [key, bytes]) => total + bytes - (sizes.get(key) ?? 0), used);
      if (after > quotaBytes) throw new Error('QUOTA_BYTES quota exceeded');
      for (const [key, value] of Object.entries(items)) data.set(key, structuredClone(value));
      for (const [key, bytes] of next) sizes.set(key, bytes);
      used = after;
    },
    async remove(keys) {
      for (const key of Array.isArray(keys) ? keys : [keys]) {
        used -= sizes.get(key) ?? 0;
        sizes.delete(key);
        data.delete(key);
      }
    },
    dump: () => Object.fromEntries(data),
    bytesInUse: () => used,
  };
}
