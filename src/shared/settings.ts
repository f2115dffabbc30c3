import * as v from 'valibot';

/**
 * The extension's settings, stored in storage.local under the key `settings` (a public contract:
 * tests and managed deployments write it). Every field has a default; an invalid or missing field
 * falls back to it instead of discarding the rest.
 */
export const SETTINGS_VERSION = 1;

export const DEFAULT_DOH_URL = 'https://cloudflare-dns.com/dns-query';
export const DEFAULT_RDAP_BOOTSTRAP_URL = 'https://data.iana.org/rdap/dns.json';

export const LOOKUP_MODES = ['auto', 'click', 'watchlist'] as const;
export type LookupMode = (typeof LOOKUP_MODES)[number];

export const CHECK_INTERVALS_HOURS = [6, 12, 24, 168] as const;

export interface Settings {
  version: number;
  dohUrl: string;
  rdapBootstrapUrl: string;
  lookupMode: LookupMode;
  /** Look up sites in incognito windows too (off: nothing leaves the browser from them). */
  allowIncognito: boolean;
  expiryWarningDays: number;
  expiryCriticalDays: number;
  checkIntervalHours: number;
  notifications: { findings: boolean; expiry: boolean; changes: boolean };
  timeoutMs: number;
  /** Minimum gap between two requests to the same RDAP server during a watchlist sweep. */
  rdapPacingMs: number;
  /** The first-run page (which says what is sent where) has been seen. */
  firstRunDone: boolean;
  /** Read the mail provider's own public status feed (popup, watchlist); off: no feed is ever asked. */
  providerStatus: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  dohUrl: DEFAULT_DOH_URL,
  rdapBootstrapUrl: DEFAULT_RDAP_BOOTSTRAP_URL,
  lookupMode: 'auto',
  allowIncognito: false,
  expiryWarningDays: 30,
  expiryCriticalDays: 7,
  checkIntervalHours: 24,
  notifications: { findings: true, expiry: true, changes: true },
  timeoutMs: 8000,
  rdapPacingMs: 1000,
  firstRunDone: false,
  providerStatus: true,
};

const days = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(365));

const fieldSchemas = {
  version: v.number(),
  dohUrl: v.pipe(v.string(), v.url()),
  rdapBootstrapUrl: v.pipe(v.string(), v.url()),
  lookupMode: v.picklist(LOOKUP_MODES),
  allowIncognito: v.boolean(),
  expiryWarningDays: days,
  expiryCriticalDays: days,
  checkIntervalHours: v.picklist(CHECK_INTERVALS_HOURS),
  notifications: v.pipe(
    v.union([
      v.boolean(),
      v.object({
        findings: v.optional(v.boolean()),
        expiry: v.optional(v.boolean()),
        changes: v.optional(v.boolean()),
      }),
    ]),
    // A single on/off switch, or a kind left out, keeps what the user meant instead of resetting all three.
    v.transform((value) =>
      typeof value === 'boolean'
        ? { findings: value, expiry: value, changes: value }
        : { ...DEFAULT_SETTINGS.notifications, ...stripUndefined(value) },
    ),
  ),
  timeoutMs: v.pipe(v.number(), v.integer(), v.minValue(500), v.maxValue(60_000)),
  rdapPacingMs: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(60_000)),
  firstRunDone: v.boolean(),
  providerStatus: v.boolean(),
} satisfies { [K in keyof Settings]: v.GenericSchema<unknown, Settings[K]> };

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Reads whatever is stored (any shape, any version) into valid settings; never throws. */
export function normalizeSettings(stored: unknown): Settings {
  const input = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, schema] of Object.entries(fieldSchemas)) {
    const result = v.safeParse(schema, input[key]);
    if (result.success) out[key] = result.output;
  }
  const settings = out as unknown as Settings;
  if (settings.expiryCriticalDays > settings.expiryWarningDays) {
    settings.expiryCriticalDays = settings.expiryWarningDays;
  }
  settings.version = SETTINGS_VERSION;
  return settings;
}
