import type { ErrorCode, FetchLike } from '../types.ts';
import { hostPolicyProblem, isLoopbackHost, schemeProblem } from './url-policy.ts';

/**
 * The one way the core talks HTTP (DoH, the RDAP bootstrap file, RDAP, the MTA-STS policy and the
 * providers' status feeds). Whatever the server does, the call ends within `timeoutMs` (headers,
 * redirects and body together), holds at most the kind's byte cap in memory (the body is read chunk
 * by chunk and the stream cancelled at the cap), goes only to https (http only to loopback, when the
 * configured endpoint itself is loopback: a test server), follows a bounded number of redirects and
 * never to a lower scheme, and stops as soon as the caller's `signal` aborts. It never throws: every
 * failure is a {@link GuardedFailure} with a report.md error code.
 */
export type FetchKind = 'doh' | 'rdap' | 'bootstrap' | 'mta-sts' | 'status';

const MIB = 1024 * 1024;

/** Bytes of body each kind may hold: a DNS message is at most 65,535 octets (RFC 1035 §4.2.2). */
export const BODY_CAPS: Readonly<Record<FetchKind, number>> = {
  doh: 65_535,
  rdap: MIB,
  bootstrap: MIB,
  // RFC 8461 §3.3 leaves the limit to the sender; 64 KiB is what the other implementations use.
  'mta-sts': 64 * 1024,
  // Google's live incidents.json is about 400 KB; AWS serves UTF-16, twice the bytes of the same text.
  status: 2 * MIB,
};

/** Redirects each kind follows: none for DoH and MTA-STS (RFC 8461 §3.3 forbids them). */
export const MAX_REDIRECTS: Readonly<Record<FetchKind, number>> = {
  doh: 0,
  rdap: 5,
  bootstrap: 3,
  'mta-sts': 0,
  status: 3,
};

export interface GuardedRequest {
  kind: FetchKind;
  url: string;
  fetch: FetchLike;
  /** One deadline for the whole call: every redirect, the headers and the last byte of the body. */
  timeoutMs: number;
  /** The caller's cancellation (the report's); aborting it ends the call at once. */
  signal?: AbortSignal | undefined;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** Lower than the kind's cap, never higher. */
  maxBytes?: number;
  /** Fewer redirects than the kind's default (never more). */
  maxRedirects?: number;
  /**
   * Test mode: http:// and IP literals are allowed when they are loopback. Default: on exactly when
   * the request's own URL is loopback (the configured endpoint is a local test server).
   */
  loopback?: boolean;
  /** Host names must be public (no IP literals, no localhost/.local/.internal): RDAP and status feeds. */
  publicHostsOnly?: boolean;
  /** Same-target test for redirect loops (RDAP compares names case-insensitively); default: the href. */
  redirectKey?: (href: string) => string;
  /**
   * Browsers hide a manual redirect's Location (an "opaqueredirect" response). `follow` asks again
   * letting the browser follow, then checks where it ended (for targets any https host may serve);
   * `refuse` (the default) fails with `blocked`, since the target cannot be checked before it is asked.
   */
  hiddenRedirects?: 'follow' | 'refuse';
  /** Whether to read the body of this response; a skipped body is cancelled unread. Default: read it. */
  readBody?: (status: number, headers: Headers) => boolean;
}

export interface GuardedResponse {
  ok: true;
  status: number;
  headers: Headers;
  /** Empty when `readBody` said not to read it. */
  body: Uint8Array;
  /** Where the answer came from, after redirects. */
  url: string;
  /** Every URL asked, the first included. */
  visited: string[];
  /** HTTP requests made. */
  requests: number;
}

export interface GuardedFailure {
  ok: false;
  code: ErrorCode;
  /** In words, naming the host; never the whole URL's query. */
  message: string;
  url: string;
  visited: string[];
  requests: number;
  /** Set when the failure is an HTTP answer (a redirect not followed, a body too large). */
  status?: number;
  /** For `network`: the cause alone, without the host (undici's "fetch failed (ECONNREFUSED)"). */
  detail?: string;
  /** For a redirect that was not followed: where it pointed (null when the browser hid it). */
  redirect?: { status: number; location: string | null };
}

export type GuardedResult = GuardedResponse | GuardedFailure;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Why the call was stopped early: the deadline or the caller. */
type Stop = { why: 'timeout' } | { why: 'cancelled' };

export async function guardedFetch(request: GuardedRequest): Promise<GuardedResult> {
  const cap = Math.min(BODY_CAPS[request.kind], request.maxBytes ?? Number.POSITIVE_INFINITY);
  const maxRedirects = Math.min(
    MAX_REDIRECTS[request.kind],
    request.maxRedirects ?? Number.POSITIVE_INFINITY,
  );
  const visited: string[] = [];
  let requests = 0;
  let current = request.url;
  const fail = (code: ErrorCode, message: string, extra: Partial<GuardedFailure> = {}): GuardedFailure => ({
    ok: false,
    code,
    message,
    url: current,
    visited: [...visited],
    requests,
    ...extra,
  });

  let first: URL;
  try {
    first = new URL(request.url);
  } catch {
    return fail('blocked', `${JSON.stringify(truncate(request.url))} is not a URL`);
  }
  const loopback = request.loopback ?? isLoopbackHost(first.hostname);

  // One controller for the whole call: the deadline and the caller's signal both abort it.
  const controller = new AbortController();
  let stop: Stop | null = null;
  let wake: (() => void) | null = null;
  const stopped = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const halt = (why: Stop) => {
    if (stop) return;
    stop = why;
    controller.abort();
    wake?.();
  };
  const timer = setTimeout(() => halt({ why: 'timeout' }), Math.max(0, request.timeoutMs));
  const onCancel = () => halt({ why: 'cancelled' });
  if (request.signal?.aborted) onCancel();
  else request.signal?.addEventListener('abort', onCancel, { once: true });

  /** Awaits `work`, or gives up the moment the call is stopped (a fetch that ignores its signal included). */
  const within = async <T>(work: Promise<T>): Promise<T | typeof STOPPED> => {
    work.catch(() => undefined);
    return Promise.race([work, stopped.then((): typeof STOPPED => STOPPED)]);
  };
  const stoppedFailure = (): GuardedFailure => {
    const host = safeHost(current);
    return (stop as Stop | null)?.why === 'cancelled'
      ? fail('timeout', `the request to ${host} was cancelled`)
      : fail('timeout', `no answer from ${host} within ${request.timeoutMs} ms`);
  };

  try {
    const seen = new Set<string>();
    let follow = false;
    for (;;) {
      if (stop) return stoppedFailure();
      const url = new URL(current);
      const refused =
        schemeProblem(url, loopback) ?? (request.publicHostsOnly ? hostPolicyProblem(url, loopback) : null);
      if (refused) return fail('blocked', refused);
      seen.add((request.redirectKey ?? identity)(url.href));
      visited.push(url.href);
      requests += 1;

      let response: Response;
      try {
        const answer = await within(request.fetch(url.href, init(request, controller.signal, follow)));
        if (answer === STOPPED) return stoppedFailure();
        response = answer;
      } catch (error) {
        if (stop) return stoppedFailure();
        const detail = errorText(error);
        return fail('network', `could not reach ${url.host}: ${detail}`, { detail });
      }

      if (response.type === 'opaqueredirect') {
        discard(response);
        if (maxRedirects === 0) {
          return fail('http-status', `${url.host} answered with a redirect, which is not followed`, {
            status: 0,
            redirect: { status: 0, location: null },
          });
        }
        if (request.hiddenRedirects !== 'follow' || follow) {
          return fail('blocked', `${url.host} redirected, and the browser hides where to: not followed`, {
            status: 0,
            redirect: { status: 0, location: null },
          });
        }
        follow = true;
        visited.pop();
        continue;
      }
      if (follow && response.url) {
        // The browser followed the redirects itself: where it ended must pass the same rules.
        const ended = safeUrl(response.url);
        const problem = ended
          ? (schemeProblem(ended, loopback) ??
            (request.publicHostsOnly ? hostPolicyProblem(ended, loopback) : null))
          : null;
        if (problem) {
          discard(response);
          return fail('blocked', `redirected to a refused address: ${problem}`);
        }
        if (ended && ended.href !== url.href) {
          current = ended.href;
          visited.push(ended.href);
        }
      }

      if (REDIRECT_STATUSES.has(response.status)) {
        discard(response);
        const location = response.headers.get('location');
        const redirect = { status: response.status, location };
        const next = location === null ? null : safeUrl(location, url.href);
        if (maxRedirects === 0)
          return fail(
            'http-status',
            `${url.host} answered HTTP ${response.status} (a redirect, not followed)`,
            {
              status: response.status,
              redirect,
            },
          );
        if (!next)
          return fail('http-status', `redirect (HTTP ${response.status}) without a usable Location`, {
            status: response.status,
            redirect,
          });
        if (next.protocol !== 'https:' && url.protocol === 'https:')
          return fail('blocked', `${url.host} redirected from https to ${next.protocol}, a lower scheme`, {
            status: response.status,
            redirect,
          });
        if (visited.length > maxRedirects)
          return fail('http-status', `too many redirects (more than ${maxRedirects})`, {
            status: response.status,
            redirect,
          });
        if (seen.has((request.redirectKey ?? identity)(next.href)))
          return fail('http-status', `redirect loop back to ${truncate(next.href)}`, {
            status: response.status,
            redirect,
          });
        current = next.href;
        continue;
      }

      if (request.readBody && !request.readBody(response.status, response.headers)) {
        discard(response);
        return success(response, new Uint8Array(0));
      }
      const declared = Number(response.headers.get('content-length') ?? Number.NaN);
      if (Number.isFinite(declared) && declared > cap) {
        discard(response);
        return fail('too-large', `${url.host} announced ${declared} bytes, more than the ${cap} allowed`, {
          status: response.status,
        });
      }
      const body = await readCapped(response, cap, within);
      if (body === STOPPED) return stoppedFailure();
      if (body === TOO_LARGE)
        return fail('too-large', `${url.host} sent more than the ${cap} bytes allowed`, {
          status: response.status,
        });
      if (body instanceof Error) {
        if (stop) return stoppedFailure();
        const detail = errorText(body);
        return fail('network', `the answer from ${url.host} broke off: ${detail}`, { detail });
      }
      return success(response, body);
    }
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onCancel);
  }

  function success(response: Response, body: Uint8Array): GuardedResponse {
    return {
      ok: true,
      status: response.status,
      headers: response.headers,
      body,
      url: current,
      visited,
      requests,
    };
  }
}

const STOPPED = Symbol('stopped');
const TOO_LARGE = Symbol('too-large');

function init(request: GuardedRequest, signal: AbortSignal, follow: boolean): RequestInit {
  const out: RequestInit = {
    method: request.method ?? 'GET',
    redirect: follow ? 'follow' : 'manual',
    // No cookies or HTTP auth: they would tie every lookup to the person (RFC 8484 §8.2).
    credentials: 'omit',
    signal,
  };
  if (request.headers) out.headers = request.headers;
  if (request.body) out.body = new Uint8Array(request.body);
  return out;
}

/**
 * The body chunk by chunk, stopping (and cancelling the stream) at the first byte past `cap`: a
 * server that streams 80 MB costs at most `cap` plus one chunk of memory.
 */
async function readCapped(
  response: Response,
  cap: number,
  within: <T>(work: Promise<T>) => Promise<T | typeof STOPPED>,
): Promise<Uint8Array | typeof STOPPED | typeof TOO_LARGE | Error> {
  const stream = response.body;
  if (!stream) return new Uint8Array(0);
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = stream.getReader();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const give = (outcome: typeof STOPPED | typeof TOO_LARGE | Error) => {
    reader.cancel().catch(() => undefined);
    return outcome;
  };
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array> | typeof STOPPED;
    try {
      step = await within(reader.read());
    } catch (error) {
      return give(error instanceof Error ? error : new Error(String(error)));
    }
    if (step === STOPPED) return give(STOPPED);
    if (step.done) break;
    const chunk = step.value;
    if (!(chunk instanceof Uint8Array))
      return give(new Error('the body stream gave something other than bytes'));
    size += chunk.byteLength;
    if (size > cap) return give(TOO_LARGE);
    chunks.push(chunk);
  }
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The body of a response someone else fetched, read the same capped way (for a cache that sits
 * under the guard and must not hold more than the guard would): null past `maxBytes`, the stream
 * then cancelled. Never throws; a broken body is null too.
 */
export async function readBodyCapped(response: Response, maxBytes: number): Promise<Uint8Array | null> {
  const within = <T>(work: Promise<T>) => work;
  const body = await readCapped(response, maxBytes, within).catch(() => null);
  return body instanceof Uint8Array ? body : null;
}

/** Frees the connection of a response we will not read. */
function discard(response: Response): void {
  try {
    response.body?.cancel().catch(() => undefined);
  } catch {
    // A locked or already-used body: nothing to free.
  }
}

function identity(href: string): string {
  return href;
}

function safeUrl(text: string, base?: string): URL | null {
  try {
    return new URL(text, base);
  } catch {
    return null;
  }
}

function safeHost(href: string): string {
  return safeUrl(href)?.host ?? truncate(href);
}

function truncate(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A fetch failure in words: undici hides the useful part (ECONNREFUSED, a TLS error) in `cause`. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return truncate(String(error));
  const cause = (error as Error & { cause?: unknown }).cause as
    | { code?: unknown; message?: unknown }
    | undefined;
  const detail =
    typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
  return truncate(detail && !error.message.includes(detail) ? `${error.message} (${detail})` : error.message);
}

/** The body as text (UTF-8; a stray invalid byte becomes U+FFFD rather than failing the answer). */
export function bodyText(response: GuardedResponse): string {
  return new TextDecoder('utf-8').decode(response.body);
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  const value = header.trim();
  if (value.length > 64) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * What a non-2xx answer means as a report error, for callers with no protocol of their own (the
 * status feeds): 429 is `rate-limited` with the wait asked for, 404 is `not-found`, the rest `http-status`.
 */
export function statusFailure(
  response: GuardedResponse,
  now: number,
): { code: ErrorCode; message: string; retryAfterMs?: number } | null {
  if (response.status >= 200 && response.status < 300) return null;
  const host = safeHost(response.url);
  if (response.status === 429) {
    const wait = retryAfterMs(response.headers.get('retry-after'), now);
    const message = `${host} answered HTTP 429 (rate limited)`;
    return wait === null
      ? { code: 'rate-limited', message }
      : { code: 'rate-limited', message, retryAfterMs: wait };
  }
  if (response.status === 404) return { code: 'not-found', message: `${host} answered HTTP 404` };
  return { code: 'http-status', message: `${host} answered HTTP ${response.status}` };
}
