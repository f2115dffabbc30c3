import { errorText, guardedFetch } from '../http/guarded-fetch.ts';
import { type SharedWork, sharedWork } from '../http/shared-work.ts';
import { isLoopbackHost, isLoopbackUrl, schemeProblem } from '../http/url-policy.ts';
import type { Clock, FetchLike } from '../types.ts';
import { type InterpretedResponse, interpretResponse, normalizeName, type Question } from './answer.ts';
import { createMemoryDnsCache, type DnsCache, type DnsCacheEntry, dnsCacheKey } from './cache.ts';
import type { DnsAnswer, DnsFailure, DnsResult, QueryOptions, Resolver, RRType } from './types.ts';
import { base64UrlEncode, decodeMessage, encodeQuery, isValidQueryName, RR_TYPES } from './wire.ts';

export interface DohResolverOptions {
  /** An RFC 8484 endpoint, e.g. https://dns.example/dns-query (http: only for a loopback test server). */
  url: string;
  fetch: FetchLike;
  /** For cache ages only; timeouts use timers. */
  now: Clock;
  /** Per HTTP request, body included; default 5000. */
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
  // Test mode: a loopback endpoint (a local server) may be plain http (url-policy.ts).
  const loopback = isLoopbackUrl(options.url);
  const inflight = new Map<string, SharedWork<DnsResult>>();
  const stats: DohStats = { requests: 0, cacheHits: 0, inflightJoins: 0, retries: 0, byQuestion: {} };

  async function lookup(question: Question, key: string, signal: AbortSignal): Promise<DnsResult> {
    const cached = await readCache(key);
    if (cached) {
      stats.cacheHits++;
      return aged(cached, options.now());
    }
    let attempt = await exchange(question, key, signal);
    if (attempt.retryable && !signal.aborted) {
      stats.retries++;
      attempt = await exchange(question, key, signal);
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

  async function exchange(question: Question, key: string, signal: AbortSignal): Promise<Attempt> {
    if (typeof endpoint === 'string') return failed(question, 'blocked', endpoint, false);
    stats.requests++;
    stats.byQuestion[key] = (stats.byQuestion[key] ?? 0) + 1;
    const wire = encodeQuery(question.name, question.type, question.cd);
    const answer = await guardedFetch({
      kind: 'doh',
      ...request(endpoint, wire, method),
      fetch: options.fetch,
      timeoutMs,
      signal,
      loopback,
      // A non-200 or non-DNS answer is judged by its headers; its body is not worth reading.
      readBody: (status, headers) => status === 200 && contentTypeOf(headers) === DNS_MESSAGE,
    });
    const host = endpoint.host;
    if (!answer.ok) {
      if (answer.code === 'timeout') return failed(question, 'timeout', answer.message, !signal.aborted);
      if (answer.code === 'network') return failed(question, 'network', answer.message, true);
      if (answer.code === 'too-large')
        return failed(question, 'too-large', `${host} sent more bytes than a DNS message can have`, false);
      if (answer.code === 'blocked') return failed(question, 'blocked', answer.message, false);
      return failed(question, 'http', answer.message, false);
    }
    if (answer.status !== 200)
      return failed(question, 'http', `${host} answered HTTP ${answer.status}`, answer.status >= 500);
    const contentType = contentTypeOf(answer.headers);
    if (contentType !== DNS_MESSAGE) {
      const what = contentType === '' ? 'no content type' : contentType.slice(0, 100);
      return failed(
        question,
        'not-dns',
        `${host} answered ${what}, not ${DNS_MESSAGE}: is it a DoH endpoint?`,
        false,
      );
    }
    const decoded = decodeMessage(answer.body);
    if (!decoded.ok) {
      return failed(
        question,
        'malformed',
        `the answer from ${host} is not a valid DNS message (${decoded.why})`,
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
          failure(
            question,
            'malformed',
            `${JSON.stringify(String(name).slice(0, 300))} is not a valid DNS name`,
          ),
        );
      }
      const key = dnsCacheKey(question.name, question.type, question.cd);
      const signal = queryOptions?.signal;
      const cancelled = () =>
        failure(question, 'timeout', `the lookup of ${question.name} ${type} was cancelled`);
      let work = inflight.get(key);
      if (work && !work.abandoned) stats.inflightJoins++;
      else {
        const shared: SharedWork<DnsResult> = sharedWork((workSignal) =>
          lookup(question, key, workSignal)
            .catch((error: unknown) => failure(question, 'network', `lookup failed: ${errorText(error)}`))
            .finally(() => {
              if (inflight.get(key) === shared) inflight.delete(key);
            }),
        );
        work = shared;
        inflight.set(key, shared);
      }
      return work.join(signal, cancelled);
    },
    stats: () => ({ ...stats, byQuestion: { ...stats.byQuestion } }),
  };
}

function request(
  url: URL,
  wire: Uint8Array,
  method: 'POST' | 'GET',
): { url: string; method: 'POST' | 'GET'; headers: Record<string, string>; body?: Uint8Array } {
  if (method === 'GET') {
    const target = new URL(url);
    target.searchParams.set('dns', base64UrlEncode(wire));
    return { url: target.toString(), method: 'GET', headers: { accept: DNS_MESSAGE } };
  }
  // POST keeps the name out of server logs of URLs (RFC 8484 §4.1); cookies are never sent (§8.2).
  return {
    url: url.toString(),
    method: 'POST',
    headers: { accept: DNS_MESSAGE, 'content-type': DNS_MESSAGE },
    body: wire,
  };
}

function contentTypeOf(headers: Headers): string {
  const value = headers.get('content-type') ?? '';
  const semicolon = value.indexOf(';');
  return (semicolon >= 0 ? value.slice(0, semicolon) : value).trim().toLowerCase();
}

/** The endpoint's URL, or why no query may be sent to it (https only; http only to loopback). */
function parseEndpoint(text: string): URL | string {
  let url: URL;
  try {
    // RFC 8484 §3 publishes endpoints as URI templates ("https://dns.example/dns-query{?dns}").
    const trimmed = String(text).trim();
    const template = '{?dns}';
    url = new URL(trimmed.endsWith(template) ? trimmed.slice(0, -template.length) : trimmed);
  } catch {
    return `the resolver URL ${JSON.stringify(String(text).slice(0, 200))} is not an http(s) URL`;
  }
  const problem = schemeProblem(url, isLoopbackHost(url.hostname));
  return problem ? `the resolver URL is refused: ${problem}` : url;
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
