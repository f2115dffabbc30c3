import type { DomainReport } from '../../core/types.ts';
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
import { RegistrationCard } from './RegistrationCard.tsx';
import { VerdictHeader } from './VerdictHeader.tsx';

export function ReportPanel({
  report,
  watched,
  now,
  onRecheck,
}: {
  report: DomainReport;
  watched: boolean;
  now: number;
  onRecheck: () => void;
}) {
  return (
    <div class="report" data-state="ready" data-domain={report.domain} data-verdict={report.verdict}>
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
      <VerdictHeader report={report} />
      <KeyFacts report={report} now={now} />
      <Findings findings={report.findings} />
      <CheckList report={report} />
      {/* The verdict header already names a resolver that is down: no list of the same failure twenty times. */}
      {!resolverUnreachable(report) && <LookupErrors errors={report.errors} onRetry={onRecheck} />}
      <MailCard mail={report.mail} />
      <RegistrationCard report={report} now={now} />
      <DnsCard report={report} />
      <Actions report={report} watched={watched} />
    </div>
  );
}
