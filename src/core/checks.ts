import {
  type CheckId,
  type CheckResult,
  type CheckState,
  type Checks,
  CORE_CHECK_IDS,
  type CoreCheckId,
  type DomainReport,
  SEVERITY_ORDER,
  type Severity,
  type Verdict,
} from './types.ts';

/**
 * The one judgement of a report (report.md "Checks, states and the verdict"), computed here and
 * nowhere else: every surface renders `checks`, `complete` and `verdict`, none re-derives them.
 */

/** Findings that only say a check could not run: they make a report incomplete, not "warning". */
export const LOOKUP_ONLY_FINDINGS: ReadonlySet<string> = new Set([
  'dns.lookup-failed',
  'dns.resolver-unreachable',
  'registration.lookup-failed',
]);

const PREFIX_CHECKS: [string, CheckId][] = [
  ['registration.', 'registration'],
  ['dns.dnssec-', 'dnssec'],
  ['dns.', 'nameservers'],
  ['mail.', 'mx'],
  ['spf.', 'spf'],
  ['dmarc.', 'dmarc'],
  ['mta-sts.', 'mta-sts'],
  ['tls-rpt.', 'tls-rpt'],
  ['dkim.', 'dkim'],
  ['bimi.', 'bimi'],
  ['provider.', 'provider-status'],
  ['smtp.', 'smtp'],
];

/** The check a finding belongs to, by its id's prefix; null for an id of no check. */
export function checkOfFinding(id: string): CheckId | null {
  for (const [prefix, check] of PREFIX_CHECKS) if (id.startsWith(prefix)) return check;
  return null;
}

export type CheckStates = Record<CoreCheckId, CheckState> &
  Partial<Record<Exclude<CheckId, CoreCheckId>, CheckState>>;

interface Judged {
  checks: Checks;
  complete: boolean;
  verdict: Verdict;
}

/** States in, severities from the findings, then `complete` and the verdict. */
export function judge(states: CheckStates, findings: { id: string; severity: Severity }[]): Judged {
  const checks = {} as Checks;
  for (const id of Object.keys(states) as CheckId[]) {
    const state = states[id];
    if (state !== undefined) checks[id] = { state, severity: 'none' };
  }
  for (const finding of findings) {
    const id = checkOfFinding(finding.id);
    const entry = id ? checks[id] : undefined;
    if (entry) entry.severity = worse(entry.severity, finding.severity);
  }
  const unknown = Object.values(checks).some((check: CheckResult) => check.state === 'unknown');
  const lookupFailed = findings.some((f) => LOOKUP_ONLY_FINDINGS.has(f.id));
  const complete = !unknown && !lookupFailed;
  return { checks, complete, verdict: verdictOf(findings, complete) };
}

export function verdictOf(findings: { id: string; severity: Severity }[], complete: boolean): Verdict {
  if (findings.some((f) => f.severity === 'critical')) return 'critical';
  if (findings.some((f) => f.severity === 'warning' && !LOOKUP_ONLY_FINDINGS.has(f.id))) return 'warning';
  return complete ? 'ok' : 'incomplete';
}

/**
 * The same judgement again after a surface added findings or a check of its own (the CLI's --smtp,
 * the extension's provider status): states are kept, severities and the verdict recomputed.
 */
export function rejudge(
  report: DomainReport,
  extra: Partial<Record<CheckId, CheckState>> = {},
): DomainReport {
  const states = {} as CheckStates;
  for (const [id, check] of Object.entries(report.checks) as [CheckId, CheckResult][])
    states[id] = check.state;
  Object.assign(states, extra);
  return { ...report, ...judge(states, report.findings) };
}

function worse(current: Severity | 'none', next: Severity): Severity {
  return current === 'none' || SEVERITY_ORDER[next] < SEVERITY_ORDER[current] ? next : current;
}

export { CORE_CHECK_IDS };
