import { worstSeverity } from '../../core/findings.ts';
import type { Finding, MailReport, ProviderRef } from '../../core/types.ts';
import { Card, Row } from '../../ui/Card.tsx';
import { t } from '../../ui/i18n.ts';
import { SafeLink } from '../../ui/Link.tsx';

function ProviderLine({ provider }: { provider: ProviderRef }) {
  return (
    <span class="provider" data-provider-id={provider.id}>
      <strong>{provider.name}</strong>
      {provider.statusUrl && (
        <>
          {' · '}
          <SafeLink href={provider.statusUrl}>{t('mailStatusPage')}</SafeLink>
        </>
      )}
      {provider.supportUrl && (
        <>
          {' · '}
          <SafeLink href={provider.supportUrl}>{t('mailSupportPage')}</SafeLink>
        </>
      )}
    </span>
  );
}

/** A mechanism's state at a glance: text first (never colour alone), the dot marks its worst finding. */
function Glance({
  label,
  value,
  findings,
  prefix,
}: {
  label: string;
  value: string;
  findings: Finding[];
  prefix: string;
}) {
  const worst = worstSeverity(findings.filter((f) => f.id.startsWith(prefix)));
  return (
    <Row label={label}>
      <span class={`glance glance-${worst ?? 'ok'}`}>
        <span class="dot" aria-hidden="true" />
        {value}
      </span>
    </Row>
  );
}

export function MailCard({ mail, findings }: { mail: MailReport; findings: Finding[] }) {
  const dkimFound = mail.dkim.filter((d) => d.found).map((d) => d.selector);
  return (
    <Card title={t('mailTitle')} id="mail-title">
      <dl>
        <Row label={t('mailProvider')}>
          {!mail.acceptsMail ? (
            t('mailNoMail')
          ) : mail.provider ? (
            <ProviderLine provider={mail.provider} />
          ) : (
            t('mailProviderUnknown')
          )}
        </Row>
        {mail.gateway && (
          <Row label={t('mailGateway')}>
            <ProviderLine provider={mail.gateway} />
          </Row>
        )}
        {mail.acceptsMail && (
          <Row label={t('mailMxHosts')}>
            {mail.mx.length === 0 ? (
              t('mailMxNone')
            ) : (
              <ul class="mx">
                {mail.mx.map((mx) => (
                  <li key={mx.exchange}>
                    <span class="pref">{mx.preference}</span> <code>{mx.exchange}</code>
                  </li>
                ))}
              </ul>
            )}
          </Row>
        )}
        <Glance
          label="SPF"
          prefix="spf."
          findings={findings}
          value={
            mail.spf
              ? t('mailSpfValue', [mail.spf.all ?? '—', String(mail.spf.lookups)])
              : t('mailNotPublished')
          }
        />
        <Glance
          label="DMARC"
          prefix="dmarc."
          findings={findings}
          value={mail.dmarc ? `p=${mail.dmarc.policy}` : t('mailNotPublished')}
        />
        <Glance
          label="MTA-STS"
          prefix="mta-sts."
          findings={findings}
          value={mail.mtaSts ? mail.mtaSts.mode : t('mailNotPublished')}
        />
        <Glance
          label="DKIM"
          prefix="dkim."
          findings={findings}
          value={
            dkimFound.length > 0 ? dkimFound.join(', ') : t('mailDkimNotFound', [String(mail.dkim.length)])
          }
        />
      </dl>
    </Card>
  );
}
