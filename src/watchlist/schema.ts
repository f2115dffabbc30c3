import * as v from 'valibot';
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
const isoDate = v.pipe(
  v.string(),
  v.check((s) => !Number.isNaN(Date.parse(s)), 'not a date'),
);
/** A calendar date; the check rejects 2026-02-31 because Date would roll it over. */
export const dayDate = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/),
  v.check((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar date'),
);
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
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

const providerRef = v.nullable(v.object({ id: text(100), name: text(200) }));
const names = v.array(text(300));

export const summarySchema = v.object({
  checkedAt: isoDate,
  provider: providerRef,
  gateway: providerRef,
  mx: names,
  ns: names,
  registrar: v.nullable(text(300)),
  expires: v.nullable(isoDate),
  status: names,
  spf: v.nullable(text(4000)),
  dmarc: v.nullable(text(4000)),
  rdap: v.picklist(['ok', 'none', 'failed', 'absent']),
  findings: v.array(v.object({ id: text(100), severity })),
  worst: v.nullable(severity),
  unknown: v.array(v.picklist(SUMMARY_PARTS)),
  verdict: v.optional(v.picklist(['critical', 'warning', 'ok', 'incomplete'])),
  problem: v.optional(
    v.nullable(v.object({ id: text(100), severity, args: v.pipe(v.array(text(2000)), v.maxLength(9)) })),
  ),
  contacts: v.optional(
    v.object({
      providerSupport: v.nullable(text(2000)),
      registrarUrl: v.nullable(text(2000)),
      abuseEmail: v.nullable(text(320)),
      abusePhone: v.nullable(text(60)),
    }),
  ),
}) satisfies v.GenericSchema<ReportSummary>;

export const changeSchema = v.object({
  at: isoDate,
  kind: v.picklist(CHANGE_KINDS),
  before: v.nullable(text(4000)),
  after: v.nullable(text(4000)),
  findingId: v.optional(text(100)),
  severity: v.optional(severity),
}) satisfies v.GenericSchema<Change>;

const lastNotifiedSchema = v.record(v.picklist(NOTIFICATION_KINDS), isoDate);

const entryFields = {
  unicode: text(253),
  addedAt: isoDate,
  notes: notesSchema,
  manualExpiry: v.nullable(dayDate),
  lastReport: v.nullable(summarySchema),
  lastError: v.nullable(v.object({ at: isoDate, message: text(1000) })),
  history: v.array(changeSchema),
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
  const entry: Record<string, unknown> = { ...newEntry(domain.output, domain.output, now) };
  for (const [key, schema] of Object.entries(entryFields)) {
    if (key === 'notes') continue;
    const result = v.safeParse(schema, input[key]);
    if (result.success) entry[key] = result.output;
  }
  entry.notes = readNotes(input.notes);
  entry.history = (entry.history as Change[]).slice(0, HISTORY_LIMIT);
  return entry as unknown as WatchEntry;
}

/** Notes field by field: a bad contact list must not wipe the owner's name. */
export function readNotes(raw: unknown): Notes {
  const notes = emptyNotes();
  if (typeof raw !== 'object' || raw === null) return notes;
  const input = raw as Record<string, unknown>;
  for (const key of ['owner', 'registrarAccount', 'mailSupport', 'text'] as const) {
    const result = v.safeParse(notesSchema.entries[key], input[key]);
    if (result.success) notes[key] = result.output;
  }
  if (Array.isArray(input.renewalContacts)) {
    for (const contact of input.renewalContacts.slice(0, 20)) {
      const result = v.safeParse(contactSchema, contact);
      if (result.success) notes.renewalContacts.push(result.output);
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

/** Reads whatever is stored under `watchlist` (any version, any damage) into a valid watchlist. */
export function loadWatchlist(
  stored: unknown,
  now: number,
): { watchlist: Watchlist; dropped: EntryProblem[] } {
  const { entries } = upgrade(stored);
  const watchlist = emptyWatchlist();
  const dropped: EntryProblem[] = [];
  const seen = new Set<string>();
  entries.forEach((raw, index) => {
    const entry = readEntry(raw, now);
    if (typeof entry === 'string') {
      dropped.push({ index, reason: entry });
    } else if (seen.has(entry.domain)) {
      dropped.push({ index, reason: 'duplicate' });
    } else {
      seen.add(entry.domain);
      watchlist.domains.push(entry);
    }
  });
  return { watchlist, dropped };
}
