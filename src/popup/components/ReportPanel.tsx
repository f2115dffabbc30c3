import type { DomainReport } from '../../core/types.ts';
import { formatAgo } from '../../ui/format.ts';
import { t } from '../../ui/i18n.ts';
import { Actions } from './Actions.tsx';
import { Findings } from './Findings.tsx';
import { LookupErrors } from './LookupErrors.tsx';
import { MailCard } from './MailCard.tsx';
import { ProviderStatus } from './ProviderStatus.tsx';
import { RegistrationCard } from './RegistrationCard.tsx';

export function ReportPanel({
  report,
  watched,
  now,
  onRecheck,
  onReport,
}: {
  report: DomainReport;
  watched: boolean;
  now: number;
  onRecheck: () => void;
  /** The report judged again by a check the popup asks for itself (provider status). */
  onReport?: (report: DomainReport) => void;
}) {
  return (
    <div class="report" data-state="ready" data-domain={report.domain}>
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
      <LookupErrors errors={report.errors} onRetry={onRecheck} />
      <Findings findings={report.findings} />
      <MailCard mail={report.mail} findings={report.findings} />
      <ProviderStatus report={report} onReport={onReport} />
      <RegistrationCard report={report} now={now} />
      <Actions report={report} watched={watched} />
    </div>
  );
}
