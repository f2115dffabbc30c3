import { useCallback, useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { ReportPart } from '../core/report.ts';
import { ask, onWorkerEvent } from '../shared/client.ts';
import type { ExpiryThresholds, ReportView } from '../shared/messages.ts';
import { t } from '../ui/i18n.ts';
import { ReportPanel } from './components/ReportPanel.tsx';
import { Checking, Failed, Incognito, NoPage, NotPublic } from './components/States.tsx';

/** Beyond this the worker is not answering at all (the core has its own, shorter, timeouts). */
const NO_ANSWER_MS = 45_000;

export type Target = { domain: string } | { tabId: number } | null;

/**
 * `initial`: the worker's answer when it came before the first paint (a cached report), so no
 * skeleton flashes; `pending`: the request already on its way when it did not.
 */
export function App({
  target,
  initial = null,
  pending = null,
}: {
  target: Target;
  initial?: ReportView | null;
  pending?: Promise<ReportView> | null;
}) {
  const [view, setView] = useState<ReportView | null>(target === null ? { kind: 'no-page' } : initial);
  // The report so far while the lookup runs (DNS and mail usually long before the registry answers).
  const [part, setPart] = useState<(ReportPart & { expiry: ExpiryThresholds }) | null>(null);

  const load = useCallback(
    async (refresh: boolean, already: Promise<ReportView> | null = null) => {
      if (target === null) return;
      setView(null);
      setPart(null);
      let answered = false;
      const askPart = () =>
        void ask('report/part', target)
          .then((found) => {
            if (!answered && found) setPart(found);
          })
          .catch(() => undefined);
      const stop = onWorkerEvent('report/part', askPart);
      askPart();
      const timeout = new Promise<ReportView>((resolve) =>
        setTimeout(() => resolve({ kind: 'failed', domain: '', message: t('failedNoAnswer') }), NO_ANSWER_MS),
      );
      const request = (
        already ?? ask('report/get', { ...target, ...(refresh ? { refresh: true } : {}) })
      ).catch(
        (error: unknown) =>
          ({
            kind: 'failed',
            domain: '',
            message: error instanceof Error ? error.message : String(error),
          }) satisfies ReportView,
      );
      const final = await Promise.race([request, timeout]);
      answered = true;
      stop();
      setView(final);
    },
    [target],
  );

  useEffect(() => {
    if (!initial) void load(false, pending);
  }, [load, initial, pending]);

  // A layout effect, run in the same task as the render: whoever sees the report on the page sees
  // its time too (a plain effect waits for the next frame, which a test may read before).
  useLayoutEffect(() => {
    if (view?.kind === 'ready') {
      // Read by the benchmark and the browser tests: time from navigation start to a rendered report.
      document.documentElement.dataset.renderedMs = String(Math.round(performance.now()));
    }
  }, [view]);

  const retry = () => void load(true);
  const domain = target && 'domain' in target ? target.domain : null;
  if (view === null && part) {
    return (
      <ReportPanel
        report={part.report}
        pending={part.pending}
        warningDays={part.expiry.warningDays}
        watched={null}
        now={Date.now()}
        onRecheck={retry}
      />
    );
  }
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
          warningDays={view.expiry.warningDays}
        />
      );
    case 'not-public':
      return <NotPublic input={view.input} reason={view.reason} />;
    case 'incognito':
      return <Incognito />;
    case 'failed':
      return <Failed message={view.message} onRetry={retry} />;
    case 'no-page':
      return <NoPage />;
  }
}
