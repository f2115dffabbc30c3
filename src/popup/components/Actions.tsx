import { useState } from 'preact/hooks';
import type { DomainReport } from '../../core/types.ts';
import { sendRequest } from '../../shared/messages.ts';
import { formatDate } from '../../ui/format.ts';
import { t, tOptional } from '../../ui/i18n.ts';
import { reportToMarkdown } from '../markdown.ts';

export function Actions({ report, watched: initiallyWatched }: { report: DomainReport; watched: boolean }) {
  const [watched, setWatched] = useState(initiallyWatched);
  const [status, setStatus] = useState('');

  const toggleWatch = async () => {
    const type = watched ? 'watchlist/remove' : 'watchlist/add';
    const answer = await sendRequest({ type, domain: report.domain });
    setWatched(answer.watched);
    setStatus(t(answer.watched ? 'actionWatchAdded' : 'actionWatchRemoved', [report.unicode]));
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
        <button type="button" onClick={() => void chrome.runtime.openOptionsPage()} data-action="settings">
          {t('actionSettings')}
        </button>
      </div>
      <p class="muted action-status" role="status" aria-live="polite">
        {status}
      </p>
    </footer>
  );
}
