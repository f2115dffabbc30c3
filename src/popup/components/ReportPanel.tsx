import type { CheckId, DomainReport } from '../../core/types.ts';
import { resolverUnreachable } from '../../shared/check-display.ts';
import { formatAgo } from '../../ui/format.ts';
import { t } from '../../ui/i18n.ts';
import { Actions } from './Actions.tsx';
import { CheckList } from './CheckList.tsx';
import { DnsCard } from './DnsCard.tsx';
import { Findings } from './Findings.tsx';
import { KeyFacts } from './KeyFacts.tsx';
import { LookupErrors } from './LookupErrors.tsx';
import { MailCard } from './MailCard.tsx';
import { ProviderStatus } from './ProviderStatus.tsx';
import { RegistrationCard } from './RegistrationCard.tsx';
import { VerdictHeader } from './VerdictHeader.tsx';

function PendingHeader() {
  return (
    <section class="verdict verdict-pending" aria-live="polite">
      <h2>{t('state_pending')}</h2>
    </section>
  );
}

function PendingCard({ title }: { title: string }) {
  return (
    <section class="card" aria-labelledby="pending-title" data-state="pending">
      <h2 id="pending-title">{title}</h2>
      <p class="muted">{t('state_pending')}</p>
    </section>
  );
}

export function ReportPanel({
  report,
  watched,
  now,
  onRecheck,
  pending = [],
  onReport,
  warningDays,
}: {
  /** The user's expiry warning threshold (settings), from the worker's answer. */
  warningDays: number;
  /** Checks still running (a progressive report): shown as such until the final report arrives. */
  pending?: CheckId[];
  report: DomainReport;
  /** Null while the report is in parts: whether the domain is watched is not asked until it is whole. */
  watched: boolean | null;
  now: number;
  onRecheck: () => void;
  /** The report judged again by a check the popup asks for itself (provider status). */
  onReport?: (report: DomainReport) => void;
}) {
  return (
    <div
      class="report"
      data-state={pending.length > 0 ? 'partial' : 'ready'}
      data-domain={report.domain}
      data-verdict={pending.length > 0 ? undefined : report.verdict}
    >
      <header class="head">
        <div>
          <h1 class="domain" title={report.domain}>
            {report.unicode}
          </h1>
          <p class="muted">
            <time dateTime={report.checkedAt}>
              {t('popupCheckedAgo', [formatAgo(report.checkedAt, now)])}
            </time>
          </p>
        </div>
        <button type="button" class="icon-button" onClick={onRecheck} data-action="recheck">
          <span aria-hidden="true">↻</span> {t('actionRecheck')}
        </button>
      </header>
      {pending.length > 0 ? <PendingHeader /> : <VerdictHeader report={report} />}
      <KeyFacts report={report} now={now} pending={pending} warningDays={warningDays} />
      <Findings findings={report.findings} />
      <CheckList report={report} pending={pending} />
      {/* The verdict header already names a resolver that is down: no list of the same failure twenty times. */}
      {!resolverUnreachable(report) && <LookupErrors errors={report.errors} onRetry={onRecheck} />}
      <MailCard mail={report.mail} unknown={report.checks.mx?.state === 'unknown'} />
      {pending.length === 0 && <ProviderStatus report={report} onReport={onReport} />}
      {pending.includes('registration') ? (
        <PendingCard title={t('registrationTitle')} />
      ) : (
        <RegistrationCard report={report} now={now} warningDays={warningDays} />
      )}
      <DnsCard report={report} />
      {/* Watching, copying and the rest act on a whole report, never on one still in parts. */}
      {watched !== null && <Actions report={report} watched={watched} />}
    </div>
  );
}
