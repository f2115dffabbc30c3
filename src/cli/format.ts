import type { Translate } from '../core/i18n/translate.ts';
import { daysSince, daysUntil, isoDay } from '../core/rdap/dates.ts';
import type { DomainReport, Finding, Severity } from '../core/types.ts';
import {
  CLI_MARKS,
  checkLabelKey,
  type DisplayState,
  displayStateOf,
  errorWordKey,
  orderedChecks,
  providerNameKey,
  resolverUnreachable,
  stateWordKey,
  uncheckedIds,
  VERDICT_MARKS,
  worstProblem,
} from '../shared/check-display.ts';
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

const MARK: Record<Severity, string> = { critical: '✗', warning: '▲', info: 'ℹ' };
const DISPLAY_SEVERITY: Partial<Record<DisplayState, Severity>> = {
  fail: 'critical',
  warning: 'warning',
};

/** One line per domain: the verdict and what it rests on, in the words of every other surface. */
export function summaryLine(report: DomainReport, t: Translate, style: Style): string {
  const title = report.unicode === report.domain ? report.domain : `${report.unicode} (${report.domain})`;
  const verdict = t(`verdict_${report.verdict}`);
  const mark = VERDICT_MARKS[report.verdict];
  const head = `${mark} ${style.bold(title)}: ${verdict}`;
  const coloured =
    report.verdict === 'critical' || report.verdict === 'warning'
      ? style.severity(report.verdict, head)
      : head;
  return `${coloured}${verdictReason(report, t)}`;
}

function verdictReason(report: DomainReport, t: Translate): string {
  if (report.verdict === 'ok') return '';
  if (report.verdict === 'incomplete') {
    const resolver = resolverUnreachable(report);
    const unchecked = uncheckedIds(report).map((id) => t(checkLabelKey(id)));
    const why = resolver ? resolver.title : t('reason_lookups_failed');
    return unchecked.length ? ` (${unchecked.join(', ')}): ${why}` : `: ${why}`;
  }
  const worst = worstProblem(report);
  const others = report.findings.filter((f) => f.severity !== 'info' && f !== worst).length;
  if (!worst) return '';
  return ` (${worst.title}${others > 0 ? `, ${t('verdict_more_problems', [String(others)])}` : ''})`;
}

/** The check rows: ✓ pass, ▲ warn, ✗ fail, – not published, ? could not check, n/a (report.md states). */
export function checkLines(report: DomainReport, t: Translate, style: Style): string[] {
  const rows = orderedChecks(report).map(([id, check]) => {
    const display = displayStateOf(check);
    return {
      label: t(checkLabelKey(id)),
      mark: CLI_MARKS[display],
      words: t(stateWordKey(id, display)),
      display,
    };
  });
  const width = Math.max(...rows.map((r) => r.label.length));
  return rows.map(({ label, mark, words, display }) => {
    const severity = DISPLAY_SEVERITY[display];
    const text = `${mark.padEnd(3)} ${label.padEnd(width)}  ${words}`;
    return `    ${severity ? style.severity(severity, text) : display === 'pass' ? text : style.dim(text)}`;
  });
}

/** The human summary of one report: the verdict, the checks, mail, registration, DNS, then findings worst first. */
export function formatReport(report: DomainReport, t: Translate, style: Style, now: number): string {
  const lines: string[] = [];
  lines.push(
    `${summaryLine(report, t, style)}  ${style.dim(t('cli_checked_in', [String(report.durationMs)]))}`,
  );
  lines.push(`  ${style.bold(t('cli_checks'))}`);
  lines.push(...checkLines(report, t, style));
  lines.push(...mailLines(report, t, style));
  lines.push(...registrationLines(report, t, style, now));
  lines.push(`  ${style.bold(t('cli_dns'))}`);
  lines.push(
    `    ${t('cli_nameservers')}: ${report.dns.nameservers.join(', ') || t(stateWordKey('nameservers', displayStateOf(report.checks.nameservers)))}`,
  );
  lines.push(`    ${t('cli_dnssec')}: ${t(`dnssec_${report.dns.dnssec}`)}`);
  if ('smtp' in report) lines.push(...smtpLines(report as Parameters<typeof smtpLines>[0], t, style));
  lines.push(`  ${style.bold(t('cli_findings'))}`);
  if (report.findings.length === 0) lines.push(`    ${t('cli_no_findings')}`);
  for (const finding of report.findings) lines.push(...findingLines(finding, t, style));
  // One clear state when the resolver itself is down, instead of the same failure twenty times.
  if (report.errors.length && !resolverUnreachable(report)) {
    lines.push(`  ${style.bold(t('cli_errors'))}`);
    for (const error of report.errors) {
      lines.push(
        // The code's words in the chosen language; the server's own text stays in --json.
        `    ${style.dim(`[${error.source}]`)} ${error.query ? `${error.query}: ` : ''}${t(errorWordKey(error))}`,
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
    `    ${t('cli_provider')}: ${provider ? providerWords(provider, t) : report.checks.mx.state === 'unknown' ? t('state_unknown') : t('cli_unknown')}${links(provider, t, style)}`,
  );
  if (mail.gateway)
    lines.push(`    ${t('cli_gateway')}: ${mail.gateway.name}${links(mail.gateway, t, style)}`);
  for (const mx of mail.mx) {
    lines.push(`    MX ${mx.preference} ${mx.exchange} ${style.dim(mx.addresses.join(' '))}`);
  }
  // The records themselves; whether each passes is in the check rows above.
  if (mail.spf) lines.push(`    SPF: ${mail.spf.record}`);
  if (mail.dmarc) lines.push(`    DMARC: ${mail.dmarc.record}`);
  if (mail.mtaSts) lines.push(`    MTA-STS: mode=${mail.mtaSts.mode} mx=${mail.mtaSts.mx.join(',')}`);
  if (mail.tlsRpt) lines.push(`    TLS-RPT: ${mail.tlsRpt.record}`);
  const selectors = mail.dkim.filter((d) => d.found).map((d) => d.selector);
  if (selectors.length) lines.push(`    DKIM: ${selectors.join(', ')}`);
  return lines;
}

function providerWords(provider: { id: string; name: string }, t: Translate): string {
  const key = providerNameKey(provider);
  return key ? t(key) : provider.name;
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
    const state = report.checks.registration.state;
    if (state === 'absent') lines.push(`    ${t('state_registration_absent')}`);
    else if (state === 'unsupported') {
      const lookup = report.findings.find((f) => f.id === 'registration.no-rdap')?.args?.[1];
      lines.push(`    ${t('state_registration_unsupported')}${lookup ? `: ${lookup}` : ''}`);
    } else lines.push(`    ${t('state_unknown')}`);
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
  return `${isoDay(iso)} (${distance})`;
}

function findingLines(finding: Finding, t: Translate, style: Style): string[] {
  const head = style.severity(
    finding.severity,
    `${MARK[finding.severity]} ${t(`severity_${finding.severity}`).padEnd(11)}`,
  );
  return [
    `    ${head} ${style.bold(finding.title)} ${style.dim(`[${finding.id}]`)}`,
    `                  ${finding.detail}`,
    `                  ${style.dim(`${t('cli_fix')}: ${finding.fix}`)}`,
  ];
}
