import type { DnsCache } from '../core/dns/cache.ts';
import { createDohResolver } from '../core/dns/doh-client.ts';
import type { Resolver } from '../core/dns/types.ts';
import type { Translate } from '../core/i18n/translate.ts';
import { type Bootstrap, createBootstrap } from '../core/rdap/index.ts';
import type { FetchLike } from '../core/types.ts';
import type { Settings } from '../shared/settings.ts';
import { readSettings, type StorageArea } from '../shared/storage.ts';
import {
  persistentBootstrapCache,
  persistentDnsCache,
  pruneDnsCache,
  writeOnlyDnsCache,
} from './dns-cache.ts';
import { cachingFetch, pruneFetchCache } from './fetch-cache.ts';
import { domainOf, lookupReport } from './lookup.ts';
import { Lookups } from './lookups.ts';
import { pruneWhenDue } from './prune-schedule.ts';
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

/**
 * One resolver and one bootstrap for all reports (answers reused until their TTL runs out, the IANA
 * file fetched once a day), rebuilt when the settings they depend on change.
 */
function sharedClients(local: StorageArea, session: StorageArea, now: () => number) {
  const network: FetchLike = (input, init) => globalThis.fetch(input, init);
  const fetch = cachingFetch(network, local, now);
  const recheckFetch = cachingFetch(network, local, now, { reuse: false });
  const bootstrapCache = persistentBootstrapCache(local);
  let current: { key: string; resolver: Resolver; bootstrap: Bootstrap; dnsCache: DnsCache } | null = null;
  return (settings: Settings, recheck: boolean) => {
    const key = `${settings.dohUrl} ${settings.rdapBootstrapUrl} ${settings.timeoutMs}`;
    const common = { fetch, now, timeoutMs: settings.timeoutMs };
    if (current?.key !== key) {
      const dnsCache = persistentDnsCache(session, settings.dohUrl);
      current = {
        key,
        dnsCache,
        resolver: createDohResolver({ ...common, url: settings.dohUrl, cache: dnsCache }),
        bootstrap: createBootstrap({ ...common, url: settings.rdapBootstrapUrl, cache: bootstrapCache }),
      };
    }
    if (!recheck) return { ...current, fetch };
    // A re-check asks everything again (the owner may just have fixed a record) and stores the answers.
    const resolver = createDohResolver({
      ...common,
      url: settings.dohUrl,
      cache: writeOnlyDnsCache(current.dnsCache),
    });
    return { resolver, bootstrap: current.bootstrap, fetch: recheckFetch };
  };
}

export function createContext(onReport: (ctx: WorkerContext, domain: string) => void): WorkerContext {
  const local = chrome.storage.local as unknown as StorageArea;
  const session = chrome.storage.session as unknown as StorageArea;
  const now = () => Date.now();
  const translate: Translate = (key, subs) => chrome.i18n.getMessage(key, subs) || key;
  const cache = new ReportCache(local, now);
  const clients = sharedClients(local, session, now);
  void pruneWhenDue(local, now(), () =>
    Promise.all([pruneFetchCache(local, now), pruneDnsCache(session, now())]).then(() => undefined),
  );
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
      build: (domain, settings, recheck) => {
        const { resolver, bootstrap, fetch } = clients(settings, recheck);
        return lookupReport(domain, {
          dohUrl: settings.dohUrl,
          rdapBootstrapUrl: settings.rdapBootstrapUrl,
          fetch,
          now,
          translate,
          timeoutMs: settings.timeoutMs,
          expiry: { warningDays: settings.expiryWarningDays, criticalDays: settings.expiryCriticalDays },
          resolver,
          bootstrap,
        });
      },
      onReport: (report) => onReport(ctx, report.domain),
    }),
  };
  return ctx;
}
