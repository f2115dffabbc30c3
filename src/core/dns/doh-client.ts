import type { Clock, FetchLike } from '../types.ts';
import { type InterpretedResponse, interpretResponse, normalizeName, type Question } from './answer.ts';
import { createMemoryDnsCache, type DnsCache, type DnsCacheEntry, dnsCacheKey } from './cache.ts';
import type { DnsAnswer, DnsFailure, DnsResult, QueryOptions, Resolver, RRType } from './types.ts';
import {
  base64UrlEncode,
  decodeMessage,
  encodeQuery,
  isValidQueryName,
  MAX_MESSAGE_BYTES,
  RR_TYPES,
} from './wire.ts';

export interface DohResolverOptions {
  /** An RFC 8484 endpoint, e.g. https://dns.example/dns-query (http: is fine for loopback tests). */
  url: string;
  fetch: FetchLike;
  /** For cache ages only; timeouts use timers. */
  now: Clock;
  /** Per HTTP request; default 5000. */
  timeoutMs?: number;
  /** Default POST (RFC 8484 §4.1 allows both; POST keeps the name out of server logs of URLs). */
  method?: 'POST' | 'GET';
  cache?: DnsCache;
}

export interface DohStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  cacheHits: number;
  /** Queries that joined an identical query already in flight. */
  inflightJoins: number;
  /** Second attempts after a network error, a timeout or an HTTP 5xx. */
  retries: number;
  /** HTTP requests per question, keyed "name TYPE" (" +cd" appended when the CD bit was set). */
  byQuestion: Record<string, number>;
}

export interface DohResolver extends Resolver {
  stats(): DohStats;
}

const DNS_MESSAGE = 'application/dns-message';
const DEFAULT_TIMEOUT_MS = 5_000;

/** What one HTTP exchange gave, and whether trying again could help. */
interface Attempt {
  outcome: InterpretedResponse;
  retryable: boolean;
}

/** A DNS-over-HTTPS resolver (RFC 8484). Every outcome is a typed {@link DnsResult}; it never throws. */
export function createDohResolver(options: DohResolverOptions): DohResolver {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const method = options.method ?? 'POST';
  const cache = options.cache ?? createMemoryDnsCache();
  const endpoint = parseEndpoint(options.url);
  const inflight = new Map<string, Promise<DnsResult>>();
  const stats: DohStats = { requests: 0, cacheHits: 0, inflightJoins: 0, retries: 0, byQuestion: {} };

  async function lookup(question: Question, key: string): Promise<DnsResult> {
    const cached = await readCache(key);
    if (cached) {
      stats.cacheHits++;
      return aged(cached, options.now());
    }
    let attempt = await exchange(question, key);
    if (attempt.retryable) {
      stats.retries++;
      attempt = await exchange(question, key);
    }
    const { result, cacheSeconds } = attempt.outcome;
    if (result.ok && cacheSeconds > 0) {
      const storedAt = options.now();
      await writeCache(key, { answer: result, storedAt, expiresAt: storedAt + cacheSeconds * 1000 });
    }
    return result;
  }

  async function readCache(key: string): Promise<DnsCacheEntry | undefined> {
    try {
      const entry = await cache.get(key);
      return entry && entry.expiresAt > options.now() ? entry : undefined;
    } catch {
      return undefined; // a broken store costs a request, not the answer
    }
  }

  async function writeCache(key: string, entry: DnsCacheEntry): Promise<void> {
    try {
      await cache.set(key, entry);
    } catch {
      // as above: caching is an optimisation
    }
  }

  async function exchange(question: Question, key: string): Promise<Attempt> {
    if (endpoint === null) {
      return failed(
        question,
        'network',
        `the resolver URL ${JSON.stringify(options.url)} is not an http(s) URL`,
        false,
      );
    }
    stats.requests++;
    stats.byQuestion[key] = (stats.byQuestion[key] ?? 0) + 1;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Racing a timer as well as aborting: an injected fetch that ignores the signal still cannot hang us.
    const timedOut = new Promise<Attempt>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve(failed(question, 'timeout', `no answer from ${endpoint.host} within ${timeoutMs} ms`, true));
      }, timeoutMs);
    });
    try {
      const sent = send(endpoint, question, controller.signal).catch((error: unknown) =>
        failed(question, 'network', `the exchange with ${endpoint.host} failed: ${describe(error)}`, false),
      );
      return await Promise.race([sent, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function send(url: URL, question: Question, signal: AbortSignal): Promise<Attempt> {
    const wire = encodeQuery(question.name, question.type, question.cd);
    let response: Response;
    try {
      response = await options.fetch(...request(url, wire, method, signal));
    } catch (error) {
      if (signal.aborted)
        return failed(question, 'timeout', `no answer from ${url.host} within ${timeoutMs} ms`, true);
      return failed(question, 'network', `could not reach ${url.host}: ${describe(error)}`, true);
    }
    if (response.status !== 200) {
      discard(response);
      return failed(question, 'http', `${url.host} answered HTTP ${response.status}`, response.status >= 500);
    }
    const contentType =
      (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (contentType !== DNS_MESSAGE) {
      discard(response);
      const what = contentType === '' ? 'no content type' : contentType;
      return failed(
        question,
        'not-dns',
        `${url.host} answered ${what}, not ${DNS_MESSAGE}: is it a DoH endpoint?`,
        false,
      );
    }
    let body: Uint8Array;
    try {
      body = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      if (signal.aborted)
        return failed(question, 'timeout', `no answer from ${url.host} within ${timeoutMs} ms`, true);
      return failed(question, 'network', `the answer from ${url.host} broke off: ${describe(error)}`, true);
    }
    if (body.length > MAX_MESSAGE_BYTES) {
      return failed(
        question,
        'too-large',
        `${url.host} sent ${body.length} bytes, more than a DNS message`,
        false,
      );
    }
    const decoded = decodeMessage(body);
    if (!decoded.ok) {
      return failed(
        question,
        'malformed',
        `the answer from ${url.host} is not a valid DNS message (${decoded.why})`,
        false,
      );
    }
    return { outcome: interpretResponse(decoded.message, question), retryable: false };
  }

  return {
    query(name: string, type: RRType, queryOptions?: QueryOptions): Promise<DnsResult> {
      const question: Question = { name: normalizeName(String(name)), type, cd: queryOptions?.cd === true };
      if (!RR_TYPES.includes(type)) {
        return Promise.resolve(
          failure(question, 'malformed', `${String(type)} is not a record type this resolver asks`),
        );
      }
      if (!isValidQueryName(question.name)) {
        return Promise.resolve(
          failure(question, 'malformed', `${JSON.stringify(String(name))} is not a valid DNS name`),
        );
      }
      const key = dnsCacheKey(question.name, question.type, question.cd);
      const joined = inflight.get(key);
      if (joined) {
        stats.inflightJoins++;
        return joined;
      }
      const pending = lookup(question, key)
        .catch((error: unknown) => failure(question, 'network', `lookup failed: ${describe(error)}`))
        .finally(() => inflight.delete(key));
      inflight.set(key, pending);
      return pending;
    },
    stats: () => ({ ...stats, byQuestion: { ...stats.byQuestion } }),
  };
}

function request(
  url: URL,
  wire: Uint8Array,
  method: 'POST' | 'GET',
  signal: AbortSignal,
): [string, RequestInit] {
  if (method === 'GET') {
    const target = new URL(url);
    target.searchParams.set('dns', base64UrlEncode(wire));
    return [
      target.toString(),
      { method: 'GET', headers: { accept: DNS_MESSAGE }, credentials: 'omit', signal },
    ];
  }
  // No cookies (RFC 8484 §8.2): they would tie every lookup to the person who made it.
  return [
    url.toString(),
    {
      method: 'POST',
      headers: { accept: DNS_MESSAGE, 'content-type': DNS_MESSAGE },
      body: new Uint8Array(wire),
      credentials: 'omit',
      signal,
    },
  ];
}

function parseEndpoint(text: string): URL | null {
  try {
    // RFC 8484 §3 publishes endpoints as URI templates ("https://dns.example/dns-query{?dns}").
    const url = new URL(
      String(text)
        .trim()
        .replace(/\{\?dns\}$/, ''),
    );
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/** A cached answer as it would come fresh: TTLs counted down by the time it spent in the cache. */
function aged(entry: DnsCacheEntry, now: number): DnsAnswer {
  const elapsed = Math.max(0, Math.floor((now - entry.storedAt) / 1000));
  return {
    ...entry.answer,
    records: entry.answer.records.map((r) => ({ ...r, ttl: Math.max(0, r.ttl - elapsed) })),
    cnames: [...entry.answer.cnames],
  };
}

function failure(question: Question, reason: DnsFailure['reason'], message: string): DnsFailure {
  return { ok: false, name: question.name, type: question.type, reason, message };
}

function failed(
  question: Question,
  reason: DnsFailure['reason'],
  message: string,
  retryable: boolean,
): Attempt {
  return { outcome: { result: failure(question, reason, message), cacheSeconds: 0 }, retryable };
}

/** Frees the connection of a response we will not read. */
function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Node's fetch says only "fetch failed"; the cause says why (ECONNREFUSED, ECONNRESET, a TLS error).
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail =
    typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
  return detail && !error.message.includes(detail) ? `${error.message} (${detail})` : error.message;
}
