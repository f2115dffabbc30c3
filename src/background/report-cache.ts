import type { DomainReport } from '../core/types.ts';
import type { StorageArea } from '../shared/storage.ts';

/**
 * Reports kept in storage.local (the worker may be stopped at any time, and a tab whose report is
 * cached must get its badge without a network request). A report is fresh for some hours; one that
 * carries lookup errors only for minutes, so a resolver hiccup is retried soon. Older entries are
 * still returned (stale) so the badge appears at once while a new lookup runs.
 */
export const REPORT_FRESH_MS = 6 * 3_600_000;
export const REPORT_WITH_ERRORS_FRESH_MS = 5 * 60_000;
export const MAX_CACHED_REPORTS = 300;

const PREFIX = 'report:';
const INDEX_KEY = 'reportIndex';

export interface CachedReport {
  report: DomainReport;
  storedAt: number;
  fresh: boolean;
}

export class ReportCache {
  constructor(
    private readonly area: StorageArea,
    private readonly now: () => number,
  ) {}

  async get(domain: string): Promise<CachedReport | null> {
    const key = PREFIX + domain;
    const entry = (await this.area.get(key))[key];
    if (!isEntry(entry) || entry.report.domain !== domain) return null;
    const maxAge = entry.report.errors.length > 0 ? REPORT_WITH_ERRORS_FRESH_MS : REPORT_FRESH_MS;
    const age = this.now() - entry.storedAt;
    return { report: entry.report, storedAt: entry.storedAt, fresh: age >= 0 && age < maxAge };
  }

  async put(report: DomainReport): Promise<void> {
    const storedAt = this.now();
    const index = await this.index();
    index[report.domain] = storedAt;
    const evicted = Object.entries(index)
      .sort((a, b) => b[1] - a[1])
      .slice(MAX_CACHED_REPORTS)
      .map(([domain]) => domain);
    for (const domain of evicted) delete index[domain];
    await this.area.set({ [PREFIX + report.domain]: { report, storedAt }, [INDEX_KEY]: index });
    if (evicted.length > 0) await this.area.remove(evicted.map((d) => PREFIX + d));
  }

  /** Forgets every report (they were made with endpoints or thresholds that no longer apply). */
  async clear(): Promise<void> {
    const index = await this.index();
    await this.area.remove([INDEX_KEY, ...Object.keys(index).map((domain) => PREFIX + domain)]);
  }

  private async index(): Promise<Record<string, number>> {
    const stored = (await this.area.get(INDEX_KEY))[INDEX_KEY];
    if (typeof stored !== 'object' || stored === null) return {};
    return Object.fromEntries(
      Object.entries(stored as Record<string, unknown>).filter(
        (e): e is [string, number] => typeof e[1] === 'number',
      ),
    );
  }
}

function isEntry(value: unknown): value is { report: DomainReport; storedAt: number } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { report?: unknown; storedAt?: unknown };
  if (typeof v.storedAt !== 'number' || typeof v.report !== 'object' || v.report === null) return false;
  const r = v.report as Partial<DomainReport>;
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
