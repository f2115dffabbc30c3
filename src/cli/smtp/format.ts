import type { Translate } from '../../core/i18n/translate.ts';
import type { Style } from '../format.ts';
import type { ReportWithSmtp } from './check.ts';
import type { HostProbe } from './probe.ts';

/** The human summary's "Mail servers" block: one line per MX host probed (the findings say the rest). */
export function smtpLines(report: ReportWithSmtp, t: Translate, style: Style): string[] {
  const lines = [`  ${style.bold(t('smtp_cli_heading', [String(report.smtp.port)]))}`];
  if (report.smtp.hosts.length === 0) {
    lines.push(
      `    ${t(report.checks.smtp?.state === 'unknown' ? 'smtp_cli_unknown' : 'smtp_cli_not_applicable')}`,
    );
  }
  for (const probe of report.smtp.hosts) lines.push(`    ${hostLine(probe, t, style)}`);
  return lines;
}

function hostLine(probe: HostProbe, t: Translate, style: Style): string {
  if (probe.status === 'unreachable')
    return `${probe.host}  ${style.severity('warning', t('smtp_cli_unreachable'))}`;
  const head = `${probe.host} ${style.dim(`[${probe.address}]`)}  ${style.dim(probe.greeting)}`;
  switch (probe.status) {
    case 'no-starttls':
      return `${head}  ${style.severity('warning', t('smtp_cli_no_starttls'))}`;
    case 'failed':
      return `${head}  ${t('smtp_cli_failed', [`${probe.stage.toUpperCase()}: ${probe.message}`])}`;
    case 'tls': {
      const until = probe.certificate?.validTo?.slice(0, 10) ?? '-';
      const certificate = probe.trusted
        ? t('smtp_cli_certificate_valid', [until])
        : style.severity('warning', t('smtp_cli_certificate_invalid'));
      return `${head}  STARTTLS ${probe.protocol ?? ''}  ${certificate}`;
    }
  }
}
