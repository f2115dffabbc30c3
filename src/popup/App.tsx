import { useCallback, useEffect, useState } from 'preact/hooks';
import { type ReportView, sendRequest } from '../shared/messages.ts';
import type { StorageArea } from '../shared/storage.ts';
import { t } from '../ui/i18n.ts';
import { cachedView } from './cached-view.ts';
import { ReportPanel } from './components/ReportPanel.tsx';
import { Checking, Failed, NoPage, NotPublic } from './components/States.tsx';

const local = chrome.storage.local as unknown as StorageArea;
const session = chrome.storage.session as unknown as StorageArea;

/** Beyond this the worker is not answering at all (the core has its own, shorter, timeouts). */
const NO_ANSWER_MS = 45_000;

export type Target = { domain: string } | { tabId: number } | null;

/** `initial`: a fresh cached report found before the first paint, so no skeleton flashes and no request is needed. */
export function App({ target, initial = null }: { target: Target; initial?: ReportView | null }) {
  const [view, setView] = useState<ReportView | null>(target === null ? { kind: 'no-page' } : initial);

  const load = useCallback(
    async (refresh: boolean) => {
      if (target === null) return;
      setView(null);
      let answered = false;
      if (!refresh) {
        void cachedView(local, session, target, Date.now).then((cached) => {
          if (cached && !answered) setView(cached);
        });
      }
      const timeout = new Promise<ReportView>((resolve) =>
        setTimeout(() => resolve({ kind: 'failed', domain: '', message: t('failedNoAnswer') }), NO_ANSWER_MS),
      );
      const request = sendRequest({
        type: 'report/get',
        ...target,
        ...(refresh ? { refresh: true } : {}),
      }).catch(
        (error: unknown) => ({ kind: 'failed', domain: '', message: String(error) }) satisfies ReportView,
      );
      const view = await Promise.race([request, timeout]);
      answered = true;
      setView(view);
    },
    [target],
  );

  useEffect(() => {
    if (!initial) void load(false);
  }, [load, initial]);

  useEffect(() => {
    if (view?.kind === 'ready') {
      // Read by the benchmark and the browser tests: time from navigation start to a rendered report.
      document.documentElement.dataset.renderedMs = String(Math.round(performance.now()));
    }
  }, [view]);

  const retry = () => void load(true);
  const domain = target && 'domain' in target ? target.domain : null;
  if (view === null) return <Checking domain={domain} />;
  switch (view.kind) {
    case 'ready':
      return (
        <ReportPanel
          report={view.report}
          watched={view.watched}
          now={Date.now()}
          onRecheck={retry}
          onReport={(report) => setView({ ...view, report })}
        />
      );
    case 'not-public':
      return <NotPublic input={view.input} reason={view.reason} />;
    case 'failed':
      return <Failed message={view.message} onRetry={retry} />;
    case 'no-page':
      return <NoPage />;
  }
}
