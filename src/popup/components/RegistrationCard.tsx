import { daysUntil } from '../../core/rdap/dates.ts';
import type { DomainReport, Registration } from '../../core/types.ts';
import { openOptions } from '../../shared/client.ts';
import { mailtoHref, telHref } from '../../shared/safe-href.ts';
import { Card, Row } from '../../ui/Card.tsx';
import { expiryTone } from '../../ui/expiry-tone.ts';
import { formatDate, formatRelativeDays } from '../../ui/format.ts';
import { t } from '../../ui/i18n.ts';
import { SafeLink } from '../../ui/Link.tsx';
import { statusWords } from '../status-words.ts';

export function openWatchlistSettings(domain?: string): void {
  // `?domain=` opens that domain's notes (where the expiry is entered by hand), or offers to add it.
  const query = domain ? `?domain=${encodeURIComponent(domain)}` : '';
  openOptions(query, '#watchlist');
}

/** Registration (RDAP): registrar, who to call about abuse, dates in the user's locale, statuses in plain words. */
export function RegistrationCard({
  report,
  now,
  warningDays,
}: {
  report: DomainReport;
  now: number;
  warningDays: number;
}) {
  const registration = report.registration;
  if (registration === undefined) return null;
  if (registration === null) return <NoRegistration report={report} />;
  return (
    <Card title={t('registrationTitle')} id="registration-title">
      <dl>
        <RegistrarRows registration={registration} />
        <DateRow label={t('registrationCreated')} iso={registration.created} now={now} />
        <DateRow
          label={t('registrationExpires')}
          iso={registration.expires}
          now={now}
          expiry
          warningDays={warningDays}
        />
        {registration.status.length > 0 && (
          <Row label={t('registrationStatus')}>
            <ul class="statuses">
              {registration.status.map((status) => {
                const { words, icannUrl } = statusWords(status);
                return (
                  <li key={status}>
                    {words ?? status}
                    {words && (
                      <span class="status-code">
                        {' ('}
                        <SafeLink href={icannUrl}>{status}</SafeLink>)
                      </span>
                    )}
                  </li>
                );
              })}
            </ul>
          </Row>
        )}
      </dl>
    </Card>
  );
}

function RegistrarRows({ registration }: { registration: Registration }) {
  const registrar = registration.registrar;
  if (!registrar) return <Row label={t('registrationRegistrar')}>{t('registrationUnknown')}</Row>;
  const email = mailtoHref(registrar.abuseEmail);
  const phone = telHref(registrar.abusePhone);
  return (
    <>
      <Row label={t('registrationRegistrar')}>
        <SafeLink href={registrar.url}>{registrar.name ?? t('registrationUnknown')}</SafeLink>
      </Row>
      {(email || phone) && (
        <Row label={t('registrationAbuse')}>
          {email && <a href={email}>{registrar.abuseEmail?.replace(/^mailto:/i, '')}</a>}
          {email && phone && ' · '}
          {phone && <a href={phone}>{registrar.abusePhone?.replace(/^tel:/i, '')}</a>}
        </Row>
      )}
    </>
  );
}

function DateRow({
  label,
  iso,
  now,
  expiry,
  warningDays = 0,
}: {
  label: string;
  iso: string | null;
  now: number;
  expiry?: boolean;
  warningDays?: number;
}) {
  const date = formatDate(iso);
  const days = daysUntil(iso, now);
  if (!date || days === null) {
    return expiry ? <Row label={label}>{t('registrationNoExpiry')}</Row> : null;
  }
  return (
    <Row label={label}>
      <time dateTime={iso ?? undefined}>{date}</time>
      {expiry && (
        // An expired date or one within a month is urgent: never muted grey.
        <span
          class={
            expiryTone({ expires: iso, daysLeft: days }, now, warningDays) === 'later'
              ? 'muted'
              : 'expiry expiry-soon'
          }
        >
          {' '}
          ({formatRelativeDays(days)})
        </span>
      )}
    </Row>
  );
}

/** Says which of three very different things it is: not registered, no RDAP for the TLD, or a failed lookup. */
function NoRegistration({ report }: { report: DomainReport }) {
  const state = report.checks?.registration?.state ?? 'unknown';
  const tld = report.domain.slice(report.domain.lastIndexOf('.') + 1);
  if (state === 'absent') {
    return (
      <Card title={t('registrationTitle')} id="registration-title">
        <p class="notice" data-state="not-registered">
          {t('popupNotRegistered')}
        </p>
      </Card>
    );
  }
  if (state === 'unsupported') {
    const lookup = report.findings.find((f) => f.id === 'registration.no-rdap')?.args?.[1];
    return (
      <Card title={t('registrationTitle')} id="registration-title">
        <p class="notice" data-state="no-rdap">
          {t('registrationNoRdap', [`.${tld}`])}
        </p>
        {lookup && <SafeLink href={lookup}>{t('popupRegistryLookup')}</SafeLink>}{' '}
        <button type="button" class="link-button" onClick={() => openWatchlistSettings(report.domain)}>
          {t('registrationEnterByHand')}
        </button>
      </Card>
    );
  }
  const failed = report.errors.find((e) => e.source === 'rdap');
  return (
    <Card title={t('registrationTitle')} id="registration-title">
      <p class="notice" data-state="rdap-failed">
        {t('registrationFailed', [failed?.message ?? t('state_unknown')])}
      </p>
    </Card>
  );
}
