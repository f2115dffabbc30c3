import type { DomainReport } from '../../core/types.ts';
import {
  checkLabelKey,
  errorsForCheck,
  orderedChecks,
  resolverUnreachable,
  uncheckedIds,
  VERDICT_MARKS,
  worstProblem,
} from '../../shared/check-display.ts';
import { openOptions } from '../../shared/client.ts';
import { findingText } from '../../shared/finding-text.ts';
import { formatDate } from '../../ui/format.ts';
import { t, tOptional } from '../../ui/i18n.ts';

/**
 * The one verdict of the report (report.md), first thing in the popup: "no problems" says what was
 * checked, "could not check everything" says what and why, otherwise the worst problem.
 */
export function VerdictHeader({ report }: { report: DomainReport }) {
  const { verdict } = report;
  return (
    <section class={`verdict verdict-${verdict}`} aria-live="polite" data-verdict-header={verdict}>
      <h2>
        <span class="verdict-mark" aria-hidden="true">
          {VERDICT_MARKS[verdict]}
        </span>{' '}
        {verdict === 'critical' || verdict === 'warning' ? problemTitle(report) : t(`verdict_${verdict}`)}
      </h2>
      <VerdictDetail report={report} />
    </section>
  );
}

function problemTitle(report: DomainReport): string {
  const worst = worstProblem(report);
  return worst
    ? (findingText(worst, 'title', tOptional, formatDate) ?? worst.title)
    : t(`verdict_${report.verdict}`);
}

function VerdictDetail({ report }: { report: DomainReport }) {
  if (report.verdict === 'ok') {
    const checked = orderedChecks(report)
      .filter(([, check]) => check.state === 'found' || check.state === 'absent')
      .map(([id]) => t(checkLabelKey(id)));
    return <p>{t('verdict_ok_detail', [checked.join(', ')])}</p>;
  }
  if (report.verdict === 'incomplete') {
    const resolver = resolverUnreachable(report);
    const unchecked = uncheckedIds(report).map((id) => t(checkLabelKey(id)));
    const reason = resolver
      ? t('reason_resolver_unreachable', [resolver.args?.[0] ?? ''])
      : (firstReason(report) ?? t('reason_lookups_failed'));
    return (
      <>
        <p>{t('verdict_incomplete_detail', [unchecked.join(', '), reason])}</p>
        {resolver && (
          <button
            type="button"
            class="link-button"
            data-action="resolver-settings"
            onClick={() => openOptions('', '#settings')}
          >
            {t('popupResolverSettings')}
          </button>
        )}
      </>
    );
  }
  const others = report.findings.filter((f) => f.severity === report.verdict).length - 1;
  return others > 0 ? <p>{t('verdict_more_problems', [String(others)])}</p> : null;
}

function firstReason(report: DomainReport): string | null {
  for (const id of uncheckedIds(report)) {
    const [error] = errorsForCheck(report, id);
    if (error) return error.message;
  }
  return null;
}
