import { sortFindings } from '../core/findings.ts';
import type { DomainReport } from '../core/types.ts';
import { checkLabelKey, displayStateOf, orderedChecks, stateWordKey } from '../shared/check-display.ts';
import { findingText, type MessageLookup } from '../shared/finding-text.ts';

export type Words = (key: string, substitutions?: string[]) => string;

export interface MarkdownFormat {
  t: Words;
  /** Re-translates findings into the UI language (see findingText); the stored words without it. */
  lookup?: MessageLookup;
  date(iso: string | null | undefined): string | null;
}

/**
 * The report as Markdown, for pasting into a ticket or an e-mail to whoever runs the domain.
 * Remote text is escaped so a record cannot inject links or formatting.
 */
export function reportToMarkdown(
  report: DomainReport,
  { t, date, lookup = () => null }: MarkdownFormat,
): string {
  const lines: string[] = [
    `# ${escapeMarkdown(report.unicode)}`,
    '',
    `${t('mdChecked')}: ${date(report.checkedAt) ?? report.checkedAt}`,
    '',
    `**${t(`verdict_${report.verdict}`)}**`,
    '',
  ];
  // The checks as every surface shows them: "could not check" is never written as "not published".
  lines.push(`## ${t('popupChecksTitle')}`, '');
  for (const [id, check] of orderedChecks(report)) {
    lines.push(`- ${t(checkLabelKey(id))}: ${t(stateWordKey(id, displayStateOf(check)))}`);
  }
  lines.push('');
  const mail = report.mail;
  lines.push(`## ${t('mailTitle')}`, '');
  lines.push(`- ${t('mailProvider')}: ${escapeMarkdown(mail.provider?.name ?? t('mailProviderUnknown'))}`);
  if (mail.gateway) lines.push(`- ${t('mailGateway')}: ${escapeMarkdown(mail.gateway.name)}`);
  for (const mx of mail.mx) lines.push(`- MX ${mx.preference} \`${code(mx.exchange)}\``);
  if (mail.spf) lines.push(`- SPF: \`${code(mail.spf.record)}\``);
  if (mail.dmarc) lines.push(`- DMARC: \`${code(mail.dmarc.record)}\``);
  if (mail.mtaSts) lines.push(`- MTA-STS: ${escapeMarkdown(mail.mtaSts.mode)}`);
  lines.push('');
  const registration = report.registration;
  if (registration) {
    lines.push(`## ${t('registrationTitle')}`, '');
    if (registration.registrar?.name)
      lines.push(`- ${t('registrationRegistrar')}: ${escapeMarkdown(registration.registrar.name)}`);
    const expires = date(registration.expires);
    if (expires) lines.push(`- ${t('registrationExpires')}: ${expires}`);
    const created = date(registration.created);
    if (created) lines.push(`- ${t('registrationCreated')}: ${created}`);
    lines.push('');
  }
  lines.push(`## ${t('findingsTitle')}`, '');
  if (report.findings.length === 0) lines.push(t('findingsNone'));
  for (const finding of sortFindings(report.findings)) {
    const [title, detail, fix] = (['title', 'detail', 'fix'] as const).map((part) =>
      findingText(finding, part, lookup, date),
    );
    lines.push(
      `- **${escapeMarkdown(title ?? '')}** (${t(`severity_${finding.severity}`)}, \`${finding.id}\`)`,
    );
    lines.push(`  ${escapeMarkdown(detail ?? '')}`);
    if (fix) lines.push(`  ${t('findingFixToggle')}: ${escapeMarkdown(fix)}`);
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Backslash-escapes Markdown's active characters; line breaks become spaces (one item per line). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/([\\`*_{}[\]()<>#+\-.!|~])/g, '\\$1');
}

function code(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/`/g, "'");
}
