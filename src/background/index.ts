import { browser } from '../shared/browser.ts';
import { createContext } from './context.ts';
import { broadcast, createHandlers, listenForMessages } from './messaging.ts';
import { watchProviderStatus } from './provider-status-watch.ts';
import { watchSettingsChanges } from './settings-changes.ts';
import { repaintDomain, watchTabs } from './tabs.ts';
import { startWatchlist } from './watchlist-worker.ts';

// Listeners are registered synchronously at the top level: MV3 only delivers the event that woke a
// stopped worker to listeners added in its first turn.
// A report in part is announced to open popups, which ask for it (the badge waits for the verdict).
const ctx = createContext(
  (context, domain) => void repaintDomain(context, domain),
  (domain) => broadcast({ event: 'report/part', domain }),
);
const watchlist = startWatchlist(ctx);
watchTabs(ctx, watchlist);
listenForMessages(createHandlers(ctx, watchlist));
watchSettingsChanges(ctx);
watchProviderStatus(ctx, watchlist.service);

// The first-run page says what is sent where before the user relies on the default lookup mode;
// managed deployments that preset `firstRunDone` skip it.
browser.runtime.onInstalled.addListener(async (details) => {
  if (details.reason !== 'install') return;
  if ((await ctx.settings()).firstRunDone) return;
  await browser.tabs.create({ url: browser.runtime.getURL('src/popup/welcome.html') });
});
