import { rejudge } from '../../core/checks.ts';
import { mapWithConcurrency } from '../../core/concurrency.ts';
import { sortFindings, translateFindings } from '../../core/findings.ts';
import type { Translate } from '../../core/i18n/translate.ts';
import type { CheckState, Clock, DomainReport } from '../../core/types.ts';
import { smtpErrors, smtpFindings } from './findings.ts';
import { type HostProbe, type ProbeOptions, type ProbeTarget, probeHost } from './probe.ts';

/**
 * `check --smtp`: the MX hosts of a finished report are probed (probe.ts), their findings and errors
 * join the report's, and `checks.smtp` is added through `rejudge`, so the verdict counts them.
 */

export interface SmtpCheckOptions extends ProbeOptions {
  now: Clock;
  translate: Translate;
}

/** What the probes saw, in the JSON report next to the findings. */
export interface SmtpSection {
  port: number;
  durationMs: number;
  hosts: HostProbe[];
}

export type ReportWithSmtp = DomainReport & { smtp: SmtpSection };

/** A domain's MX hosts at once, but few enough that a provider does not see a burst from one client. */
const CONCURRENT_HOSTS = 4;

export type SmtpPlan =
  | { state: Extract<CheckState, 'unknown' | 'not-applicable'> }
  | { targets: ProbeTarget[] };

/** Which hosts to probe, or why there is none to try. */
export function planSmtp(report: DomainReport): SmtpPlan {
  const { mail } = report;
  // A null MX (RFC 7505), no MX at all, or no domain: there is no mail server to ask.
  if (!mail.acceptsMail || report.checks.mx.state === 'not-applicable') return { state: 'not-applicable' };
  const targets = mail.mx
    .filter((mx) => mx.addresses.length > 0)
    .map((mx) => ({ host: mx.exchange, addresses: mx.addresses }));
  if (targets.length > 0) return { targets };
  // Nothing to try: because DNS did not answer (could not check), or because it said there is
  // nothing (no MX, or only dangling ones: mail.no-mx / mail.mx-unresolvable say so).
  return { state: report.checks.mx.state === 'unknown' ? 'unknown' : 'not-applicable' };
}

export async function checkSmtp(report: DomainReport, options: SmtpCheckOptions): Promise<ReportWithSmtp> {
  const started = options.now();
  const plan = planSmtp(report);
  if ('state' in plan) {
    const smtp = { port: options.port, durationMs: 0, hosts: [] };
    return { ...rejudge(report, { smtp: plan.state }), smtp };
  }
  const hosts = await mapWithConcurrency(plan.targets, CONCURRENT_HOSTS, (target) =>
    probeHost(target, options),
  );
  const specs = smtpFindings(hosts, {
    port: options.port,
    now: options.now(),
    mtaStsMode: report.mail.mtaSts?.mode ?? null,
    translate: options.translate,
  });
  const withSmtp: DomainReport = {
    ...report,
    findings: sortFindings([...report.findings, ...translateFindings(specs, options.translate)]),
    errors: [...report.errors, ...smtpErrors(hosts, options.port)],
  };
  const smtp = { port: options.port, durationMs: Math.max(0, Math.round(options.now() - started)), hosts };
  return { ...rejudge(withSmtp, { smtp: 'found' }), smtp };
}
