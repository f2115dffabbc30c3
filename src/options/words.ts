import { findingMessageKey } from '../core/i18n/translate.ts';
import { t } from '../ui/i18n.ts';
import type { Change } from '../watchlist/model.ts';

/** One line for a change: "MX: a → b", "Renewed: 2027-01-01 → 2028-01-01", "New: <finding title>". */
export function changeSummary(change: Change): string {
  if (change.kind === 'finding-appeared' || change.kind === 'finding-resolved') {
    const title = t(findingMessageKey(change.findingId ?? '', 'title'));
    return t(change.kind === 'finding-appeared' ? 'optChangeAppeared' : 'optChangeResolved', [title]);
  }
  const label = t(`change_${change.kind.replace(/-/g, '_')}`);
  const show = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}T/.test(v) ? v.slice(0, 10) : (v ?? '—'));
  return t('notify_change_line', [label, show(change.before), show(change.after)]);
}
