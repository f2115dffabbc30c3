import type { MailReport, ProviderRef } from '../../core/types.ts';
import { providerNameKey as nameKey } from '../../shared/check-display.ts';
import { Card, Row } from '../../ui/Card.tsx';
import { t } from '../../ui/i18n.ts';
import { SafeLink } from '../../ui/Link.tsx';
import { RecordLine } from './RecordLine.tsx';

function ProviderLine({ provider }: { provider: ProviderRef }) {
  return (
    <span class="provider" data-provider-id={provider.id}>
      <strong>{nameKey(provider) ? t(nameKey(provider) as string) : provider.name}</strong>
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

const HELP_LABELS = { spf: 'SPF', dmarc: 'DMARC', dkim: 'DKIM' } as const;

/**
 * Who handles the mail and the records as published. Whether each check passes is in the check
 * rows (from the report's `checks`); this card never reads a missing field as "not published".
 */
export function MailCard({ mail, unknown = false }: { mail: MailReport; unknown?: boolean }) {
  const dkimFound = mail.dkim.filter((d) => d.found).map((d) => d.selector);
  const help = mail.provider?.help;
  const nothing =
    !mail.gateway &&
    !(mail.mx.length > 0 && mail.acceptsMail) &&
    !mail.spf &&
    !mail.dmarc &&
    !mail.mtaSts &&
    !mail.tlsRpt &&
    dkimFound.length === 0 &&
    !help;
  return (
    <Card title={t('mailTitle')} id="mail-title">
      {/* An empty card reads as broken: when the mail questions went unanswered, say so. */}
      {nothing && unknown && <p class="muted mail-unknown">{t('mailCardUnknown')}</p>}
      <dl>
        {mail.gateway && (
          <Row label={t('mailGateway')}>
            <ProviderLine provider={mail.gateway} />
          </Row>
        )}
        {mail.mx.length > 0 && mail.acceptsMail && (
          <Row label={t('mailMxHosts')}>
            <ul class="mx">
              {mail.mx.map((mx) => (
                <li key={mx.exchange}>
                  <span class="pref">{mx.preference}</span> <code>{mx.exchange}</code>
                </li>
              ))}
            </ul>
          </Row>
        )}
        {mail.spf && (
          <Row label="SPF">
            <RecordLine label="SPF" record={mail.spf.record} />
          </Row>
        )}
        {mail.dmarc && (
          <Row label="DMARC">
            <RecordLine label="DMARC" record={mail.dmarc.record} />
          </Row>
        )}
        {mail.mtaSts && (
          <Row label="MTA-STS">
            <RecordLine
              label="MTA-STS"
              record={`mode: ${mail.mtaSts.mode}\nmx: ${mail.mtaSts.mx.join(', ')}`}
            />
          </Row>
        )}
        {mail.tlsRpt && (
          <Row label="TLS-RPT">
            <RecordLine label="TLS-RPT" record={mail.tlsRpt.record} />
          </Row>
        )}
        {dkimFound.length > 0 && <Row label="DKIM">{dkimFound.join(', ')}</Row>}
        {help && (
          <Row label={t('mailSupportPage')}>
            {(Object.keys(HELP_LABELS) as (keyof typeof HELP_LABELS)[])
              .filter((key) => help[key])
              .map((key) => (
                <SafeLink key={key} href={help[key]}>
                  {t('popupProviderHelp', [HELP_LABELS[key]])}
                </SafeLink>
              ))}
          </Row>
        )}
      </dl>
    </Card>
  );
}

export { ProviderLine };
