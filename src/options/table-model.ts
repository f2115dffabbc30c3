import { LOOKUP_ONLY_FINDINGS } from '../core/checks.ts';
import { daysUntil } from '../core/rdap/dates.ts';
import { SEVERITY_ORDER, type Severity } from '../core/types.ts';
import { effectiveExpiry } from '../watchlist/expiry.ts';
import type { Change, WatchEntry, Watchlist } from '../watchlist/model.ts';

/** One row of the watchlist table, computed once per stored change so sorting and filtering stay cheap. */
export interface Row {
  domain: string;
  unicode: string;
  provider: string;
  expires: string | null;
  expirySource: 'rdap' | 'manual' | null;
  daysLeft: number | null;
  worst: Severity | 'ok' | 'unchecked' | 'incomplete';
  /** Why the row is red or amber: the worst finding (id and args, translated on display). */
  problem: { id: string; severity: Severity; args: string[] } | null;
  /** Why a could-not-check row could not be checked: the first "lookup failed" finding's id. */
  uncheckedReason: string | null;
  registrar: string | null;
  lastChecked: string | null;
  error: string | null;
  noRdap: boolean;
  latestChange: Change | null;
  /** Lower-case text the filter box searches: names, provider, registrar, notes. */
  haystack: string;
  entry: WatchEntry;
}

export { type ExpiryTone, expiryTone } from '../ui/expiry-tone.ts';

export type SortKey = 'urgency' | 'domain' | 'provider' | 'expiry' | 'severity' | 'checked';
export type SeverityFilter = 'all' | 'critical' | 'warning' | 'problems' | 'unchecked';

export interface TableQuery {
  text: string;
  severity: SeverityFilter;
  sort: SortKey;
  descending: boolean;
  page: number;
  pageSize: number;
}

export function toRows(watchlist: Watchlist, now: number): Row[] {
  return watchlist.domains.map((entry) => {
    const expiry = effectiveExpiry(entry);
    const report = entry.lastReport;
    const notes = entry.notes;
    return {
      domain: entry.domain,
      unicode: entry.unicode,
      provider: report?.provider?.name ?? '',
      expires: expiry?.date ?? null,
      expirySource: expiry?.source ?? null,
      daysLeft: daysUntil(expiry?.date, now),
      worst: worstOf(report),
      problem: report?.problem ?? null,
      uncheckedReason: report?.verdict === 'incomplete' ? lookupFailure(report) : null,
      registrar: report?.registrar ?? null,
      lastChecked: report?.checkedAt ?? null,
      error: entry.lastError?.message ?? null,
      noRdap: report?.rdap === 'none',
      latestChange: entry.history[0] ?? null,
      haystack: [
        entry.domain,
        entry.unicode,
        report?.provider?.name,
        report?.gateway?.name,
        report?.registrar,
        notes.owner,
        notes.registrarAccount,
        ...notes.renewalContacts.map((c) => `${c.name} ${c.email}`),
      ]
        .filter(Boolean)
        .join(' ')
        .toLowerCase(),
      entry,
    };
  });
}

/** The report's verdict where it has one; summaries stored before verdicts read from their findings. */
function worstOf(report: WatchEntry['lastReport']): Row['worst'] {
  if (!report) return 'unchecked';
  if (report.verdict) return report.verdict;
  return report.worst === 'info' || report.worst === null ? 'ok' : report.worst;
}

function lookupFailure(report: NonNullable<WatchEntry['lastReport']>): string | null {
  return report.findings.find((f) => LOOKUP_ONLY_FINDINGS.has(f.id))?.id ?? null;
}

const SEVERITY_RANK: Record<Row['worst'], number> = { ...SEVERITY_ORDER, incomplete: 2, ok: 3, unchecked: 4 };

function compare(a: Row, b: Row, key: SortKey): number {
  switch (key) {
    case 'urgency':
      // Critical, then warning, then the soonest expiry: what needs a call first.
      return SEVERITY_RANK[a.worst] - SEVERITY_RANK[b.worst] || compare(a, b, 'expiry');
    case 'domain':
      return a.unicode.localeCompare(b.unicode);
    case 'provider':
      return (a.provider || '\uffff').localeCompare(b.provider || '\uffff');
    case 'expiry':
      return (a.daysLeft ?? Number.MAX_SAFE_INTEGER) - (b.daysLeft ?? Number.MAX_SAFE_INTEGER);
    case 'severity':
      return SEVERITY_RANK[a.worst] - SEVERITY_RANK[b.worst];
    case 'checked':
      return (a.lastChecked ?? '').localeCompare(b.lastChecked ?? '');
  }
}

function matchesSeverity(row: Row, filter: SeverityFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'problems':
      return row.worst === 'critical' || row.worst === 'warning' || row.error !== null;
    default:
      return row.worst === filter;
  }
}

/** Filter, sort (ties broken by domain so the order is stable), then cut out one page. */
export function queryRows(rows: Row[], query: TableQuery): { page: Row[]; matching: number; pages: number } {
  const needle = query.text.trim().toLowerCase();
  const matching = rows.filter(
    (r) => (needle === '' || r.haystack.includes(needle)) && matchesSeverity(r, query.severity),
  );
  const direction = query.descending ? -1 : 1;
  matching.sort((a, b) => direction * compare(a, b, query.sort) || a.domain.localeCompare(b.domain));
  const pages = Math.max(1, Math.ceil(matching.length / query.pageSize));
  const page = Math.min(Math.max(query.page, 0), pages - 1);
  return {
    page: matching.slice(page * query.pageSize, (page + 1) * query.pageSize),
    matching: matching.length,
    pages,
  };
}

/** Every domain's changes in one list, newest first, for the activity view. */
export function activity(
  watchlist: Watchlist,
  limit = 200,
): { domain: string; unicode: string; change: Change }[] {
  return watchlist.domains
    .flatMap((e) => e.history.map((change) => ({ domain: e.domain, unicode: e.unicode, change })))
    .sort((a, b) => b.change.at.localeCompare(a.change.at))
    .slice(0, limit);
}
