import { worstSeverity } from '../core/findings.ts';
import type { DomainReport } from '../core/types.ts';
import { worstProblem } from '../shared/check-display.ts';
import type { ReportSummary, SummaryPart } from './model.ts';

const host = (name: string) => name.toLowerCase().replace(/\.$/, '');
const sortedSet = (names: string[]) => [...new Set(names.map(host))].sort();

/**
 * Keeps what the watchlist compares and shows, not the whole report (a full report is several KB;
 * 1,000 of them with history would crowd storage.local). A part whose DNS query or RDAP lookup
 * failed is listed in `unknown`, so that a failed lookup is never read as "the MX records vanished".
 */
export function summarizeReport(report: DomainReport): ReportSummary {
  const failed = new Set(
    report.errors.filter((e) => e.source === 'dns' && e.query).map((e) => (e.query as string).toLowerCase()),
  );
  const domain = report.domain.toLowerCase();
  const unknown: SummaryPart[] = [];
  if (failed.has(`${domain} mx`)) unknown.push('mail', 'mx');
  if (failed.has(`${domain} ns`)) unknown.push('ns');
  if (failed.has(`${domain} txt`)) unknown.push('spf');
  if (failed.has(`_dmarc.${domain} txt`)) unknown.push('dmarc');

  const registration = report.registration;
  const rdapState = report.checks?.registration?.state;
  const rdapFailed = rdapState ? rdapState === 'unknown' : report.errors.some((e) => e.source === 'rdap');
  const rdap: ReportSummary['rdap'] = registration
    ? 'ok'
    : rdapState === 'absent'
      ? 'absent'
      : registration === null && !rdapFailed
        ? 'none'
        : 'failed';
  if (rdap === 'failed') unknown.push('registration');

  const mail = report.mail;
  return {
    checkedAt: report.checkedAt,
    provider: mail.provider ? { id: mail.provider.id, name: mail.provider.name } : null,
    gateway: mail.gateway ? { id: mail.gateway.id, name: mail.gateway.name } : null,
    mx: sortedSet(mail.mx.map((m) => m.exchange).filter((m) => m !== '' && m !== '.')),
    ns: sortedSet(report.dns.nameservers),
    registrar: registration?.registrar?.name ?? null,
    expires: registration?.expires ?? null,
    status: [...new Set((registration?.status ?? []).map((s) => s.toLowerCase()))].sort(),
    spf: mail.spf?.record ?? null,
    dmarc: mail.dmarc?.record ?? null,
    rdap,
    findings: report.findings.map((f) => ({ id: f.id, severity: f.severity })),
    worst: worstSeverity(report.findings),
    unknown,
    verdict: report.verdict,
    problem: problemOf(report),
    contacts: {
      providerSupport: mail.provider?.supportUrl ?? null,
      registrarUrl: registration?.registrar?.url ?? null,
      abuseEmail: registration?.registrar?.abuseEmail ?? null,
      abusePhone: registration?.registrar?.abusePhone ?? null,
    },
  };
}

function problemOf(report: DomainReport): ReportSummary['problem'] {
  const worst = worstProblem(report);
  return worst ? { id: worst.id, severity: worst.severity, args: (worst.args ?? []).slice(0, 9) } : null;
}

/**
 * The baseline for the next comparison: a part that this check could not see keeps its last known
 * value, so a resolver hiccup followed by a good check does not produce "changed" twice.
 */
export function carryForward(previous: ReportSummary | null, next: ReportSummary): ReportSummary {
  if (!previous || next.unknown.length === 0) return next;
  const merged: ReportSummary = { ...next };
  const keep = new Set(next.unknown);
  if (keep.has('mail')) {
    merged.provider = previous.provider;
    merged.gateway = previous.gateway;
  }
  if (keep.has('mx')) merged.mx = previous.mx;
  if (keep.has('ns')) merged.ns = previous.ns;
  if (keep.has('spf')) merged.spf = previous.spf;
  if (keep.has('dmarc')) merged.dmarc = previous.dmarc;
  if (keep.has('registration') && previous.rdap === 'ok') {
    merged.registrar = previous.registrar;
    merged.expires = previous.expires;
    merged.status = previous.status;
  }
  // A finding the incomplete check could not re-evaluate is not resolved; it stays until a check sees it go.
  const seen = new Set(next.findings.map((f) => f.id));
  merged.findings = [...next.findings, ...previous.findings.filter((f) => !seen.has(f.id))];
  merged.worst = worstSeverity(merged.findings);
  merged.unknown = next.unknown.filter((part) => !isKnownIn(previous, part));
  return merged;
}

function isKnownIn(summary: ReportSummary, part: SummaryPart): boolean {
  if (part === 'registration') return summary.rdap === 'ok' && !summary.unknown.includes(part);
  return !summary.unknown.includes(part);
}
