import type { DomainReport } from '../../core/types.ts';
import { Card, Row } from '../../ui/Card.tsx';
import { t } from '../../ui/i18n.ts';

/** The name servers as DNS answers them, and what DNSSEC does for the domain, in words. */
export function DnsCard({ report }: { report: DomainReport }) {
  const { nameservers, dnssec } = report.dns;
  if (nameservers.length === 0 && dnssec === 'unknown') return null;
  return (
    <Card title={t('popupDnsTitle')} id="dns-title">
      <dl>
        {nameservers.length > 0 && (
          <Row label={t('check_nameservers')}>
            <ul class="mx">
              {nameservers.map((ns) => (
                <li key={ns}>
                  <code>{ns}</code>
                </li>
              ))}
            </ul>
          </Row>
        )}
        <Row label="DNSSEC">{t(`dnssec_${dnssec}`)}</Row>
      </dl>
    </Card>
  );
}
