import type { Severity, Verdict } from '../core/types.ts';

/**
 * The watchlist as stored in storage.local under the key `watchlist`. Everything here is plain JSON
 * (no undefined, no Date) so that storage, the JSON export and the CSV export all round-trip it exactly.
 */
export const WATCHLIST_STORAGE_KEY = 'watchlist';
export const WATCHLIST_VERSION = 1;

/** Per-domain history is bounded so 1,000 domains stay well inside storage.local's quota. */
export const HISTORY_LIMIT = 20;

export interface Contact {
  name: string;
  email: string;
  phone: string;
}

/** "Keep the contacts at hand": the people and accounts to reach when mail or the registration breaks. */
export interface Notes {
  owner: string;
  renewalContacts: Contact[];
  registrarAccount: string;
  mailSupport: string;
  text: string;
}

/** What a report said about the parts the watchlist compares; `unknown` lists what the check could not see. */
export interface ReportSummary {
  checkedAt: string;
  provider: { id: string; name: string } | null;
  gateway: { id: string; name: string } | null;
  /** MX exchanges, lower case, sorted; [] when there are none. */
  mx: string[];
  ns: string[];
  registrar: string | null;
  /** Full RDAP expiration timestamp, or null when none is published (or no RDAP exists). */
  expires: string | null;
  status: string[];
  spf: string | null;
  dmarc: string | null;
  /** 'none' when the TLD has no RDAP service, 'failed' when the lookup failed, 'absent' when not registered. */
  rdap: 'ok' | 'none' | 'failed' | 'absent';
  findings: { id: string; severity: Severity }[];
  worst: Severity | null;
  /** Parts whose lookup failed in this check, so a diff never reads a failure as a change. */
  unknown: SummaryPart[];
  /** The report's own judgement (report.md); absent in summaries stored before it existed. */
  verdict?: Verdict;
  /** Why the row is red or amber: the worst finding, re-translated by id and args on display. */
  problem?: { id: string; severity: Severity; args: string[] } | null;
  /** What "who to call" can be prefilled from: the provider's support page and the registrar's contacts. */
  contacts?: {
    providerSupport: string | null;
    registrarUrl: string | null;
    abuseEmail: string | null;
    abusePhone: string | null;
  };
}

export const SUMMARY_PARTS = ['mail', 'mx', 'ns', 'registration', 'spf', 'dmarc'] as const;
export type SummaryPart = (typeof SUMMARY_PARTS)[number];

export const CHANGE_KINDS = [
  'mail-provider',
  'mail-gateway',
  'mx',
  'ns',
  'registrar',
  'expiry-renewed',
  'expiry-shortened',
  'status',
  'spf',
  'dmarc',
  'finding-appeared',
  'finding-resolved',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface Change {
  at: string;
  kind: ChangeKind;
  /** Display values (sets joined with ", "); null = absent. */
  before: string | null;
  after: string | null;
  findingId?: string;
  severity?: Severity;
}

export const NOTIFICATION_KINDS = ['finding', 'expiry', 'mail-provider', 'mx', 'ns', 'registrar'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface WatchEntry {
  /** Registrable domain, ASCII (punycode), lower case. */
  domain: string;
  /** The same for display. */
  unicode: string;
  addedAt: string;
  notes: Notes;
  /** YYYY-MM-DD entered by the user for a TLD without RDAP; shown as "entered by you". */
  manualExpiry: string | null;
  lastReport: ReportSummary | null;
  /** The last attempt when it failed outright (timeout, crash); null after a successful check. */
  lastError: { at: string; message: string } | null;
  /** Newest first, at most HISTORY_LIMIT. */
  history: Change[];
  lastNotified: Partial<Record<NotificationKind, string>>;
  /** The smallest expiry threshold already announced for this expiry date (reset when it changes). */
  expiryAlert: { expires: string; threshold: number } | null;
}

export interface Watchlist {
  version: number;
  domains: WatchEntry[];
}

export function emptyNotes(): Notes {
  return { owner: '', renewalContacts: [], registrarAccount: '', mailSupport: '', text: '' };
}

export function emptyWatchlist(): Watchlist {
  return { version: WATCHLIST_VERSION, domains: [] };
}

export function newEntry(domain: string, unicode: string, now: number): WatchEntry {
  return {
    domain,
    unicode,
    addedAt: new Date(now).toISOString(),
    notes: emptyNotes(),
    manualExpiry: null,
    lastReport: null,
    lastError: null,
    history: [],
    lastNotified: {},
    expiryAlert: null,
  };
}
