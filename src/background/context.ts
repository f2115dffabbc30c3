import type { Translate } from '../core/i18n/translate.ts';
import type { FetchLike } from '../core/types.ts';
import { browser } from '../shared/browser.ts';
import type { Settings } from '../shared/settings.ts';
import { readSettings, SETTINGS_KEY, type StorageArea } from '../shared/storage.ts';
import type { KeyValueStorage } from '../watchlist/sweep.ts';
import { type Caches, createCaches, LEGACY_CACHE_PREFIXES, userDataStorage } from './caches.ts';
import { type ClientFactory, createClientFactory } from './clients.ts';
import { domainOf, lookupReport } from './lookup.ts';
import { Lookups } from './lookups.ts';
import { pruneWhenDue } from './prune-schedule.ts';
import type { ReportCache } from './report-cache.ts';
import { TabStates } from './tab-state.ts';

/** The worker's shared parts, built once per worker life (the worker may be restarted any time). */
export interface WorkerContext {
  local: StorageArea;
  session: StorageArea;
  caches: Caches;
  cache: ReportCache;
  clients: ClientFactory;
  /** User data in storage.local (watchlist, settings, sweep queue): writes make room by evicting caches. */
  userData: KeyValueStorage;
  tabs: TabStates;
  lookups: Lookups;
  translate: Translate;
  now: () => number;
  domainOf: typeof domainOf;
  settings(): Promise<Settings>;
}

export function createContext(
  onReport: (ctx: WorkerContext, domain: string) => void,
  onPart?: (domain: string) => void,
): WorkerContext {
  const local = browser.storage.local as unknown as StorageArea;
  const session = browser.storage.session as unknown as StorageArea;
  const now = () => Date.now();
  const translate: Translate = (key, subs) => browser.i18n.getMessage(key, subs) || key;
  const network: FetchLike = (input, init) => globalThis.fetch(input, init);
  const caches = createCaches(local, session, now);
  const clients = createClientFactory(network, caches, now);
  const settings = () => readSettings(local);
  void pruneWhenDue(local, now(), async () => {
    // Drop expired entries, adopt what the indexes lost, and forget caches of earlier versions.
    await Promise.all([caches.local.prune(), caches.session.prune()]);
    await Promise.all([caches.local.adoptOrphans(), caches.session.adoptOrphans()]);
    const all = await local.get(null);
    const legacy = Object.keys(all).filter((key) => LEGACY_CACHE_PREFIXES.some((p) => key.startsWith(p)));
    if (legacy.length > 0) await local.remove(legacy);
  });
  const ctx: WorkerContext = {
    local,
    session,
    caches,
    cache: caches.reports,
    clients,
    userData: userDataStorage(local, caches),
    tabs: new TabStates(session),
    translate,
    now,
    domainOf,
    settings,
    lookups: new Lookups({
      cache: caches.reports,
      settings,
      build: (domain, current, use, onPart) => {
        const { resolver, bootstrap, fetch } = clients(current, use);
        return lookupReport(domain, {
          dohUrl: current.dohUrl,
          rdapBootstrapUrl: current.rdapBootstrapUrl,
          fetch,
          now,
          translate,
          timeoutMs: current.timeoutMs,
          expiry: { warningDays: current.expiryWarningDays, criticalDays: current.expiryCriticalDays },
          resolver,
          bootstrap,
          onPart,
        });
      },
      onReport: (report) => onReport(ctx, report.domain),
      onPart: (domain) => onPart?.(domain),
    }),
  };
  void local
    .get(SETTINGS_KEY)
    .then((stored) => caches.local.noteUserData(SETTINGS_KEY, stored[SETTINGS_KEY]));
  return ctx;
}
