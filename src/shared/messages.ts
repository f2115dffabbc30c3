import * as v from 'valibot';
import type { NotPublicReason } from '../core/domain.ts';
import type { ExpiryThresholds } from '../core/rdap/index.ts';
import type { ReportPart } from '../core/report.ts';
import type { ProviderStatus } from '../core/status/provider-status.ts';
import type { DomainReport } from '../core/types.ts';
import type {
  AddResult,
  ImportSummary,
  NotesResult,
  ResolverTestResult,
  SweepStatus,
} from '../watchlist/messages.ts';
import type { WatchEntry, Watchlist } from '../watchlist/model.ts';
import type { Settings } from './settings.ts';

/**
 * The one message protocol between the pages (popup, first-run page, options) and the service
 * worker. The pages never fetch, never import background modules and never read the storage the
 * worker owns: they ask by name and render what the worker answers. One table names every message,
 * its request fields and its answer; the worker implements it as a handler map ({@link Handlers}),
 * the pages call it through one client (src/shared/client.ts).
 */

/**
 * The watchlist as the pages get it. `unreadable`: the stored watchlist could not be read at all (a
 * newer version's layout, or damage) and is kept untouched; the list is then empty, and not to be
 * shown as an empty watchlist.
 */
export type WatchlistView = Watchlist & { unreadable?: 'newer' | 'damaged' };
export type { ExpiryThresholds, NotPublicReason };

/** What the popup shows for one domain or tab. */
export type ReportView =
  | { kind: 'ready'; report: DomainReport; watched: boolean; fromCache: boolean; expiry: ExpiryThresholds }
  | { kind: 'not-public'; input: string; reason: NotPublicReason }
  /** An incognito tab while the user has not allowed lookups there: nothing was asked, nothing stored. */
  | { kind: 'incognito' }
  | { kind: 'failed'; domain: string; message: string }
  | { kind: 'no-page' };

/** The provider-status check for the popup: the statuses, and the report judged again with them. */
export type ProviderStatusView =
  | { kind: 'ready'; statuses: ProviderStatus[]; report: DomainReport }
  | { kind: 'off' }
  | { kind: 'no-report' };

export type SettingsResult =
  | { ok: true; settings: Settings }
  | { ok: false; field: keyof Settings; reason: string };

export type ExportFormat = 'json' | 'csv' | 'ics';
export type ImportFormat = 'auto' | 'list' | 'csv' | 'json';

/** Every message: its request fields and its answer. */
export interface Protocol {
  /** A report for `domain`, or for the page in `tabId`; `refresh` skips the cache. */
  'report/get': {
    request: { domain?: string; tabId?: number; refresh?: boolean };
    response: ReportView;
  };
  'settings/get': { request: Record<string, never>; response: Settings };
  /** A change of some settings; refused (nothing saved) when a field breaks its rules. */
  'settings/set': { request: { patch: Partial<Settings> }; response: SettingsResult };
  'watchlist/get': { request: Record<string, never>; response: WatchlistView };
  'watchlist/add': { request: { input: string }; response: AddResult };
  'watchlist/remove': {
    request: { domain: string };
    response: { entry: WatchEntry; index: number } | null;
  };
  'watchlist/restore': { request: { entry: unknown; index: number }; response: boolean };
  'watchlist/set-notes': { request: { domain: string; notes: unknown }; response: NotesResult };
  'watchlist/set-manual-expiry': { request: { domain: string; date: string | null }; response: boolean };
  'watchlist/import': { request: { text: string; format: ImportFormat }; response: ImportSummary };
  'watchlist/export': {
    request: { format: ExportFormat };
    response: { filename: string; mime: string; text: string };
  };
  'watchlist/check-all': { request: Record<string, never>; response: SweepStatus };
  'watchlist/recheck': { request: { domain: string }; response: { ok: boolean; error?: string } };
  'watchlist/sweep-status': { request: Record<string, never>; response: SweepStatus };
  'resolver/test': { request: { url: string }; response: ResolverTestResult };
  /** The report so far of a lookup still running for the popup's target (null when none runs). */
  'report/part': {
    request: { domain?: string; tabId?: number };
    response: (ReportPart & { expiry: ExpiryThresholds }) | null;
  };
  /** The mail provider's own status for a domain whose report the worker holds (the popup asks after rendering). */
  'provider-status/get': { request: { domain: string }; response: ProviderStatusView };
}

export type MessageName = keyof Protocol;
export type RequestOf<N extends MessageName> = { type: N } & Protocol[N]['request'];
export type ResponseOf<N extends MessageName> = Protocol[N]['response'];
export type Request = { [N in MessageName]: RequestOf<N> }[MessageName];

/** Who sent a message, as far as the handlers care. */
export interface Sender {
  /** The tab the sending page lives in (an options page opened in a tab), if any. */
  tab?: { id?: number; incognito: boolean };
}

/** The worker's side: one handler per message name, typed by the table above. */
export type Handlers = {
  [N in MessageName]: (request: RequestOf<N>, sender: Sender) => Promise<ResponseOf<N>>;
};

/** What travels back: the answer, or the reason there is none (a handler threw). */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Events the worker broadcasts to open pages (never answered). A page that hears one asks again
 * with a request; the event itself carries no data, so no page reads what it does not own.
 */
export type WorkerEvent =
  | { event: 'watchlist/changed' }
  | { event: 'settings/changed' }
  /** A lookup has a report in part: the popup showing `domain` asks for it with `report/part`. */
  | { event: 'report/part'; domain: string };

// Sizes: pasted lists and imported files are capped at 20 MB, a name at 2,048 characters (a URL).
const name = v.pipe(v.string(), v.minLength(1), v.maxLength(2048));
const domain = v.pipe(v.string(), v.minLength(1), v.maxLength(253));
const empty = v.object({});

const SCHEMAS: { [N in MessageName]: v.GenericSchema<unknown, Protocol[N]['request']> } = {
  'report/get': v.pipe(
    v.object({
      domain: v.optional(name),
      tabId: v.optional(v.pipe(v.number(), v.integer())),
      refresh: v.optional(v.boolean()),
    }),
    v.check((r) => r.domain !== undefined || r.tabId !== undefined, 'a domain or a tab'),
  ),
  'settings/get': empty,
  'settings/set': v.object({ patch: v.record(v.string(), v.unknown()) }) as v.GenericSchema<
    unknown,
    { patch: Partial<Settings> }
  >,
  'watchlist/get': empty,
  'watchlist/add': v.object({ input: name }),
  'watchlist/remove': v.object({ domain }),
  'watchlist/restore': v.object({ entry: v.unknown(), index: v.pipe(v.number(), v.integer()) }),
  'watchlist/set-notes': v.object({ domain, notes: v.unknown() }),
  'watchlist/set-manual-expiry': v.object({ domain, date: v.nullable(v.pipe(v.string(), v.maxLength(10))) }),
  'watchlist/import': v.object({
    text: v.pipe(v.string(), v.maxLength(20_000_000)),
    format: v.picklist(['auto', 'list', 'csv', 'json']),
  }),
  'watchlist/export': v.object({ format: v.picklist(['json', 'csv', 'ics']) }),
  'watchlist/check-all': empty,
  'watchlist/recheck': v.object({ domain }),
  'watchlist/sweep-status': empty,
  'resolver/test': v.object({ url: name }),
  'provider-status/get': v.object({ domain }),
  'report/part': v.object({
    domain: v.optional(name),
    tabId: v.optional(v.pipe(v.number(), v.integer())),
  }),
};

/** Messages arrive as `unknown` (any extension page, a buggy caller): check the shape before acting. */
export function parseRequest(message: unknown): Request | null {
  if (typeof message !== 'object' || message === null) return null;
  const type = (message as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(SCHEMAS, type)) return null;
  const { type: _type, ...fields } = message as Record<string, unknown>;
  const parsed = v.safeParse(SCHEMAS[type as MessageName], fields);
  return parsed.success ? ({ type, ...(parsed.output as object) } as Request) : null;
}

export function isWorkerEvent(message: unknown): message is WorkerEvent {
  const event = (message as { event?: unknown } | null)?.event;
  return event === 'watchlist/changed' || event === 'settings/changed' || event === 'report/part';
}
