import { CHECK_ORDER } from '../core/check-order.ts';
import { LOOKUP_ONLY_FINDINGS } from '../core/checks.ts';
import { sortFindings } from '../core/findings.ts';
import type { CheckId, CheckResult, DomainReport, Finding, ReportError } from '../core/types.ts';

/**
 * How a check's `{ state, severity }` (report.md) shows on every surface: the popup's rows, the
 * watchlist, the CLI and the Markdown copy all use this one mapping, so "could not check" can never
 * turn into a pass or a "not published" on one screen and not another.
 */
export type DisplayState =
  | 'pass'
  | 'warning'
  | 'fail'
  | 'absent'
  | 'unknown'
  | 'unsupported'
  | 'not-applicable'
  | 'pending';

/** Display order: defined in the core, where the findings are sorted by it too. */
export { CHECK_ORDER } from '../core/check-order.ts';

export function displayStateOf(check: CheckResult): DisplayState {
  // A critical finding is shown as such whatever else could not be checked.
  if (check.severity === 'critical') return 'fail';
  switch (check.state) {
    case 'unknown':
      return 'unknown';
    case 'absent':
      return 'absent';
    case 'unsupported':
      return 'unsupported';
    case 'not-applicable':
      return 'not-applicable';
    default:
      return check.severity === 'warning' ? 'warning' : 'pass';
  }
}

/** The verdict's mark, the same in the popup's header and the CLI's summary line. */
export const VERDICT_MARKS: Record<DomainReport['verdict'], string> = {
  ok: '✓',
  warning: '▲',
  critical: '✗',
  incomplete: '?',
};

export const CLI_MARKS: Record<DisplayState, string> = {
  pass: '✓',
  warning: '▲',
  fail: '✗',
  absent: '–',
  unknown: '?',
  unsupported: 'n/a',
  'not-applicable': 'n/a',
  pending: '…',
};

export function checkLabelKey(id: CheckId): string {
  return `check_${id.replace(/-/g, '_')}`;
}

/** The words of a state; the registration's absent and unsupported say what they mean for a domain. */
export function stateWordKey(id: CheckId, state: DisplayState): string {
  if (id === 'registration' && (state === 'absent' || state === 'unsupported'))
    return `state_registration_${state}`;
  return `state_${state.replace(/-/g, '_')}`;
}

/** The checks a report carries, in display order. */
export function orderedChecks(report: Pick<DomainReport, 'checks'>): [CheckId, CheckResult][] {
  return CHECK_ORDER.flatMap((id) => {
    const check = report.checks[id];
    return check ? [[id, check] as [CheckId, CheckResult]] : [];
  });
}

export function uncheckedIds(report: Pick<DomainReport, 'checks'>): CheckId[] {
  return orderedChecks(report)
    .filter(([, check]) => check.state === 'unknown')
    .map(([id]) => id);
}

/** Words for a failure in the UI language: the error's code, never the English text of the message. */
export function errorWordKey(error: ReportError): string {
  return `error_${error.code.replace(/-/g, '_')}`;
}

/** "Self-hosted" is the catalogue's id for mail under the domain itself: words, not a brand. */
export function providerNameKey(provider: { id: string }): string | null {
  return provider.id === 'self-hosted' ? 'provider_self_hosted' : null;
}

/** The problem the verdict is about: the worst finding that is not only "could not check". */
export function worstProblem(report: Pick<DomainReport, 'findings'>): Finding | null {
  // In the one order every surface lists findings (worst first, then by check), whatever the caller kept.
  return (
    sortFindings(report.findings).find((f) => f.severity !== 'info' && !LOOKUP_ONLY_FINDINGS.has(f.id)) ??
    null
  );
}

export function resolverUnreachable(report: Pick<DomainReport, 'findings'>): Finding | null {
  return report.findings.find((f) => f.id === 'dns.resolver-unreachable') ?? null;
}

/**
 * The failures behind an `unknown` check, so "could not check" always says why. DNS failures are
 * matched by the question they asked (the report's errors name it: "_dmarc.example.com TXT").
 */
export function errorsForCheck(report: Pick<DomainReport, 'domain' | 'errors'>, id: CheckId): ReportError[] {
  const apex = report.domain;
  const dns = (test: (query: string) => boolean) =>
    report.errors.filter((e) => e.source === 'dns' && e.query !== undefined && test(e.query));
  switch (id) {
    case 'registration':
      return report.errors.filter((e) => e.source === 'rdap');
    case 'nameservers':
      return dns((q) => q === `${apex} NS`);
    case 'dnssec':
      return dns((q) => q === `${apex} SOA` || q === `${apex} NS`);
    case 'mx':
      return dns((q) => q === `${apex} MX` || (/ (A|AAAA)$/.test(q) && !q.startsWith(`${apex} `)));
    case 'spf':
      return dns((q) => q.endsWith(' TXT') && !q.startsWith('_'));
    case 'dmarc':
      return dns((q) => q.includes('_dmarc.'));
    case 'mta-sts':
      return [
        ...dns((q) => q.startsWith(`_mta-sts.`)),
        ...report.errors.filter((e) => e.source === 'mta-sts'),
      ];
    case 'tls-rpt':
      return dns((q) => q.startsWith('_smtp._tls.'));
    case 'dkim':
      return dns((q) => q.includes('._domainkey.'));
    case 'bimi':
      return dns((q) => q.includes('._bimi.'));
    case 'provider-status':
      return report.errors.filter((e) => e.source === 'status');
    case 'smtp':
      return report.errors.filter((e) => e.source === 'smtp');
  }
}
