import type { Translate } from '../../core/i18n/translate.ts';
import { daysUntil } from '../../core/rdap/dates.ts';
import type { FindingSpec, ReportError } from '../../core/types.ts';
import type { AttemptFailure, CertificateFacts, CertificateProblem, HostProbe } from './probe.ts';

/**
 * The `smtp.*` findings of checks.md from what the probes saw. Every detail names the host, the
 * address and the evidence: the greeting, the EHLO answer, the TLS error, the expiry date.
 */

export interface SmtpJudgeOptions {
  port: number;
  now: number;
  /** The report's MTA-STS mode: in `enforce`, senders that honour it refuse an invalid certificate. */
  mtaStsMode: string | null;
  /** Evidence phrases are put in the finding's words, so they are said in the report's language. */
  translate: Translate;
}

/** checks.md: "it expires within 14 days". */
export const EXPIRY_WARNING_DAYS = 14;

export function smtpFindings(probes: HostProbe[], options: SmtpJudgeOptions): FindingSpec[] {
  const anyAnswered = probes.some((p) => p.status !== 'unreachable');
  return probes.flatMap((probe): FindingSpec[] => {
    if (probe.status === 'unreachable') {
      return [
        {
          id: 'smtp.unreachable',
          // checks.md: critical if no MX host accepts a connection, warning if some do not.
          severity: anyAnswered ? 'warning' : 'critical',
          args: [probe.host, String(options.port), attemptsText(probe.attempts, options.translate)],
        },
      ];
    }
    if (probe.status === 'no-starttls') {
      const args = [probe.host, probe.address, probe.greeting, probe.evidence];
      return [{ id: 'smtp.no-starttls', severity: 'warning', args }];
    }
    // A session that broke after the greeting proves nothing either way: smtpErrors reports it.
    return probe.status === 'tls' ? certificateFindings(probe, options) : [];
  });
}

function certificateFindings(
  probe: Extract<HostProbe, { status: 'tls' }>,
  options: SmtpJudgeOptions,
): FindingSpec[] {
  const t = options.translate;
  const cert = probe.certificate;
  const problems = probe.problems.length ? probe.problems : clockProblems(cert, options.now);
  if (problems.length > 0) {
    const enforced = options.mtaStsMode === 'enforce';
    return [
      {
        id: 'smtp.certificate-invalid',
        // checks.md: critical when MTA-STS is in enforce mode (RFC 8461 §5: such senders refuse delivery).
        severity: enforced ? 'critical' : 'warning',
        args: [
          probe.host,
          probe.address,
          problems.map((p) => problemText(p, probe.host, t)).join('; '),
          certificateText(cert, t),
          t(enforced ? 'smtp_consequence_enforce' : 'smtp_consequence_opportunistic'),
        ],
      },
    ];
  }
  const days = daysUntil(cert?.validTo, options.now);
  if (days !== null && days <= EXPIRY_WARNING_DAYS) {
    return [
      {
        id: 'smtp.certificate-expires-soon',
        severity: 'warning',
        args: [probe.host, probe.address, (cert?.validTo ?? '').slice(0, 10), String(days)],
      },
    ];
  }
  return [];
}

/** node:tls judged validity by the machine's clock; the report's clock (injected) has the last word. */
function clockProblems(cert: CertificateFacts | null, now: number): CertificateProblem[] {
  if (cert?.validTo && Date.parse(cert.validTo) < now) return [{ kind: 'expired' }];
  if (cert?.validFrom && Date.parse(cert.validFrom) > now) return [{ kind: 'not-yet-valid' }];
  return [];
}

const PROBLEM_KEYS: Record<Exclude<CertificateProblem['kind'], 'handshake'>, string> = {
  expired: 'smtp_problem_expired',
  'not-yet-valid': 'smtp_problem_not_yet_valid',
  'self-signed': 'smtp_problem_self_signed',
  untrusted: 'smtp_problem_untrusted',
  'name-mismatch': 'smtp_problem_name_mismatch',
  none: 'smtp_certificate_none',
};

function problemText(problem: CertificateProblem, host: string, t: Translate): string {
  if (problem.kind === 'handshake') return t('smtp_problem_handshake', [problem.message]);
  const text = t(PROBLEM_KEYS[problem.kind], [host]);
  return problem.code ? `${text} (${problem.code})` : text;
}

function certificateText(cert: CertificateFacts | null, t: Translate): string {
  if (!cert) return t('smtp_certificate_none');
  const names = cert.names.length ? cert.names.join(', ') : cert.subject || '-';
  return t('smtp_certificate_summary', [
    names,
    cert.issuer || '-',
    cert.validFrom?.slice(0, 10) ?? '-',
    cert.validTo?.slice(0, 10) ?? '-',
  ]);
}

function attemptsText(attempts: AttemptFailure[], t: Translate): string {
  return attempts.map((a) => `${a.address}: ${attemptText(a, t)}`).join('; ');
}

function attemptText(attempt: AttemptFailure, t: Translate): string {
  switch (attempt.reason) {
    case 'not-public':
      return t('smtp_evidence_not_public');
    case 'refused':
      return t('smtp_evidence_refused');
    case 'timeout':
      return t('smtp_evidence_timeout', [String(attempt.ms ?? '')]);
    case 'closed':
      return t('smtp_evidence_closed');
    case 'rejected':
      return t('smtp_evidence_rejected', [attempt.message]);
    default:
      return attempt.message;
  }
}

/**
 * What the probes could not finish, for the report's `errors` (report.md codes): an address the
 * product refused to connect to (`blocked`) and sessions that stalled or broke after the greeting.
 */
export function smtpErrors(probes: HostProbe[], port: number): ReportError[] {
  return probes.flatMap((probe): ReportError[] => {
    if (probe.status === 'failed') {
      return [
        {
          source: 'smtp',
          code: probe.code,
          message: `${probe.stage.toUpperCase()}: ${probe.message}`,
          query: `${probe.host} [${probe.address}]:${port}`,
        },
      ];
    }
    if (probe.status !== 'unreachable') return [];
    return probe.attempts
      .filter((a) => a.code === 'blocked')
      .map((a) => ({
        source: 'smtp' as const,
        code: a.code,
        message: 'not a public address: not connected',
        query: `${probe.host} [${a.address}]:${port}`,
      }));
  });
}
