import { useEffect, useState } from 'preact/hooks';
import type { ProviderStatus as Status } from '../../core/status/provider-status.ts';
import type { StatusIncident } from '../../core/status/types.ts';
import type { DomainReport } from '../../core/types.ts';
import { type ProviderStatusView, sendRequest } from '../../shared/messages.ts';
import { t, uiLanguage } from '../../ui/i18n.ts';
import { SafeLink } from '../../ui/Link.tsx';
import './provider-status.css';

/**
 * "Is it the provider, is it us?": the mail provider's (and gateway's) own status feed, asked of the
 * worker once the report is on screen. Remote text is rendered as text, never as HTML; only https
 * links are followed. `onReport` hands back the report judged again with this check, so the verdict
 * accounts for it.
 */
export function ProviderStatus({
  report,
  onReport,
}: {
  report: DomainReport;
  onReport?: ((report: DomainReport) => void) | undefined;
}) {
  const [view, setView] = useState<ProviderStatusView | null>(null);
  const { domain, checkedAt } = report;

  useEffect(() => {
    let live = true;
    setView(null);
    sendRequest({ type: 'provider-status/get', domain })
      .then((answer) => {
        if (!live) return;
        setView(answer);
        if (answer.kind === 'ready') onReport?.(answer.report);
      })
      .catch(() => live && setView({ kind: 'no-report' }));
    return () => {
      live = false;
    };
    // Asked once per report: a re-check (new checkedAt) asks again, the judged report handed back
    // (same checkedAt) does not, and a new onReport callback from the parent's render must not.
  }, [domain, checkedAt]);

  if (!report.mail.acceptsMail || view?.kind === 'no-report') return null;
  const state =
    view === null
      ? 'checking'
      : view.kind === 'off'
        ? 'off'
        : (view.report.checks['provider-status']?.state ?? 'unknown');
  return (
    <section class="card provider-status" aria-labelledby="provider-status-title" aria-busy={view === null}>
      <h2 id="provider-status-title">{t('providerStatusTitle')}</h2>
      <div class="check-row" data-check="provider-status" data-state={state}>
        {view === null && <p class="muted">{t('popupChecking')}</p>}
        {view?.kind === 'off' && <p class="muted">{t('providerStatusOff')}</p>}
        {view?.kind === 'ready' && view.statuses.length === 0 && <p>{t('providerStatusNoProvider')}</p>}
        {view?.kind === 'ready' &&
          view.statuses.map((status) => <ProviderLine key={status.provider.id} status={status} />)}
      </div>
    </section>
  );
}

function ProviderLine({ status }: { status: Status }) {
  const name = status.provider.name;
  const role = status.role === 'gateway' ? ` (${t('providerStatusGateway')})` : '';
  return (
    <div
      class="provider-status-item"
      data-status-provider={status.provider.id}
      data-provider-state={status.state}
    >
      {status.state === 'found' && status.incidents.length === 0 && (
        <p class="glance glance-ok">
          <span class="dot" aria-hidden="true" />
          {t('providerStatusAllWell', [name])}
          {role}
        </p>
      )}
      {status.state === 'found' &&
        status.incidents.map((incident) => (
          <Incident key={incident.id} name={name} role={role} incident={incident} />
        ))}
      {status.state === 'unknown' && (
        <p class="glance glance-info">
          <span class="dot" aria-hidden="true" />
          {t('providerStatusUnknown', [name])}
          {role}
        </p>
      )}
      {status.state === 'unsupported' && (
        <p class="muted">
          {t('providerStatusUnsupported', [name])}
          {role}
        </p>
      )}
    </div>
  );
}

function Incident({ name, role, incident }: { name: string; role: string; incident: StatusIncident }) {
  const since = formatWhen(incident.since);
  const updated = formatWhen(incident.updatedAt);
  const link = incident.url?.startsWith('https://') ? incident.url : null;
  return (
    <article class="incident" data-incident-id={incident.id}>
      <p class="glance glance-warning">
        <span class="dot" aria-hidden="true" />
        <strong>
          {t('providerStatusIncident', [name])}
          {role}
        </strong>
      </p>
      <p class="incident-title">{incident.title}</p>
      {since && (
        <p class="muted">
          <time dateTime={incident.since ?? undefined}>{t('providerStatusSince', [since])}</time>
        </p>
      )}
      {incident.latestUpdate && (
        <p class="incident-update">
          {updated ? <strong>{t('providerStatusLatest', [updated])}</strong> : null} {incident.latestUpdate}
        </p>
      )}
      {link && (
        <p>
          <SafeLink href={link}>{t('providerStatusLink')}</SafeLink>
        </p>
      )}
    </article>
  );
}

function formatWhen(iso: string | null): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  try {
    return new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  } catch {
    return date.toISOString();
  }
}
