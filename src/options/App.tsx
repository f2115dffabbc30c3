import { useEffect, useState } from 'preact/hooks';
import type { WatchlistView } from '../shared/messages.ts';
import { t } from '../ui/i18n.ts';
import { ActivitySection } from './ActivitySection.tsx';
import { onWatchlistChange, readWatchlist } from './api.ts';
import { SettingsSection } from './SettingsSection.tsx';
import { WatchlistSection } from './WatchlistSection.tsx';

type Tab = 'watchlist' | 'activity' | 'settings';

/** `?domain=<name>` (from the popup's "enter the expiry by hand"): the domain to show first. */
const focusDomain = new URLSearchParams(location.search).get('domain')?.trim().toLowerCase() || null;

function initialTab(): Tab {
  const hash = location.hash.slice(1);
  return hash === 'activity' || hash === 'settings' ? hash : 'watchlist';
}

export function App() {
  const [tab, setTab] = useState<Tab>(initialTab);
  const [watchlist, setWatchlist] = useState<WatchlistView | null>(null);

  useEffect(() => {
    const stop = onWatchlistChange(setWatchlist);
    void readWatchlist().then(setWatchlist);
    return stop;
  }, []);

  const select = (next: Tab) => {
    setTab(next);
    history.replaceState(null, '', `#${next}`);
  };

  return (
    <>
      <header class="options-header">
        <h1>{t('extName')}</h1>
        <div role="tablist" aria-label={t('optTitle')}>
          {(['watchlist', 'activity', 'settings'] as const).map((id) => (
            <button
              type="button"
              role="tab"
              key={id}
              id={`tab-${id}`}
              aria-selected={tab === id}
              aria-controls={`panel-${id}`}
              class={tab === id ? 'tab selected' : 'tab'}
              onClick={() => select(id)}
            >
              {t(`optTab_${id}`)}
            </button>
          ))}
        </div>
      </header>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'watchlist' && <WatchlistSection watchlist={watchlist} focus={focusDomain} />}
        {tab === 'activity' && <ActivitySection watchlist={watchlist} />}
        {tab === 'settings' && <SettingsSection />}
      </div>
    </>
  );
}
