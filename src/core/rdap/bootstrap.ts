import * as v from 'valibot';
import { bodyText, guardedFetch } from '../http/guarded-fetch.ts';
import { type SharedWork, sharedWork } from '../http/shared-work.ts';
import { trimDots } from '../trim.ts';
import type { Clock, ErrorCode, FetchLike } from '../types.ts';
import { type RdapSupplement, supplementBaseUrls } from './supplement.ts';

/**
 * RFC 9224 bootstrap: which RDAP server answers for a domain. The IANA file is fetched once, shared
 * by concurrent callers, kept for 24 h (or the response's Cache-Control max-age), and a failed
 * refresh keeps serving the last good copy. The cache is injected so the extension can keep the
 * file in storage across service-worker restarts.
 */
export const DEFAULT_BOOTSTRAP_URL = 'https://data.iana.org/rdap/dns.json';

const DAY_MS = 86_400_000;
const NO_SERVERS: RdapSupplement = { rdap: [], noRdap: [] };
/** max-age outside these bounds is clamped: 0 would refetch on every report, a year would never see changes. */
const MIN_TTL_MS = 60_000;
const MAX_TTL_MS = 7 * DAY_MS;
/** After a failed refresh, wait this long before asking again (the stale copy is used meanwhile). */
const RETRY_AFTER_FAILURE_MS = 5 * 60_000;

/** RFC 9224 §4: `services` is a list of [entries, urls]; other members are informative. */
const BootstrapFileSchema = v.looseObject({
  version: v.optional(v.string()),
  publication: v.optional(v.string()),
  services: v.array(v.tuple([v.array(v.string()), v.array(v.string())])),
});
export type BootstrapFile = v.InferOutput<typeof BootstrapFileSchema>;

export interface CachedBootstrap {
  file: BootstrapFile;
  fetchedAt: number;
  expiresAt: number;
}

/** Where the file is kept between lookups; get/set may be synchronous or not. */
export interface BootstrapCache {
  get(url: string): Promise<CachedBootstrap | undefined> | CachedBootstrap | undefined;
  set(url: string, entry: CachedBootstrap): Promise<void> | void;
}

export function memoryBootstrapCache(): BootstrapCache {
  const entries = new Map<string, CachedBootstrap>();
  return {
    get: (url) => entries.get(url),
    set: (url, entry) => {
      entries.set(url, entry);
    },
  };
}

export interface BootstrapOptions {
  url?: string;
  fetch: FetchLike;
  now: Clock;
  timeoutMs: number;
  cache?: BootstrapCache;
  /**
   * Servers the IANA file does not list yet. Default: src/core/data/rdap-supplement.json, but only
   * for IANA's own file; a file the user or a test chose is taken as the complete list.
   */
  supplement?: RdapSupplement;
}

export type BaseUrlResult =
  | {
      ok: true;
      /** Base URLs ending in '/', https first; empty when no RDAP service is known for the TLD. */
      urls: string[];
      source: 'bootstrap' | 'supplement' | 'none';
      /** HTTP requests this call made (1 when it fetched the file, 0 when cached or shared). */
      requests: number;
    }
  | { ok: false; error: string; code: ErrorCode; url: string; requests: number };

export interface Bootstrap {
  readonly url: string;
  /** `signal` ends this caller's wait; a refresh other callers share goes on for them. */
  baseUrlsFor(domain: string, signal?: AbortSignal): Promise<BaseUrlResult>;
}

type Loaded =
  | { ok: true; file: BootstrapFile; requests: number }
  | { ok: false; error: string; code: ErrorCode; requests: number };

export function createBootstrap(options: BootstrapOptions): Bootstrap {
  const url = options.url ?? DEFAULT_BOOTSTRAP_URL;
  const cache = options.cache ?? memoryBootstrapCache();
  // The supplement fills gaps in IANA's file. A replacement file (--rdap-bootstrap, the extension's
  // setting) says which registries to ask: a TLD it lacks has no RDAP, rather than being sent to a
  // public server the person never chose.
  const supplement = options.supplement ?? (url === DEFAULT_BOOTSTRAP_URL ? undefined : NO_SERVERS);
  let current: CachedBootstrap | undefined;
  let retryAt = 0;
  let inFlight: SharedWork<Loaded> | null = null;

  async function load(signal: AbortSignal | undefined): Promise<Loaded> {
    const now = options.now();
    current ??= await readCache(cache, url);
    if (current && (now < current.expiresAt || now < retryAt))
      return { ok: true, file: current.file, requests: 0 };
    const joining = inFlight !== null && !inFlight.abandoned;
    if (!joining) {
      const work: SharedWork<Loaded> = sharedWork((workSignal) =>
        refresh(workSignal).finally(() => {
          if (inFlight === work) inFlight = null;
        }),
      );
      inFlight = work;
    }
    const loaded = await (inFlight as SharedWork<Loaded>).join(signal, () => ({
      ok: false,
      error: 'bootstrap file: cancelled',
      code: 'timeout',
      requests: 0,
    }));
    return joining ? { ...loaded, requests: 0 } : loaded;
  }

  async function refresh(signal: AbortSignal): Promise<Loaded> {
    const fetched = await fetchBootstrapFile(url, options, signal);
    const now = options.now();
    // Abandoned by every caller: not a failure of the server, so no wait before the next try.
    if (!fetched.ok && signal.aborted)
      return { ok: false, error: fetched.error, code: fetched.code, requests: 1 };
    if (fetched.ok) {
      current = { file: fetched.file, fetchedAt: now, expiresAt: now + fetched.ttlMs };
      retryAt = 0;
      await Promise.resolve(cache.set(url, current)).catch(() => undefined);
      return { ok: true, file: current.file, requests: 1 };
    }
    if (current) {
      retryAt = now + RETRY_AFTER_FAILURE_MS;
      return { ok: true, file: current.file, requests: 1 };
    }
    return { ok: false, error: fetched.error, code: fetched.code, requests: 1 };
  }

  return {
    url,
    async baseUrlsFor(domain, signal) {
      const loaded = await load(signal);
      if (!loaded.ok)
        return { ok: false, error: loaded.error, code: loaded.code, url, requests: loaded.requests };
      const fromFile = lookupBaseUrls(loaded.file, domain);
      if (fromFile.length > 0)
        return { ok: true, urls: fromFile, source: 'bootstrap', requests: loaded.requests };
      const fromSupplement = supplementBaseUrls(domain, supplement);
      if (fromSupplement.length > 0) {
        return {
          ok: true,
          urls: preferHttps(fromSupplement),
          source: 'supplement',
          requests: loaded.requests,
        };
      }
      return { ok: true, urls: [], source: 'none', requests: loaded.requests };
    },
  };
}

async function readCache(cache: BootstrapCache, url: string): Promise<CachedBootstrap | undefined> {
  try {
    const entry = await cache.get(url);
    const file = v.safeParse(BootstrapFileSchema, entry?.file);
    if (!entry || !file.success || typeof entry.expiresAt !== 'number') return undefined;
    return { file: file.output, fetchedAt: entry.fetchedAt, expiresAt: entry.expiresAt };
  } catch {
    return undefined;
  }
}

type Fetched =
  | { ok: true; file: BootstrapFile; ttlMs: number }
  | { ok: false; error: string; code: ErrorCode };

async function fetchBootstrapFile(
  url: string,
  options: BootstrapOptions,
  signal: AbortSignal,
): Promise<Fetched> {
  const answer = await guardedFetch({
    kind: 'bootstrap',
    url,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    signal,
    headers: { Accept: 'application/json' },
    // Any https host may serve the file the user chose: a redirect the browser hides may be followed.
    hiddenRedirects: 'follow',
    readBody: (status) => status >= 200 && status < 300,
  });
  if (!answer.ok) {
    if (answer.code === 'timeout')
      return { ok: false, error: `bootstrap file timed out after ${options.timeoutMs} ms`, code: 'timeout' };
    if (answer.code === 'network')
      return { ok: false, error: `bootstrap file unreachable: ${answer.message}`, code: 'network' };
    return { ok: false, error: `bootstrap file: ${answer.message}`, code: answer.code };
  }
  if (answer.status < 200 || answer.status >= 300)
    return { ok: false, error: `bootstrap file answered HTTP ${answer.status}`, code: 'http-status' };
  let json: unknown;
  try {
    json = JSON.parse(bodyText(answer));
  } catch {
    return { ok: false, error: 'bootstrap file is not valid JSON', code: 'malformed' };
  }
  const parsed = v.safeParse(BootstrapFileSchema, json);
  if (!parsed.success)
    return { ok: false, error: 'bootstrap file is not an RFC 9224 registry', code: 'malformed' };
  return { ok: true, file: parsed.output, ttlMs: ttlFrom(answer.headers.get('cache-control')) };
}

export function ttlFrom(cacheControl: string | null): number {
  const match = /(?:^|[,\s])max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl ?? '');
  if (!match) return DAY_MS;
  return Math.min(MAX_TTL_MS, Math.max(MIN_TTL_MS, Number(match[1]) * 1000));
}

/**
 * RFC 9224 §4: an entry matches when it equals the domain's trailing labels; the entry with the
 * most labels wins (an entry "co.uk" beats "uk" for example.co.uk).
 */
export function lookupBaseUrls(file: BootstrapFile, domain: string): string[] {
  const labels = trimDots(domain.toLowerCase()).split('.');
  let best: string[] = [];
  let bestLength = 0;
  for (const [entries, urls] of file.services) {
    for (const entry of entries) {
      const entryLabels = trimDots(entry.toLowerCase()).split('.');
      if (entryLabels.length <= bestLength || entryLabels.length > labels.length) continue;
      const tail = labels.slice(labels.length - entryLabels.length);
      if (tail.every((label, i) => label === entryLabels[i])) {
        best = urls;
        bestLength = entryLabels.length;
      }
    }
  }
  return preferHttps(best);
}

/** RFC 9224 §3 / RFC 7481 §3: use https where the registry offers it; each base URL ends in '/'. */
export function preferHttps(urls: string[]): string[] {
  const valid = urls.filter((u) => /^https?:\/\/[^/]/i.test(u)).map((u) => (u.endsWith('/') ? u : `${u}/`));
  return [...valid.filter((u) => /^https:/i.test(u)), ...valid.filter((u) => !/^https:/i.test(u))];
}
