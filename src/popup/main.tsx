import { render } from 'preact';
import { hasHostAccess } from '../shared/host-access.ts';
import type { StorageArea } from '../shared/storage.ts';
import { HostAccessGate } from '../ui/HostAccess.tsx';
import { t, uiLanguage } from '../ui/i18n.ts';
import { App, type Target } from './App.tsx';
import { cachedView } from './cached-view.ts';
import '../ui/theme.css';
import './popup.css';

/** `?domain=<name>` (the watchlist, tests) or the active tab's page. */
async function findTarget(): Promise<Target> {
  const domain = new URLSearchParams(location.search).get('domain');
  if (domain?.trim()) return { domain: domain.trim() };
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab?.id !== undefined && tab.id !== chrome.tabs.TAB_ID_NONE ? { tabId: tab.id } : null;
}

document.documentElement.lang = uiLanguage();
document.title = t('extName');
/** Waits briefly for a fresh cached report so the first paint is the report itself, not a skeleton. */
async function start(root: HTMLElement): Promise<void> {
  const access = hasHostAccess();
  const target = await findTarget();
  const cached = target
    ? await Promise.race([
        cachedView(
          chrome.storage.local as unknown as StorageArea,
          chrome.storage.session as unknown as StorageArea,
          target,
          Date.now,
        ).catch(() => null),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), CACHE_WAIT_MS)),
      ])
    : null;
  render(
    <HostAccessGate initial={await access}>
      <App target={target} initial={cached} />
    </HostAccessGate>,
    root,
  );
}

const CACHE_WAIT_MS = 50;
const root = document.getElementById('app');
if (root) void start(root);
