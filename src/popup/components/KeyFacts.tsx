import { daysUntil } from '../../core/rdap/dates.ts';
import type { CheckId, DomainReport } from '../../core/types.ts';
import { Row } from '../../ui/Card.tsx';
import { formatDate, formatRelativeDays } from '../../ui/format.ts';
import { t } from '../../ui/i18n.ts';
import { ProviderLine } from './MailCard.tsx';

/** Within this many days an expiry is shown as urgent (the settings' default warning threshold). */
const URGENT_DAYS = 30;

/**
 * The two facts people open the popup for, right under the verdict so they fit a 600 px popup
 * without scrolling: who handles the mail and when the registration expires.
 */
export function KeyFacts({
  report,
  now,
  pending = [],
}: {
  report: DomainReport;
  now: number;
  pending?: CheckId[];
}) {
  const waiting = (id: CheckId) => pending.includes(id);
  return (
    <dl class="key-facts">
      <Row label={t('mailProvider')}>
        {waiting('mx') ? (
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
          <ExpiryFact report={report} now={now} />
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

function ExpiryFact({ report, now }: { report: DomainReport; now: number }) {
  const state = report.checks.registration.state;
  if (state === 'absent') return <span data-expiry="not-registered">{t('state_registration_absent')}</span>;
  if (state === 'unsupported') return <span class="fact-unknown">{t('state_unsupported')}</span>;
  if (state === 'unknown') return <span class="fact-unknown">{t('state_unknown')}</span>;
  const iso = report.registration?.expires ?? null;
  const date = formatDate(iso);
  const days = daysUntil(iso, now);
  if (!date || days === null) return <span>{t('registrationNoExpiry')}</span>;
  const urgency = days < 0 ? 'expired' : days <= URGENT_DAYS ? 'soon' : 'later';
  return (
    <span class={`expiry expiry-${urgency}`} data-expiry={urgency}>
      <time dateTime={iso ?? undefined}>{date}</time> ({formatRelativeDays(days)})
    </span>
  );
}
