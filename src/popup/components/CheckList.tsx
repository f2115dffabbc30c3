import type { CheckId, CheckResult, DomainReport } from '../../core/types.ts';
import {
  checkLabelKey,
  type DisplayState,
  displayStateOf,
  errorsForCheck,
  errorWordKey,
  orderedChecks,
  stateWordKey,
} from '../../shared/check-display.ts';
import { t } from '../../ui/i18n.ts';

/**
 * One row per check with its state in words (never colour alone). Contract for tests: each row has
 * `data-check` and `data-state` (the report's state: found, absent, unknown, unsupported,
 * not-applicable, or pending while it runs). "Could not check" is neutral and says why.
 */
export function CheckList({ report, pending = [] }: { report: DomainReport; pending?: CheckId[] }) {
  return (
    <section class="checks" aria-labelledby="checks-title">
      <h2 id="checks-title">{t('popupChecksTitle')}</h2>
      <ul>
        {orderedChecks(report)
          // Provider status has a card of its own (ProviderStatus.tsx) that carries its row.
          .filter(([id]) => id !== 'provider-status')
          .map(([id, check]) => (
            <CheckRow key={id} id={id} check={check} report={report} pending={pending.includes(id)} />
          ))}
      </ul>
    </section>
  );
}

function CheckRow({
  id,
  check,
  report,
  pending,
}: {
  id: CheckId;
  check: CheckResult;
  report: DomainReport;
  pending: boolean;
}) {
  const display: DisplayState = pending ? 'pending' : displayStateOf(check);
  const error = display === 'unknown' ? errorsForCheck(report, id)[0] : undefined;
  const reason = error ? `${t(errorWordKey(error))}${error.query ? ` (${error.query})` : ''}` : undefined;
  return (
    <li
      class={`check check-${display}`}
      data-check={id}
      data-state={pending ? 'pending' : check.state}
      data-severity={check.severity}
    >
      <span class="check-dot" aria-hidden="true" />
      <span class="check-label">{t(checkLabelKey(id))}</span>
      <span class="check-state">{t(stateWordKey(id, display))}</span>
      {reason && <span class="check-reason">{reason}</span>}
    </li>
  );
}
