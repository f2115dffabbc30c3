import type { Translate } from '../core/i18n/translate.ts';
import { readSettings, type StorageArea } from '../shared/storage.ts';
import { cachingFetch, pruneFetchCache } from './fetch-cache.ts';
import { domainOf, lookupReport } from './lookup.ts';
import { Lookups } from './lookups.ts';
import { ReportCache } from './report-cache.ts';
import { TabStates } from './tab-state.ts';

/** The worker's shared parts, built once per worker life (the worker may be restarted any time). */
export interface WorkerContext {
  local: StorageArea;
  session: StorageArea;
  cache: ReportCache;
  tabs: TabStates;
  lookups: Lookups;
  translate: Translate;
  now: () => number;
  domainOf: typeof domainOf;
}

export function createContext(onReport: (ctx: WorkerContext, domain: string) => void): WorkerContext {
  const local = chrome.storage.local as unknown as StorageArea;
  const session = chrome.storage.session as unknown as StorageArea;
  const now = () => Date.now();
  const translate: Translate = (key, subs) => chrome.i18n.getMessage(key, subs) || key;
  const cache = new ReportCache(local, now);
  let bootstrapUrl = '';
  const fetch = cachingFetch(
    (input, init) => globalThis.fetch(input, init),
    local,
    now,
    () => bootstrapUrl,
  );
  void pruneFetchCache(local, now);
  const ctx: WorkerContext = {
    local,
    session,
    cache,
    tabs: new TabStates(session),
    translate,
    now,
    domainOf,
    lookups: new Lookups({
      cache,
      settings: () => readSettings(local),
      build: (domain, settings) => {
        bootstrapUrl = settings.rdapBootstrapUrl;
        return lookupReport(domain, {
          dohUrl: settings.dohUrl,
          rdapBootstrapUrl: settings.rdapBootstrapUrl,
          fetch,
          now,
          translate,
          timeoutMs: settings.timeoutMs,
          expiry: { warningDays: settings.expiryWarningDays, criticalDays: settings.expiryCriticalDays },
        });
      },
      onReport: (report) => onReport(ctx, report.domain),
    }),
  };
  return ctx;
}
