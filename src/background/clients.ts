import type { DnsCache } from '../core/dns/cache.ts';
import { createDohResolver } from '../core/dns/doh-client.ts';
import type { Resolver } from '../core/dns/types.ts';
import { type Bootstrap, createBootstrap } from '../core/rdap/index.ts';
import type { Clock, FetchLike } from '../core/types.ts';
import type { Settings } from '../shared/settings.ts';
import type { Caches } from './caches.ts';
import { persistentBootstrapCache, persistentDnsCache, writeOnlyDnsCache } from './dns-cache.ts';
import { cachingFetch } from './fetch-cache.ts';

/**
 * How a lookup may use what is stored:
 * - `normal`: answers reused until their TTL (or the RDAP day) runs out, new ones kept;
 * - `recheck`: the user asked again (the owner may just have fixed a record): everything is asked
 *   anew, the new answers are kept;
 * - `private`: an incognito tab: stored answers may be used, nothing is written to disk (DNS answers
 *   live in storage.session, which is memory only);
 * - `private-recheck`: an incognito tab's "check again": everything asked anew, nothing written to disk.
 */
export type LookupUse = 'normal' | 'recheck' | 'private' | 'private-recheck';

/** Whether a lookup is an incognito tab's: its report and its RDAP answers never reach the disk. */
export function isPrivateUse(use: LookupUse): boolean {
  return use === 'private' || use === 'private-recheck';
}

export interface Clients {
  resolver: Resolver;
  bootstrap: Bootstrap;
  fetch: FetchLike;
}

export interface ClientFactory {
  (settings: Settings, use?: LookupUse): Clients;
  /** The resolver for a URL the user typed but has not saved (the "test resolver" button). */
  resolverFor(url: string, settings: Settings): Resolver;
}

/**
 * The one place the resolver, the bootstrap and the caching fetch are built from the settings: the
 * popup's reports, the tab badges, the watchlist sweep (its pacing asks the same bootstrap which
 * server answers a domain) and the resolver test all get them here. Rebuilt only when the settings
 * they depend on change, so answers and the IANA file are shared by every report.
 */
export function createClientFactory(network: FetchLike, caches: Caches, now: Clock): ClientFactory {
  const fetches = {
    normal: cachingFetch(network, caches.rdap),
    recheck: cachingFetch(network, caches.rdap, { reuse: false }),
    private: cachingFetch(network, caches.rdap, { keep: false }),
    'private-recheck': cachingFetch(network, caches.rdap, { reuse: false, keep: false }),
  } satisfies Record<LookupUse, FetchLike>;
  const bootstrapCache = persistentBootstrapCache(caches.bootstrap);
  let current: { key: string; resolver: Resolver; bootstrap: Bootstrap; dnsCache: DnsCache } | null = null;

  const factory = ((settings: Settings, use: LookupUse = 'normal'): Clients => {
    const key = `${settings.dohUrl} ${settings.rdapBootstrapUrl} ${settings.timeoutMs}`;
    const common = { fetch: fetches.normal, now, timeoutMs: settings.timeoutMs };
    if (current?.key !== key) {
      const dnsCache = persistentDnsCache(caches.dns, settings.dohUrl);
      current = {
        key,
        dnsCache,
        resolver: createDohResolver({ ...common, url: settings.dohUrl, cache: dnsCache }),
        bootstrap: createBootstrap({ ...common, url: settings.rdapBootstrapUrl, cache: bootstrapCache }),
      };
    }
    if (use === 'normal' || use === 'private') {
      return { resolver: current.resolver, bootstrap: current.bootstrap, fetch: fetches[use] };
    }
    // Asked anew; the new answers replace the old in the DNS cache (storage.session: memory only).
    const resolver = createDohResolver({
      ...common,
      fetch: network,
      url: settings.dohUrl,
      cache: writeOnlyDnsCache(current.dnsCache),
    });
    return { resolver, bootstrap: current.bootstrap, fetch: fetches[use] };
  }) as ClientFactory;

  factory.resolverFor = (url, settings) =>
    createDohResolver({ url, fetch: network, now, timeoutMs: settings.timeoutMs });
  return factory;
}

/**
 * The host of the RDAP server that answers for a domain (from the same bootstrap file the reports
 * use), so that sweep pacing covers registries serving many TLDs (CentralNic, Identity Digital);
 * the TLD when the file is unavailable.
 */
export async function rdapServerOf(bootstrap: Bootstrap, domain: string): Promise<string> {
  const found = await bootstrap.baseUrlsFor(domain);
  const base = found.ok ? found.urls[0] : undefined;
  return base ? new URL(base).host : domain.slice(domain.lastIndexOf('.') + 1);
}
