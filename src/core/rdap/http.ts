import type { Clock, ErrorCode, FetchLike } from '../types.ts';
import { readRdapError } from './parse.ts';

/**
 * One RDAP GET (RFC 7480): `Accept: application/rdap+json`, redirects followed by hand so that
 * their number and loops are under our control, a timeout per request that also covers reading
 * the body, and one polite retry after HTTP 429 when Retry-After asks for a short wait. Every
 * failure comes back as a reason a person can read; nothing throws.
 */
export interface RdapFetchOptions {
  fetch: FetchLike;
  now: Clock;
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
  /** The longest Retry-After worth waiting for inside one report (default 5 s). */
  maxRetryAfterMs?: number;
  maxRedirects?: number;
}

export type RdapFetchResult =
  | { ok: true; json: unknown; url: string; visited: string[]; requests: number }
  | {
      ok: false;
      reason: string;
      code: ErrorCode;
      /** For `rate-limited`: the wait the server asked for, when it said. */
      retryAfterMs?: number;
      url: string;
      requests: number;
      /** The server said the object does not exist (HTTP 404 or an RFC 9083 error 404), rather than failing. */
      notFound?: boolean;
    };

export const RDAP_ACCEPT = 'application/rdap+json, application/json;q=0.9';
const DEFAULT_MAX_RETRY_AFTER_MS = 5_000;
const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  response: Response;
  body: string;
}

export async function fetchRdapJson(url: string, options: RdapFetchOptions): Promise<RdapFetchResult> {
  const sleep = options.sleep ?? defaultSleep;
  const maxWait = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const visited = [url];
  const seen = new Set([normalizeRdapUrl(url)]);
  let current = url;
  let requests = 0;
  let retried = false;
  let follow = false;
  const fail = (reason: string, code: ErrorCode): RdapFetchResult => ({
    ok: false,
    reason,
    code,
    url: current,
    requests,
  });

  for (;;) {
    requests += 1;
    let answer: Answer;
    try {
      answer = await getOnce(current, options, follow);
    } catch (error) {
      return error instanceof TimeoutError
        ? fail(`timed out after ${options.timeoutMs} ms`, 'timeout')
        : fail(`unreachable: ${errorText(error)}`, 'network');
    }
    const { response, body } = answer;

    // Browsers hide a manual redirect's Location (an "opaqueredirect" response): let the browser
    // follow that one itself; it caps redirects and rejects loops on its own.
    if (response.type === 'opaqueredirect' && !follow) {
      follow = true;
      continue;
    }
    if (REDIRECT_STATUSES.has(response.status)) {
      const location = response.headers.get('location');
      const next = location ? resolveUrl(location, current) : null;
      if (!next) return fail(`redirect (HTTP ${response.status}) without a usable Location`, 'http-status');
      if (visited.length > maxRedirects)
        return fail(`too many redirects (more than ${maxRedirects})`, 'http-status');
      if (seen.has(normalizeRdapUrl(next))) return fail(`redirect loop back to ${next}`, 'http-status');
      seen.add(normalizeRdapUrl(next));
      visited.push(next);
      current = next;
      continue;
    }
    if (response.status === 429) {
      const wait = retryAfterMs(response.headers.get('retry-after'), options.now());
      if (!retried && wait !== null && wait <= maxWait) {
        retried = true;
        await sleep(wait);
        continue;
      }
      const limited = fail(
        wait === null
          ? 'rate limited by the RDAP server (HTTP 429)'
          : `rate limited by the RDAP server (HTTP 429, retry after ${Math.ceil(wait / 1000)} s)`,
        'rate-limited',
      );
      return wait === null || limited.ok ? limited : { ...limited, retryAfterMs: wait };
    }
    if (!response.ok) {
      const failure = fail(
        httpFailure(response.status, body),
        response.status === 404 ? 'not-found' : 'http-status',
      );
      if (response.status === 404 && !failure.ok) failure.notFound = true;
      return failure;
    }
    return readBody(response, body, current, visited, requests);
  }
}

function readBody(
  response: Response,
  body: string,
  url: string,
  visited: string[],
  requests: number,
): RdapFetchResult {
  const fail = (reason: string, code: ErrorCode): RdapFetchResult => ({
    ok: false,
    reason,
    code,
    url,
    requests,
  });
  const contentType = response.headers.get('content-type') ?? '';
  if (/html/i.test(contentType) || /^\s*</.test(body))
    return fail('answered with an HTML page, not RDAP JSON', 'malformed');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return fail('answered with invalid JSON', 'malformed');
  }
  const error = readRdapError(json);
  if (error) {
    const failure = fail(
      `answered with an RDAP error ${describeError(error)}`,
      error.errorCode === 404 ? 'not-found' : 'http-status',
    );
    if (error.errorCode === 404 && !failure.ok) failure.notFound = true;
    return failure;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return fail('answered with JSON that is not an RDAP object', 'malformed');
  return { ok: true, json, url, visited, requests };
}

function httpFailure(status: number, body: string): string {
  let detail = '';
  try {
    const error = readRdapError(JSON.parse(body));
    if (error) detail = `: ${describeError(error)}`;
  } catch {
    // Not JSON: the status says enough.
  }
  if (status === 404) return `not found at the registry (HTTP 404)${detail}`;
  if (status >= 500) return `server error (HTTP ${status})${detail}`;
  return `refused (HTTP ${status})${detail}`;
}

function describeError(error: NonNullable<ReturnType<typeof readRdapError>>): string {
  const words = [error.title, ...error.description].filter(Boolean).join(' - ');
  return words ? `${error.errorCode} (${words})` : String(error.errorCode);
}

class TimeoutError extends Error {}

async function getOnce(url: string, options: RdapFetchOptions, follow: boolean): Promise<Answer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const response = await options.fetch(url, {
      method: 'GET',
      headers: { Accept: RDAP_ACCEPT },
      redirect: follow ? 'follow' : 'manual',
      signal: controller.signal,
    });
    if (REDIRECT_STATUSES.has(response.status)) {
      // Only the Location matters; release the connection instead of reading the body.
      await response.body?.cancel().catch(() => undefined);
      return { response, body: '' };
    }
    return { response, body: await response.text() };
  } catch (error) {
    if (controller.signal.aborted) throw new TimeoutError();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function resolveUrl(location: string, base: string): string | null {
  try {
    const url = new URL(location, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * For "is this the same object?": RDAP names are case-insensitive and registries write them with
 * a trailing dot in self links (ZDNS, Com Laude), so compare lower case, without dots at the end
 * of path segments, a trailing slash, the fragment or default ports.
 */
export function normalizeRdapUrl(value: string): string {
  try {
    const url = new URL(value);
    url.hash = '';
    const path = url.pathname
      .split('/')
      .map((segment) => segment.replace(/(?:\.|%2e)+$/i, ''))
      .join('/')
      .replace(/\/+$/, '');
    return `${url.protocol}//${url.host}${path}${url.search}`.toLowerCase();
  } catch {
    return value.trim().toLowerCase().replace(/\.+$/, '');
  }
}

/** A fetch failure in words: undici hides the useful part (ECONNREFUSED...) in `cause`. */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error && cause.message ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
