import * as v from 'valibot';
import { hostToUnicode } from '../core/punycode.ts';
import {
  CHANGE_KINDS,
  type Change,
  emptyNotes,
  emptyWatchlist,
  HISTORY_LIMIT,
  NOTIFICATION_KINDS,
  type Notes,
  newEntry,
  type ReportSummary,
  SUMMARY_PARTS,
  WATCHLIST_VERSION,
  type WatchEntry,
  type Watchlist,
} from './model.ts';

/**
 * Validation of stored and imported watchlist data. Storage and import files are untrusted: every
 * field is checked, a bad field falls back to its default, and only an entry without a usable
 * domain is dropped (and reported).
 */
const severity = v.picklist(['critical', 'warning', 'info']);
/** A date every surface can show and the calendar export can write: years 0001 to 9999. */
const isoDate = v.pipe(
  v.string(),
  v.maxLength(40),
  v.check((s) => {
    const ms = Date.parse(s);
    if (Number.isNaN(ms)) return false;
    const year = new Date(ms).getUTCFullYear();
    return year >= 1 && year <= 9999;
  }, 'not a date'),
);
/** A calendar date; the check rejects 2026-02-31 because Date would roll it over. */
export const dayDate = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/),
  v.check((s) => s >= '0001-01-01', 'year 0'),
  v.check((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar date'),
);
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

/** The mark a shortened value carries, so nobody takes it for the whole. */
export const SHORTENED_MARK = '…';

/** `value` cut to `max` characters (whole code points), the last one being the mark. */
export function shorten(value: string, max: number): string {
  if (value.length <= max) return value;
  const points = [...value];
  if (points.length <= max) return value;
  return `${points.slice(0, max - 1).join('')}${SHORTENED_MARK}`;
}

/**
 * Remote text (a registrar's name, a TXT record, an error message) too long for storage is kept
 * shortened with a visible mark, never refused: refusing it would drop the whole summary (and with
 * it the baseline the next check compares with).
 */
const remoteText = (max: number) =>
  v.pipe(
    v.string(),
    v.transform((value) => shorten(value, max)),
  );
// Same label rule as the core's parser (it accepts `_`, which some registries allow in names).
const domainName = v.pipe(v.string(), v.regex(/^(?=.{1,253}$)[a-z0-9_-]+(\.[a-z0-9_-]+)+$/));

export const contactSchema = v.object({ name: text(200), email: text(320), phone: text(60) });

export const notesSchema = v.object({
  owner: text(500),
  renewalContacts: v.pipe(v.array(contactSchema), v.maxLength(20)),
  registrarAccount: text(500),
  mailSupport: text(500),
  text: text(10_000),
});

const providerRef = v.nullable(v.object({ id: remoteText(100), name: remoteText(200) }));
const names = v.array(remoteText(300));

export const summarySchema = v.object({
  checkedAt: isoDate,
  provider: providerRef,
  gateway: providerRef,
  mx: names,
  ns: names,
  registrar: v.nullable(remoteText(300)),
  expires: v.nullable(isoDate),
  status: names,
  spf: v.nullable(remoteText(4000)),
  dmarc: v.nullable(remoteText(4000)),
  rdap: v.picklist(['ok', 'none', 'failed', 'absent']),
  findings: v.array(v.object({ id: remoteText(100), severity })),
  worst: v.nullable(severity),
  unknown: v.array(v.picklist(SUMMARY_PARTS)),
  verdict: v.optional(v.picklist(['critical', 'warning', 'ok', 'incomplete'])),
  problem: v.optional(
    v.nullable(
      v.object({ id: remoteText(100), severity, args: v.pipe(v.array(remoteText(2000)), v.maxLength(9)) }),
    ),
  ),
  contacts: v.optional(
    v.object({
      providerSupport: v.nullable(remoteText(2000)),
      registrarUrl: v.nullable(remoteText(2000)),
      abuseEmail: v.nullable(remoteText(320)),
      abusePhone: v.nullable(remoteText(60)),
    }),
  ),
}) satisfies v.GenericSchema<ReportSummary>;

export const changeSchema = v.object({
  at: isoDate,
  kind: v.picklist(CHANGE_KINDS),
  before: v.nullable(remoteText(4000)),
  after: v.nullable(remoteText(4000)),
  findingId: v.optional(remoteText(100)),
  severity: v.optional(severity),
}) satisfies v.GenericSchema<Change>;

const lastNotifiedSchema = v.record(v.picklist(NOTIFICATION_KINDS), isoDate);

const entryFields = {
  addedAt: isoDate,
  notes: notesSchema,
  manualExpiry: v.nullable(dayDate),
  lastReport: v.nullable(summarySchema),
  lastError: v.nullable(v.object({ at: isoDate, message: remoteText(1000) })),
  lastNotified: lastNotifiedSchema,
  expiryAlert: v.nullable(v.object({ expires: isoDate, threshold: v.number() })),
};

export type EntryProblem = { index: number; reason: string };

/**
 * Reads one stored or imported entry. The domain must be valid; any other field that does not
 * validate takes its default, so a damaged note never costs the user the domain itself.
 */
export function readEntry(raw: unknown, now: number): WatchEntry | string {
  if (typeof raw === 'string') raw = { domain: raw };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'invalid-entry';
  const input = raw as Record<string, unknown>;
  const domain = v.safeParse(
    domainName,
    typeof input.domain === 'string' ? input.domain.toLowerCase() : null,
  );
  if (!domain.success) return 'invalid-domain';
  // Fields this version does not know (written by a newer one) are kept as they are.
  const known = new Set([...Object.keys(entryFields), 'domain', 'unicode', 'notes', 'history']);
  const unknown = Object.fromEntries(Object.entries(input).filter(([key]) => !known.has(key)));
  // The display name is always derived from the domain (punycode → Unicode), never taken from the
  // file: an imported `unicode` of "paypal.com" on evil-login.com would put one name on another.
  const entry: Record<string, unknown> = {
    ...unknown,
    ...newEntry(domain.output, hostToUnicode(domain.output), now),
  };
  for (const [key, schema] of Object.entries(entryFields)) {
    if (key === 'notes') continue;
    const result = v.safeParse(schema, input[key]);
    if (result.success) entry[key] = result.output;
  }
  entry.notes = readNotes(input.notes);
  entry.history = readHistory(input.history);
  return entry as unknown as WatchEntry;
}

/**
 * The history change by change: a damaged change is dropped alone; a change of a kind this version
 * does not know (a newer version's) is kept as it is, so reading never costs the user their history.
 */
export function readHistory(raw: unknown): Change[] {
  if (!Array.isArray(raw)) return [];
  const out: Change[] = [];
  for (const item of raw) {
    if (out.length >= HISTORY_LIMIT) break;
    const known = v.safeParse(changeSchema, item);
    if (known.success) out.push(known.output);
    else if (isForeignChange(item)) out.push(item as unknown as Change);
  }
  return out;
}

function isForeignChange(item: unknown): boolean {
  const c = item as { at?: unknown; kind?: unknown } | null;
  return (
    typeof c?.at === 'string' &&
    typeof c.kind === 'string' &&
    c.kind.length <= 100 &&
    !(CHANGE_KINDS as readonly string[]).includes(c.kind) &&
    JSON.stringify(item).length <= 10_000
  );
}

/** The limits of the notes' fields, shown next to each input and enforced by the worker. */
export const NOTE_LIMITS = {
  owner: 500,
  registrarAccount: 500,
  mailSupport: 500,
  text: 10_000,
  contacts: 20,
  contactName: 200,
  contactEmail: 320,
  contactPhone: 60,
} as const;

/**
 * Notes from a page: refused as a whole, naming the first field over its limit, so the page can say
 * so instead of "Saved" over a note cut short (or dropped). Returns the clean notes otherwise.
 */
export function checkNotes(
  raw: unknown,
): { ok: true; notes: Notes } | { ok: false; field: string; limit: number } {
  const input = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  for (const key of ['owner', 'registrarAccount', 'mailSupport', 'text'] as const) {
    const value = input[key];
    if (typeof value === 'string' && value.length > NOTE_LIMITS[key]) {
      return { ok: false, field: key, limit: NOTE_LIMITS[key] };
    }
  }
  const contacts = Array.isArray(input.renewalContacts) ? input.renewalContacts : [];
  if (contacts.length > NOTE_LIMITS.contacts) {
    return { ok: false, field: 'renewalContacts', limit: NOTE_LIMITS.contacts };
  }
  for (const contact of contacts) {
    const c = (contact ?? {}) as Record<string, unknown>;
    for (const [key, limit] of [
      ['name', NOTE_LIMITS.contactName],
      ['email', NOTE_LIMITS.contactEmail],
      ['phone', NOTE_LIMITS.contactPhone],
    ] as const) {
      if (typeof c[key] === 'string' && (c[key] as string).length > limit) {
        return { ok: false, field: `contact-${key}`, limit };
      }
    }
  }
  return { ok: true, notes: readNotes(raw) };
}

/**
 * Notes field by field: a bad contact list must not wipe the owner's name. Stored or imported text
 * over a limit is shortened with a visible mark rather than dropped.
 */
export function readNotes(raw: unknown): Notes {
  const notes = emptyNotes();
  if (typeof raw !== 'object' || raw === null) return notes;
  const input = raw as Record<string, unknown>;
  for (const key of ['owner', 'registrarAccount', 'mailSupport', 'text'] as const) {
    const value = input[key];
    if (typeof value === 'string') notes[key] = shorten(value, NOTE_LIMITS[key]);
  }
  if (Array.isArray(input.renewalContacts)) {
    for (const contact of input.renewalContacts.slice(0, NOTE_LIMITS.contacts)) {
      const c = contact as Record<string, unknown> | null;
      if (typeof c !== 'object' || c === null) continue;
      const field = (key: string, limit: number) =>
        typeof c[key] === 'string' ? shorten(c[key] as string, limit) : null;
      const name = field('name', NOTE_LIMITS.contactName);
      const email = field('email', NOTE_LIMITS.contactEmail);
      const phone = field('phone', NOTE_LIMITS.contactPhone);
      if (name === null && email === null && phone === null) continue;
      notes.renewalContacts.push({ name: name ?? '', email: email ?? '', phone: phone ?? '' });
    }
  }
  return notes;
}

/**
 * Migrations from older stored shapes. Version 0 is a bare array of domain names (or of `{ domain }`
 * objects) with no version field. Version 1 entries written by the popup before any check carry only
 * `{ domain, addedAt }`: the missing fields take their defaults in readEntry.
 */
function upgrade(stored: unknown): { version: number; entries: unknown[] } {
  if (Array.isArray(stored)) return { version: 0, entries: stored };
  if (typeof stored !== 'object' || stored === null) return { version: WATCHLIST_VERSION, entries: [] };
  const input = stored as { version?: unknown; domains?: unknown };
  const entries = Array.isArray(input.domains) ? input.domains : [];
  return { version: typeof input.version === 'number' ? input.version : 0, entries };
}

export interface LoadedWatchlist {
  watchlist: Watchlist;
  dropped: EntryProblem[];
  /** The stored entries this version could not read, exactly as stored: written back, never lost. */
  unreadable: unknown[];
  /** Stored by a newer version of the extension: shown, never overwritten by this one. */
  newer: boolean;
}

/** Reads whatever is stored under `watchlist` (any version, any damage) into a valid watchlist. */
export function loadWatchlist(stored: unknown, now: number): LoadedWatchlist {
  const { version, entries } = upgrade(stored);
  const extra =
    typeof stored === 'object' && stored !== null && !Array.isArray(stored)
      ? Object.fromEntries(Object.entries(stored).filter(([key]) => key !== 'version' && key !== 'domains'))
      : {};
  const watchlist: Watchlist = { ...extra, ...emptyWatchlist() };
  const dropped: EntryProblem[] = [];
  const unreadable: unknown[] = [];
  const seen = new Set<string>();
  entries.forEach((raw, index) => {
    const entry = readEntry(raw, now);
    if (typeof entry === 'string') {
      dropped.push({ index, reason: entry });
      unreadable.push(raw);
    } else if (seen.has(entry.domain)) {
      dropped.push({ index, reason: 'duplicate' });
    } else {
      seen.add(entry.domain);
      watchlist.domains.push(entry);
    }
  });
  return { watchlist, dropped, unreadable, newer: version > WATCHLIST_VERSION };
}
