import {
  bodyText,
  type GuardedFailure,
  type GuardedResponse,
  guardedFetch,
  retryAfterMs,
} from '../http/guarded-fetch.ts';
import { abortableSleep } from '../http/shared-work.ts';
import { trimEnd } from '../trim.ts';
import type { Clock, ErrorCode, FetchLike } from '../types.ts';
import { readRdapError } from './parse.ts';

/**
 * One RDAP GET (RFC 7480) through the guarded HTTP path: `Accept: application/rdap+json`, at most
 * 1 MiB of body, redirects followed by hand (bounded, loops caught, never to http or to a host that
 * is not a public name), a timeout that covers the body, and one polite retry after HTTP 429 when
 * Retry-After asks for a short wait. Every failure comes back as a reason a person can read and a
 * report.md code; nothing throws.
 */
export interface RdapFetchOptions {
  fetch: FetchLike;
  now: Clock;
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
  /** The longest Retry-After worth waiting for inside one report (default 5 s). */
  maxRetryAfterMs?: number;
  maxRedirects?: number;
  /** The report's cancellation. */
  signal?: AbortSignal | undefined;
  /**
   * Test mode: loopback http and addresses allowed (the configured bootstrap is itself loopback).
   * Default: on exactly when the URL asked is loopback.
   */
  loopback?: boolean;
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

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function fetchRdapJson(url: string, options: RdapFetchOptions): Promise<RdapFetchResult> {
  const sleep = options.sleep ?? defaultSleep;
  const maxWait = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  let requests = 0;
  let retried = false;
  const fail = (reason: string, code: ErrorCode, at: string): RdapFetchResult => ({
    ok: false,
    reason,
    code,
    url: at,
    requests,
  });

  for (;;) {
    const answer = await guardedFetch({
      kind: 'rdap',
      url,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      headers: { Accept: RDAP_ACCEPT },
      ...(options.maxRedirects !== undefined ? { maxRedirects: options.maxRedirects } : {}),
      ...(options.loopback !== undefined ? { loopback: options.loopback } : {}),
      publicHostsOnly: true,
      redirectKey: normalizeRdapUrl,
    });
    requests += answer.requests;
    if (!answer.ok) return fail(guardReason(answer, options.timeoutMs), answer.code, answer.url);
    const { status, headers } = answer;

    if (status === 429) {
      const wait = retryAfterMs(headers.get('retry-after'), options.now());
      if (!retried && wait !== null && wait <= maxWait) {
        retried = true;
        if (await abortableSleep(sleep, wait, options.signal)) continue;
        return fail('cancelled while waiting to retry', 'timeout', answer.url);
      }
      const limited = fail(
        wait === null
          ? 'rate limited by the RDAP server (HTTP 429)'
          : `rate limited by the RDAP server (HTTP 429, retry after ${Math.ceil(wait / 1000)} s)`,
        'rate-limited',
        answer.url,
      );
      return wait === null || limited.ok ? limited : { ...limited, retryAfterMs: wait };
    }
    const body = bodyText(answer);
    if (status < 200 || status >= 300) {
      const failure = fail(
        httpFailure(status, body),
        status === 404 ? 'not-found' : 'http-status',
        answer.url,
      );
      if (status === 404 && !failure.ok) failure.notFound = true;
      return failure;
    }
    return readBody(answer, body, requests);
  }
}

/** The guard's failure in the words RDAP callers have always used. */
function guardReason(failure: GuardedFailure, timeoutMs: number): string {
  if (failure.code === 'timeout')
    return failure.message.endsWith('cancelled') ? failure.message : `timed out after ${timeoutMs} ms`;
  if (failure.code === 'network') return `unreachable: ${failure.message}`;
  return failure.message;
}

function readBody(response: GuardedResponse, body: string, requests: number): RdapFetchResult {
  const { url, visited } = response;
  const fail = (reason: string, code: ErrorCode): RdapFetchResult => ({
    ok: false,
    reason,
    code,
    url,
    requests,
  });
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.toLowerCase().includes('html') || firstNonSpace(body) === '<')
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

function firstNonSpace(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r' && c !== '\ufeff') return c;
  }
  return '';
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

/**
 * For "is this the same object?": RDAP names are case-insensitive and registries write them with
 * a trailing dot in self links (ZDNS, Com Laude), so compare lower case, without dots at the end
 * of path segments, a trailing slash, the fragment or default ports. Loops, not regular
 * expressions: a URL from a registry may be long, and /\.+$/ is quadratic on a run of dots.
 */
export function normalizeRdapUrl(value: string): string {
  try {
    const url = new URL(value);
    url.hash = '';
    const path = trimEnd(url.pathname.split('/').map(trimTrailingDots).join('/'), '/');
    return `${url.protocol}//${url.host}${path}${url.search}`.toLowerCase();
  } catch {
    return trimEnd(value.trim().toLowerCase(), '.');
  }
}

/** Drops trailing "." and "%2e" (a dot, percent-encoded) from a path segment. */
function trimTrailingDots(segment: string): string {
  let end = segment.length;
  for (;;) {
    if (end > 0 && segment[end - 1] === '.') end -= 1;
    else if (end >= 3 && segment.slice(end - 3, end).toLowerCase() === '%2e') end -= 3;
    else break;
  }
  return segment.slice(0, end);
}
