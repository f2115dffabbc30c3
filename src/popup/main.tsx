import { render } from 'preact';
import { browser } from '../shared/browser.ts';
import { ask } from '../shared/client.ts';
import { hasHostAccess } from '../shared/host-access.ts';
import { HostAccessGate } from '../ui/HostAccess.tsx';
import { t, uiLanguage } from '../ui/i18n.ts';
import { App, type Target } from './App.tsx';
import '../ui/theme.css';
import './popup.css';

/** `?domain=<name>` (the watchlist, tests) or the active tab's page. */
async function findTarget(): Promise<Target> {
  const domain = new URLSearchParams(location.search).get('domain');
  if (domain?.trim()) return { domain: domain.trim() };
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id !== undefined && tab.id !== browser.tabs.TAB_ID_NONE ? { tabId: tab.id } : null;
}

/** How long the first paint waits for the worker's answer (a cached report comes back in a few ms). */
const FIRST_ANSWER_WAIT_MS = 50;

document.documentElement.lang = uiLanguage();
document.title = t('extName');
/**
 * Asks the worker at once and waits briefly, so that a cached report is the first paint itself, not
 * a skeleton. The popup reads nothing from storage: the worker owns the reports and decides what may
 * be shown (an incognito tab's, for one).
 */
async function start(root: HTMLElement): Promise<void> {
  const [granted, target] = await Promise.all([hasHostAccess(), findTarget()]);
  // Without host access nothing is asked: a lookup would fail and be remembered as a failure.
  const first = target && granted ? ask('report/get', target) : null;
  const initial = first
    ? await Promise.race([
        first.catch(() => null),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), FIRST_ANSWER_WAIT_MS)),
      ])
    : null;
  render(
    <HostAccessGate initial={granted}>
      <App target={target} initial={initial} pending={initial ? null : first} />
    </HostAccessGate>,
    root,
  );
}

const root = document.getElementById('app');
if (root) void start(root);
