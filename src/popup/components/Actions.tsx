import { useState } from 'preact/hooks';
import type { DomainReport } from '../../core/types.ts';
import { ask, openOptions } from '../../shared/client.ts';
import { formatDate } from '../../ui/format.ts';
import { t, tOptional } from '../../ui/i18n.ts';
import { reportToMarkdown } from '../markdown.ts';

export function Actions({ report, watched: initiallyWatched }: { report: DomainReport; watched: boolean }) {
  const [watched, setWatched] = useState(initiallyWatched);
  const [status, setStatus] = useState('');

  // The watchlist's one writer is the worker: the button says what it stored, or that it could not.
  const toggleWatch = async () => {
    const nowWatched = await (watched
      ? ask('watchlist/remove', { domain: report.domain }).then(() => false)
      : ask('watchlist/add', { input: report.domain }).then((r) => (r.ok ? true : null))
    ).catch(() => null);
    if (nowWatched === null) return setStatus(t('optNotSaved'));
    setWatched(nowWatched);
    setStatus(t(nowWatched ? 'actionWatchAdded' : 'actionWatchRemoved', [report.unicode]));
  };

  const copy = async () => {
    const markdown = reportToMarkdown(report, { t, lookup: tOptional, date: (iso) => formatDate(iso) });
    try {
      await navigator.clipboard.writeText(markdown);
      setStatus(t('actionCopied'));
    } catch {
      setStatus(t('actionCopyFailed'));
    }
  };

  return (
    <footer class="actions">
      <div class="action-row">
        <button type="button" aria-pressed={watched} onClick={toggleWatch} data-action="watch">
          {t(watched ? 'actionUnwatch' : 'actionWatch')}
        </button>
        <button type="button" onClick={copy} data-action="copy">
          {t('actionCopyMarkdown')}
        </button>
        <button type="button" onClick={() => openOptions()} data-action="settings">
          {t('actionSettings')}
        </button>
      </div>
      <p class="muted action-status" role="status" aria-live="polite">
        {status}
      </p>
    </footer>
  );
}
