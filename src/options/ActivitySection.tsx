import { useMemo } from 'preact/hooks';
import { popupUrl } from '../shared/client.ts';
import { formatDate } from '../ui/format.ts';
import { t } from '../ui/i18n.ts';
import type { Watchlist } from '../watchlist/model.ts';
import { activity } from './table-model.ts';
import { changeSummary } from './words.ts';

const GOOD = new Set(['expiry-renewed', 'finding-resolved']);

/** Every watched domain's changes, newest first: what moved while nobody was looking. */
export function ActivitySection({ watchlist }: { watchlist: Watchlist | null }) {
  const items = useMemo(() => (watchlist ? activity(watchlist) : []), [watchlist]);
  return (
    <section class="card activity" aria-labelledby="activity-title">
      <h2 id="activity-title">{t('optActivityTitle')}</h2>
      {items.length === 0 ? (
        <p class="muted">{t('optActivityEmpty')}</p>
      ) : (
        <ol class="activity-list">
          {items.map(({ domain, unicode, change }) => (
            <li
              key={`${domain}-${change.at}-${change.kind}-${change.findingId ?? ''}`}
              data-domain={domain}
              data-kind={change.kind}
              class={GOOD.has(change.kind) ? 'good' : change.severity === 'critical' ? 'bad' : ''}
            >
              <time dateTime={change.at}>{formatDate(change.at)}</time>{' '}
              <a href={popupUrl(domain)} target="_blank" rel="noreferrer">
                {unicode}
              </a>
              : {changeSummary(change)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
