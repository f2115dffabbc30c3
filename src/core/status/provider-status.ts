import { rejudge } from '../checks.ts';
import { sortFindings, translateFindings } from '../findings.ts';
import type { Translate } from '../i18n/translate.ts';
import type {
  CheckState,
  DomainReport,
  ErrorCode,
  FetchLike,
  FindingSpec,
  MailReport,
  ProviderRef,
  ReportError,
} from '../types.ts';
import { fetchFeed } from './fetch-feed.ts';
import { readFeed } from './read-feed.ts';
import { plainText } from './text.ts';
import type { FeedFormat, FeedProblem, StatusIncident } from './types.ts';

/**
 * The provider-status check (checks.md "Provider status"): the detected mailbox provider's and
 * gateway's own feeds, read into `provider.incident` findings and `checks['provider-status']`. The
 * feed reading is injected (the extension caches it per provider); the judgement is here, once.
 */

export interface StatusFeedEntry {
  format: FeedFormat;
  url: string;
  mail: string[];
  /** The provider's human status page (links for feeds without per-incident links). */
  pageUrl?: string;
}

/** One provider's feed, read (or not). Cached and shared by every domain of that provider. */
export type FeedResult =
  | { ok: true; incidents: StatusIncident[]; checkedAt: number }
  | { ok: false; code: ErrorCode | FeedProblem; detail: string; checkedAt: number };

export type ProviderRole = 'mailbox' | 'gateway';

export type ProviderStatus =
  | {
      role: ProviderRole;
      provider: ProviderRef;
      state: 'found';
      incidents: StatusIncident[];
      feedUrl: string;
    }
  | {
      role: ProviderRole;
      provider: ProviderRef;
      state: 'unknown';
      code: ErrorCode | FeedProblem;
      detail: string;
      feedUrl: string;
    }
  | { role: ProviderRole; provider: ProviderRef; state: 'unsupported' };

const FINDING_UPDATE_CHARS = 200;

export interface ReadDeps {
  fetch: FetchLike;
  now: () => number;
  timeoutMs: number;
}

/** Fetches and reads one feed; never throws. */
export async function readProviderFeed(entry: StatusFeedEntry, deps: ReadDeps): Promise<FeedResult> {
  const answer = await fetchFeed(entry.url, { fetch: deps.fetch, timeoutMs: deps.timeoutMs });
  const checkedAt = deps.now();
  if (!answer.ok) return { ok: false, code: answer.code, detail: answer.message, checkedAt };
  const selector = entry.pageUrl ? { mail: entry.mail, pageUrl: entry.pageUrl } : { mail: entry.mail };
  const reading = readFeed(answer, entry.format, selector, checkedAt);
  return reading.ok
    ? { ok: true, incidents: reading.incidents, checkedAt }
    : { ok: false, code: reading.problem, detail: reading.detail, checkedAt };
}

/** The providers a report names, in the order the popup shows them. */
export function providersOf(mail: MailReport): { role: ProviderRole; provider: ProviderRef }[] {
  if (!mail.acceptsMail) return [];
  const out: { role: ProviderRole; provider: ProviderRef }[] = [];
  if (mail.gateway) out.push({ role: 'gateway', provider: mail.gateway });
  if (mail.provider) out.push({ role: 'mailbox', provider: mail.provider });
  return out;
}

/**
 * Every provider of the report, with its feed's state. `feedOf` says which providers have a usable
 * feed; `read` reads one (the caller shares and caches it per provider).
 */
export async function providerStatuses(
  mail: MailReport,
  feedOf: (providerId: string) => StatusFeedEntry | null,
  read: (providerId: string, entry: StatusFeedEntry) => Promise<FeedResult>,
): Promise<ProviderStatus[]> {
  return Promise.all(
    providersOf(mail).map(async ({ role, provider }): Promise<ProviderStatus> => {
      const entry = feedOf(provider.id);
      if (!entry) return { role, provider, state: 'unsupported' };
      const result = await read(provider.id, entry).catch(
        (error: unknown): FeedResult => ({ ok: false, code: 'network', detail: String(error), checkedAt: 0 }),
      );
      return result.ok
        ? { role, provider, state: 'found', incidents: result.incidents, feedUrl: entry.url }
        : { role, provider, state: 'unknown', code: result.code, detail: result.detail, feedUrl: entry.url };
    }),
  );
}

/** The check's state over all of the domain's providers (report.md states). */
export function providerStatusState(mail: MailReport, statuses: readonly ProviderStatus[]): CheckState {
  if (!mail.acceptsMail) return 'not-applicable';
  if (statuses.some((s) => s.state === 'unknown')) return 'unknown';
  if (statuses.some((s) => s.state === 'found')) return 'found';
  return 'unsupported';
}

/** `provider.incident` specs: one per open incident affecting mail (checks.md). */
export function providerFindings(statuses: readonly ProviderStatus[]): FindingSpec[] {
  const specs: FindingSpec[] = [];
  for (const status of statuses) {
    if (status.state !== 'found') continue;
    for (const incident of status.incidents) {
      specs.push({
        id: 'provider.incident',
        severity: 'warning',
        args: [
          status.provider.name,
          incident.title,
          utcMinute(incident.since) ?? '—',
          utcMinute(incident.updatedAt) ?? '—',
          // The popup's card shows the whole (capped) update; a finding's detail stays short.
          incident.latestUpdate ? plainText(incident.latestUpdate, FINDING_UPDATE_CHARS) : '—',
          incident.url ?? status.provider.statusUrl ?? status.feedUrl,
        ],
      });
    }
  }
  return specs;
}

/**
 * The report with its provider-status findings, errors and check, judged again. Applying twice
 * (a cached report) replaces what an earlier application added.
 */
export function applyProviderStatus(
  report: DomainReport,
  statuses: readonly ProviderStatus[],
  t: Translate,
): DomainReport {
  const findings = report.findings.filter((f) => !f.id.startsWith('provider.'));
  const errors = report.errors.filter((e) => e.source !== 'status');
  for (const status of statuses) {
    if (status.state !== 'unknown') continue;
    const error: ReportError = {
      source: 'status',
      code: isErrorCode(status.code) ? status.code : 'malformed',
      message: `${status.provider.name}: ${status.detail}`,
      query: status.feedUrl,
    };
    errors.push(error);
  }
  const next: DomainReport = {
    ...report,
    findings: sortFindings([...findings, ...translateFindings(providerFindings(statuses), t)]),
    errors,
  };
  return rejudge(next, { 'provider-status': providerStatusState(report.mail, statuses) });
}

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'timeout',
  'network',
  'http-status',
  'not-dns',
  'malformed',
  'too-large',
  'rate-limited',
  'blocked',
  'not-found',
]);

function isErrorCode(code: string): code is ErrorCode {
  return ERROR_CODES.has(code);
}

/** "2026-07-17 13:18 UTC": language-neutral, unambiguous, short enough for a finding's detail. */
export function utcMinute(iso: string | null): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return null;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
