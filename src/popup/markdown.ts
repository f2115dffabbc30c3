import { sortFindings } from '../core/findings.ts';
import type { DomainReport } from '../core/types.ts';
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
  ];
  const mail = report.mail;
  lines.push(`## ${t('mailTitle')}`, '');
  lines.push(`- ${t('mailProvider')}: ${escapeMarkdown(mail.provider?.name ?? t('mailProviderUnknown'))}`);
  if (mail.gateway) lines.push(`- ${t('mailGateway')}: ${escapeMarkdown(mail.gateway.name)}`);
  for (const mx of mail.mx) lines.push(`- MX ${mx.preference} \`${code(mx.exchange)}\``);
  lines.push(`- SPF: ${mail.spf ? `\`${code(mail.spf.record)}\`` : t('mailNotPublished')}`);
  lines.push(`- DMARC: ${mail.dmarc ? `\`${code(mail.dmarc.record)}\`` : t('mailNotPublished')}`);
  lines.push(`- MTA-STS: ${mail.mtaSts ? escapeMarkdown(mail.mtaSts.mode) : t('mailNotPublished')}`, '');
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
      findingText(finding, part, lookup),
    );
    lines.push(`- **${escapeMarkdown(title ?? '')}** (${finding.severity}, \`${finding.id}\`)`);
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
