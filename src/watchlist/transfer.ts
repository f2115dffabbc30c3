import { daysUntil } from '../core/rdap/dates.ts';
import { parseCsv, toCsv } from './csv.ts';
import { effectiveExpiry } from './expiry.ts';
import { WATCHLIST_VERSION, type WatchEntry, type Watchlist } from './model.ts';
import { readEntry } from './schema.ts';

/** The core's domain parser, injected so this module stays testable without the PSL. */
export type DomainNormaliser = (
  input: string,
) => { ok: true; domain: string; unicode: string } | { ok: false; reason: string };

export interface ImportProblem {
  /** 1-based line (list, CSV) or item number (JSON). */
  line: number;
  input: string;
  /** A message key suffix: not-a-domain reasons from the core, or duplicate / invalid-entry / invalid-json. */
  reason: string;
}

export interface ImportItem {
  entry: WatchEntry;
  /** True when the line carried more than a name (an export, a JSON object): it replaces an existing entry. */
  carriesData: boolean;
}

export interface ImportResult {
  items: ImportItem[];
  problems: ImportProblem[];
}

export type ImportFormat = 'auto' | 'list' | 'csv' | 'json';

export const EXPORT_FORMAT = 'domain-insight-watchlist';

const excerpt = (s: string) => (s.length > 120 ? `${s.slice(0, 117)}...` : s);

/**
 * Reads a pasted list, a CSV file or a JSON file (including this extension's own exports). Every
 * line is judged on its own: good lines are kept, bad ones come back with their reason.
 */
export function parseImport(
  text: string,
  format: ImportFormat,
  normalise: DomainNormaliser,
  now: number,
): ImportResult {
  const kind = format === 'auto' ? detectFormat(text) : format;
  const result: ImportResult = { items: [], problems: [] };
  const seen = new Set<string>();
  const accept = (line: number, input: string, raw: Record<string, unknown>, carriesData: boolean) => {
    const parsed = normalise(input);
    if (!parsed.ok) return result.problems.push({ line, input: excerpt(input), reason: parsed.reason });
    if (seen.has(parsed.domain))
      return result.problems.push({ line, input: excerpt(input), reason: 'duplicate' });
    const entry = readEntry({ unicode: parsed.unicode, ...raw, domain: parsed.domain }, now);
    if (typeof entry === 'string')
      return result.problems.push({ line, input: excerpt(input), reason: entry });
    seen.add(parsed.domain);
    result.items.push({ entry, carriesData });
  };

  if (kind === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      result.problems.push({ line: 1, input: excerpt(text.trim()), reason: 'invalid-json' });
      return result;
    }
    const list = Array.isArray(data)
      ? data
      : (data as { domains?: unknown; entries?: unknown } | null)?.domains;
    if (!Array.isArray(list)) {
      result.problems.push({ line: 1, input: excerpt(text.trim()), reason: 'invalid-json' });
      return result;
    }
    list.forEach((item, i) => {
      if (typeof item === 'string') accept(i + 1, item, {}, false);
      else if (
        item &&
        typeof item === 'object' &&
        typeof (item as { domain?: unknown }).domain === 'string'
      ) {
        const raw = item as Record<string, unknown>;
        accept(i + 1, raw.domain as string, raw, true);
      } else
        result.problems.push({
          line: i + 1,
          input: excerpt(JSON.stringify(item) ?? ''),
          reason: 'invalid-entry',
        });
    });
    return result;
  }

  if (kind === 'csv') {
    const rows = parseCsv(text);
    const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
    const hasHeader = header.includes('domain');
    rows.forEach((row, i) => {
      if (hasHeader && i === 0) return;
      if (row.every((cell) => cell.trim() === '')) return;
      if (!hasHeader) {
        accept(i + 1, (row[0] ?? '').trim(), {}, false);
      } else {
        const record = Object.fromEntries(header.map((h, j) => [h, row[j] ?? '']));
        const { raw, carriesData } = fromCsvRecord(record);
        accept(i + 1, (record.domain ?? '').trim(), raw, carriesData);
      }
    });
    return result;
  }

  text.split(/\r?\n/).forEach((line, i) => {
    const content = line.replace(/#.*$/, '');
    for (const token of content.split(/[\s,;]+/)) {
      if (token !== '') accept(i + 1, token, {}, false);
    }
  });
  return result;
}

function detectFormat(text: string): Exclude<ImportFormat, 'auto'> {
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  const firstCell = start
    .replace(/^\uFEFF/, '')
    .split(/[,;\r\n]/, 1)[0]
    ?.trim()
    .replace(/^"|"$/g, '');
  return firstCell?.toLowerCase() === 'domain' ? 'csv' : 'list';
}

/** Adds the imported items: names already watched are kept as they are, exported entries replace them. */
export function mergeImport(
  watchlist: Watchlist,
  items: ImportItem[],
): { watchlist: Watchlist; added: number; replaced: number; alreadyWatched: string[] } {
  const entries = [...watchlist.domains];
  const index = new Map(entries.map((e, i) => [e.domain, i]));
  let added = 0;
  let replaced = 0;
  const alreadyWatched: string[] = [];
  for (const { entry, carriesData } of items) {
    const at = index.get(entry.domain);
    if (at === undefined) {
      index.set(entry.domain, entries.length);
      entries.push(entry);
      added++;
    } else if (carriesData) {
      entries[at] = entry;
      replaced++;
    } else {
      alreadyWatched.push(entry.domain);
    }
  }
  return { watchlist: { ...watchlist, domains: entries }, added, replaced, alreadyWatched };
}

export function exportJson(watchlist: Watchlist, now: number): string {
  const document = {
    format: EXPORT_FORMAT,
    version: WATCHLIST_VERSION,
    exportedAt: new Date(now).toISOString(),
    domains: watchlist.domains,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * One row per domain. The readable columns are for people opening it in a spreadsheet; the JSON
 * columns carry the structured parts so that importing the file restores every entry exactly.
 */
export const CSV_COLUMNS = [
  'domain',
  'unicode',
  'added_at',
  'owner',
  'registrar_account',
  'mail_support',
  'notes',
  'renewal_contacts',
  'manual_expiry',
  'provider',
  'expires',
  'days_left',
  'worst_severity',
  'last_checked',
  'last_report_json',
  'history_json',
  'last_notified_json',
  'expiry_alert_json',
  'last_error_json',
] as const;

const json = (value: unknown) => (value === null ? '' : JSON.stringify(value));

export function exportCsv(watchlist: Watchlist, now: number): string {
  const rows = watchlist.domains.map((e) => {
    const expiry = effectiveExpiry(e);
    const cells: Record<(typeof CSV_COLUMNS)[number], string> = {
      domain: e.domain,
      unicode: e.unicode,
      added_at: e.addedAt,
      owner: e.notes.owner,
      registrar_account: e.notes.registrarAccount,
      mail_support: e.notes.mailSupport,
      notes: e.notes.text,
      renewal_contacts: JSON.stringify(e.notes.renewalContacts),
      manual_expiry: e.manualExpiry ?? '',
      provider: e.lastReport?.provider?.name ?? '',
      expires: expiry?.date ?? '',
      days_left: String(daysUntil(expiry?.date, now) ?? ''),
      worst_severity: e.lastReport?.worst ?? '',
      last_checked: e.lastReport?.checkedAt ?? '',
      last_report_json: json(e.lastReport),
      history_json: JSON.stringify(e.history),
      last_notified_json: JSON.stringify(e.lastNotified),
      expiry_alert_json: json(e.expiryAlert),
      last_error_json: json(e.lastError),
    };
    return CSV_COLUMNS.map((c) => cells[c]);
  });
  return toCsv([[...CSV_COLUMNS], ...rows]);
}

function parseJsonCell(cell: string | undefined): unknown {
  if (cell === undefined || cell.trim() === '') return null;
  try {
    return JSON.parse(cell);
  } catch {
    return undefined;
  }
}

/** A CSV row back into entry fields; a hand-made CSV with only some columns keeps the rest at defaults. */
function fromCsvRecord(record: Record<string, string>): {
  raw: Record<string, unknown>;
  carriesData: boolean;
} {
  const raw: Record<string, unknown> = {};
  if (record.unicode) raw.unicode = record.unicode;
  if (record.added_at) raw.addedAt = record.added_at;
  raw.notes = {
    owner: record.owner ?? '',
    registrarAccount: record.registrar_account ?? '',
    mailSupport: record.mail_support ?? '',
    text: record.notes ?? '',
    renewalContacts: parseJsonCell(record.renewal_contacts) ?? [],
  };
  if (record.manual_expiry) raw.manualExpiry = record.manual_expiry;
  if ('last_report_json' in record) raw.lastReport = parseJsonCell(record.last_report_json);
  if ('history_json' in record) raw.history = parseJsonCell(record.history_json) ?? [];
  if ('last_notified_json' in record) raw.lastNotified = parseJsonCell(record.last_notified_json) ?? {};
  if ('expiry_alert_json' in record) raw.expiryAlert = parseJsonCell(record.expiry_alert_json);
  if ('last_error_json' in record) raw.lastError = parseJsonCell(record.last_error_json);
  const carriesData = Object.keys(record).some((k) => k !== 'domain' && record[k]?.trim());
  return { raw, carriesData };
}
