import { render } from 'preact';
import { t, uiLanguage } from '../ui/i18n.ts';
import { App, type Target } from './App.tsx';
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
const root = document.getElementById('app');
if (root) {
  void findTarget().then((target) => render(<App target={target} />, root));
}
