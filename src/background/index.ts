import { readSettings } from '../shared/storage.ts';
import { createContext } from './context.ts';
import { listenForMessages } from './messaging.ts';
import { watchProviderStatus } from './provider-status-watch.ts';
import { watchSettingsChanges } from './settings-changes.ts';
import { repaintDomain, watchTabs } from './tabs.ts';
import { startWatchlist } from './watchlist-chrome.ts';

// Listeners are registered synchronously at the top level: MV3 only delivers the event that woke a
// stopped worker to listeners added in its first turn.
const ctx = createContext((context, domain) => void repaintDomain(context, domain));
watchTabs(ctx);
listenForMessages(ctx);
startWatchlist(ctx);
watchSettingsChanges(ctx);
watchProviderStatus(ctx);

// The first-run page says what is sent where before the user relies on the default lookup mode;
// managed deployments that preset `firstRunDone` skip it.
chrome.runtime.onInstalled.addListener(async (details) => {
  if (details.reason !== 'install') return;
  if ((await readSettings(ctx.local)).firstRunDone) return;
  await chrome.tabs.create({ url: chrome.runtime.getURL('src/popup/welcome.html') });
});
