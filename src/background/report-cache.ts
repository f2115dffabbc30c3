import type { DomainReport } from '../core/types.ts';
import type { StorageCache } from './storage-cache.ts';

/**
 * Reports kept in storage.local (the worker may be stopped at any time, and a tab whose report is
 * cached must get its badge without a network request). A report is fresh for some hours; one that
 * carries lookup errors only for minutes, so a resolver hiccup is retried soon. Older entries are
 * still returned (stale) so the badge appears at once while a new lookup runs, until they expire.
 */
export const REPORT_FRESH_MS = 6 * 3_600_000;
export const REPORT_WITH_ERRORS_FRESH_MS = 5 * 60_000;
/** How long a stale report is still shown while a new lookup runs. */
export const REPORT_KEEP_MS = 7 * 86_400_000;
export const REPORT_PREFIX = 'report:';

export interface CachedReport {
  report: DomainReport;
  storedAt: number;
  fresh: boolean;
}

export function isReport(value: unknown): value is DomainReport {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<DomainReport>;
  // A report stored before the verdict existed is stale: every surface renders `checks` and `verdict`.
  return (
    typeof r.domain === 'string' &&
    Array.isArray(r.findings) &&
    Array.isArray(r.errors) &&
    typeof r.verdict === 'string' &&
    typeof r.checks === 'object' &&
    r.checks !== null
  );
}

export class ReportCache {
  constructor(
    private readonly store: StorageCache<DomainReport>,
    private readonly now: () => number,
  ) {}

  async get(domain: string): Promise<CachedReport | null> {
    const hit = await this.store.get(domain);
    if (!hit || hit.value.domain !== domain) return null;
    const maxAge = hit.value.errors.length > 0 ? REPORT_WITH_ERRORS_FRESH_MS : REPORT_FRESH_MS;
    const age = this.now() - hit.storedAt;
    return { report: hit.value, storedAt: hit.storedAt, fresh: age >= 0 && age < maxAge };
  }

  put(report: DomainReport): Promise<void> {
    return this.store.set(report.domain, report);
  }

  /** Forgets every report (they were made with endpoints or thresholds that no longer apply). */
  clear(): Promise<void> {
    return this.store.clear();
  }
}

/**
 * A report as the cache stores it, under its key: for tests and the demo that seed a profile
 * (the cache finds entries its index does not know yet).
 */
export function storedReport(report: DomainReport, storedAt: number): [string, unknown] {
  return [REPORT_PREFIX + report.domain, { storedAt, expiresAt: storedAt + REPORT_KEEP_MS, value: report }];
}
