import { daysUntil } from '../../core/rdap/dates.ts';
import type { CheckId, DomainReport } from '../../core/types.ts';
import { Row } from '../../ui/Card.tsx';
import { expiryTone } from '../../ui/expiry-tone.ts';
import { formatDate, formatRelativeDays } from '../../ui/format.ts';
import { t } from '../../ui/i18n.ts';
import { ProviderLine } from './MailCard.tsx';

/**
 * The two facts people open the popup for, right under the verdict so they fit a 600 px popup
 * without scrolling: who handles the mail and when the registration expires.
 */
export function KeyFacts({
  report,
  now,
  pending = [],
  warningDays,
}: {
  report: DomainReport;
  now: number;
  pending?: CheckId[];
  /** The user's expiry warning threshold (settings): within it a date is urgent, never muted. */
  warningDays: number;
}) {
  const waiting = (id: CheckId) => pending.includes(id);
  return (
    <dl class="key-facts">
      <Row label={t('mailProvider')}>
        {/* The provider is known from the MX hosts before the MX check is judged: shown at once. */}
        {waiting('mx') && !report.mail.provider ? (
          <span class="fact-unknown">{t('state_pending')}</span>
        ) : (
          <ProviderFact report={report} />
        )}
      </Row>
      <Row label={t('registrationExpires')}>
        {waiting('registration') ? (
          <span class="fact-unknown" data-expiry="pending">
            {t('state_pending')}
          </span>
        ) : (
          <ExpiryFact report={report} now={now} warningDays={warningDays} />
        )}
      </Row>
    </dl>
  );
}

function ProviderFact({ report }: { report: DomainReport }) {
  const { mail, checks } = report;
  if (checks.mx.state === 'not-applicable') return <span>{t('state_not_applicable')}</span>;
  if (checks.mx.state === 'unknown' && !mail.provider)
    return <span class="fact-unknown">{t('state_unknown')}</span>;
  if (!mail.acceptsMail) return <span>{t('mailNoMail')}</span>;
  if (mail.provider) return <ProviderLine provider={mail.provider} />;
  return <span>{t('mailProviderUnknown')}</span>;
}

function ExpiryFact({
  report,
  now,
  warningDays,
}: {
  report: DomainReport;
  now: number;
  warningDays: number;
}) {
  const state = report.checks.registration.state;
  if (state === 'absent') return <span data-expiry="not-registered">{t('state_registration_absent')}</span>;
  if (state === 'unsupported') return <span class="fact-unknown">{t('state_unsupported')}</span>;
  if (state === 'unknown') return <span class="fact-unknown">{t('state_unknown')}</span>;
  const iso = report.registration?.expires ?? null;
  const date = formatDate(iso);
  const days = daysUntil(iso, now);
  if (!date || days === null) return <span>{t('registrationNoExpiry')}</span>;
  const urgency = expiryTone({ expires: iso, daysLeft: days }, now, warningDays);
  return (
    <span class={`expiry expiry-${urgency}`} data-expiry={urgency}>
      <time dateTime={iso ?? undefined}>{date}</time> ({formatRelativeDays(days)})
    </span>
  );
}
