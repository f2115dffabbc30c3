import type { Translate } from '../core/i18n/translate.ts';
import { daysSince, daysUntil } from '../core/rdap/dates.ts';
import type { DomainReport, Finding, Severity } from '../core/types.ts';
import { smtpLines } from './smtp/format.ts';

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  severity(severity: Severity, text: string): string;
}

const ESC = '\u001b[';
export const colourStyle: Style = {
  bold: (t) => `${ESC}1m${t}${ESC}22m`,
  dim: (t) => `${ESC}2m${t}${ESC}22m`,
  severity: (s, t) => `${ESC}${s === 'critical' ? '31' : s === 'warning' ? '33' : '36'}m${t}${ESC}39m`,
};
export const plainStyle: Style = { bold: (t) => t, dim: (t) => t, severity: (_s, t) => t };

const MARK: Record<Severity, string> = { critical: '✖', warning: '▲', info: 'ℹ' };
/** The human summary of one report: mail, registration, DNS, then findings worst first. */
export function formatReport(report: DomainReport, t: Translate, style: Style, now: number): string {
  const lines: string[] = [];
  const title = report.unicode === report.domain ? report.domain : `${report.unicode} (${report.domain})`;
  lines.push(`${style.bold(title)}  ${style.dim(t('cli_checked_in', [String(report.durationMs)]))}`);
  lines.push(...mailLines(report, t, style));
  lines.push(...registrationLines(report, t, style, now));
  lines.push(`  ${style.bold(t('cli_dns'))}`);
  lines.push(`    ${t('cli_nameservers')}: ${report.dns.nameservers.join(', ') || t('cli_unknown')}`);
  lines.push(`    ${t('cli_dnssec')}: ${report.dns.dnssec}`);
  if ('smtp' in report) lines.push(...smtpLines(report as Parameters<typeof smtpLines>[0], t, style));
  lines.push(`  ${style.bold(t('cli_findings'))}`);
  if (report.findings.length === 0) lines.push(`    ${t('cli_no_findings')}`);
  for (const finding of report.findings) lines.push(...findingLines(finding, t, style));
  if (report.errors.length) {
    lines.push(`  ${style.bold(t('cli_errors'))}`);
    for (const error of report.errors) {
      lines.push(
        `    ${style.dim(`[${error.source}]`)} ${error.query ? `${error.query}: ` : ''}${error.message}`,
      );
    }
  }
  return lines.join('\n');
}

function mailLines(report: DomainReport, t: Translate, style: Style): string[] {
  const { mail } = report;
  const lines = [`  ${style.bold(t('cli_mail'))}`];
  if (!mail.acceptsMail) {
    lines.push(`    ${t('cli_no_mail')}`);
    return lines;
  }
  const provider = mail.provider;
  lines.push(
    `    ${t('cli_provider')}: ${provider ? provider.name : t('cli_unknown')}${links(provider, t, style)}`,
  );
  if (mail.gateway)
    lines.push(`    ${t('cli_gateway')}: ${mail.gateway.name}${links(mail.gateway, t, style)}`);
  for (const mx of mail.mx) {
    lines.push(`    MX ${mx.preference} ${mx.exchange} ${style.dim(mx.addresses.join(' '))}`);
  }
  const states = [
    `SPF ${mail.spf ? (mail.spf.all ?? '✓') : '✗'}`,
    `DMARC ${mail.dmarc ? `p=${mail.dmarc.policy}` : '✗'}`,
    `MTA-STS ${mail.mtaSts ? mail.mtaSts.mode : '✗'}`,
    `TLS-RPT ${mail.tlsRpt ? '✓' : '✗'}`,
    `DKIM ${
      mail.dkim.some((d) => d.found)
        ? mail.dkim
            .filter((d) => d.found)
            .map((d) => d.selector)
            .join(',')
        : '✗'
    }`,
  ];
  lines.push(`    ${states.join('  ')}`);
  return lines;
}

function links(
  provider: { statusUrl?: string; supportUrl?: string } | null,
  t: Translate,
  style: Style,
): string {
  if (!provider) return '';
  const parts = [
    provider.statusUrl ? `${t('cli_status_page')}: ${provider.statusUrl}` : '',
    provider.supportUrl ? `${t('cli_support_page')}: ${provider.supportUrl}` : '',
  ].filter(Boolean);
  return parts.length ? `  ${style.dim(parts.join('  '))}` : '';
}

function registrationLines(report: DomainReport, t: Translate, style: Style, now: number): string[] {
  const lines = [`  ${style.bold(t('cli_registration'))}`];
  const reg = report.registration;
  if (reg === undefined) return [];
  if (reg === null) {
    lines.push(`    ${t('cli_no_rdap')}`);
    return lines;
  }
  const registrar = reg.registrar;
  lines.push(
    `    ${t('cli_registrar')}: ${registrar?.name ?? t('cli_unknown')}${registrar?.url ? `  ${style.dim(registrar.url)}` : ''}`,
  );
  const abuse = [registrar?.abuseEmail, registrar?.abusePhone].filter(Boolean).join('  ');
  if (abuse) lines.push(`    ${t('cli_abuse')}: ${abuse}`);
  lines.push(`    ${t('cli_expires')}: ${dateWithDistance(reg.expires, t, now)}`);
  lines.push(`    ${t('cli_created')}: ${dateWithDistance(reg.created, t, now)}`);
  if (reg.status.length) lines.push(`    ${t('cli_status')}: ${reg.status.join(', ')}`);
  return lines;
}

function dateWithDistance(iso: string | null, t: Translate, now: number): string {
  const left = daysUntil(iso, now);
  if (iso === null || left === null) return t('cli_unknown');
  const distance =
    left >= 0 ? t('cli_days_left', [String(left)]) : t('cli_days_ago', [String(daysSince(iso, now))]);
  return `${iso.slice(0, 10)} (${distance})`;
}

function findingLines(finding: Finding, t: Translate, style: Style): string[] {
  const head = style.severity(finding.severity, `${MARK[finding.severity]} ${finding.severity.padEnd(8)}`);
  return [
    `    ${head} ${style.bold(finding.title)} ${style.dim(`[${finding.id}]`)}`,
    `               ${finding.detail}`,
    `               ${style.dim(`${t('cli_fix')}: ${finding.fix}`)}`,
  ];
}
