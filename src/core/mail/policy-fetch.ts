import { bodyText, guardedFetch } from '../http/guarded-fetch.ts';
import type { FetchLike } from '../types.ts';

/**
 * Fetches a small text document over HTTPS the way RFC 8461 §3.3 asks for the MTA-STS policy,
 * through the guarded HTTP path: no redirects, one timeout for headers and body, a size cap read
 * as a stream, and Content-Type text/plain. Never throws: every way it can fail is a typed reason
 * that names the evidence.
 */
export type PolicyFetchFailure =
  | { reason: 'timeout'; ms: number }
  | { reason: 'network'; message: string }
  | { reason: 'redirect'; status: number; location: string | null }
  | { reason: 'http-status'; status: number }
  | { reason: 'content-type'; contentType: string | null }
  | { reason: 'too-large'; limit: number }
  /** The request was not sent (not https). */
  | { reason: 'blocked'; message: string };

export type PolicyFetchResult = { ok: true; text: string } | ({ ok: false } & PolicyFetchFailure);

export interface PolicyFetchOptions {
  timeoutMs: number;
  maxBytes: number;
  /** The report's cancellation. */
  signal?: AbortSignal | undefined;
}

export async function fetchPolicyText(
  fetch: FetchLike,
  url: string,
  options: PolicyFetchOptions,
): Promise<PolicyFetchResult> {
  const answer = await guardedFetch({
    kind: 'mta-sts',
    url,
    fetch,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    maxBytes: options.maxBytes,
    headers: { Accept: 'text/plain' },
    readBody: (status, headers) => status === 200 && isTextPlain(headers.get('content-type')),
  });
  if (!answer.ok) {
    switch (answer.code) {
      case 'timeout':
        return { ok: false, reason: 'timeout', ms: options.timeoutMs };
      case 'too-large':
        return { ok: false, reason: 'too-large', limit: options.maxBytes };
      case 'blocked':
        return { ok: false, reason: 'blocked', message: answer.message };
      default:
        if (answer.redirect) return { ok: false, reason: 'redirect', ...answer.redirect };
        return { ok: false, reason: 'network', message: answer.detail ?? answer.message };
    }
  }
  if (answer.status !== 200) return { ok: false, reason: 'http-status', status: answer.status };
  const contentType = answer.headers.get('content-type');
  if (!isTextPlain(contentType)) return { ok: false, reason: 'content-type', contentType };
  return { ok: true, text: bodyText(answer) };
}

/** `text/plain`, with parameters or not (§3.2); no regular expression on a header a server wrote. */
function isTextPlain(contentType: string | null): boolean {
  if (!contentType) return false;
  const semicolon = contentType.indexOf(';');
  const type = (semicolon >= 0 ? contentType.slice(0, semicolon) : contentType).trim().toLowerCase();
  return type === 'text/plain';
}

/** A short, language-neutral description of a failure for a finding's detail. */
export function describeFetchFailure(failure: PolicyFetchFailure): string {
  switch (failure.reason) {
    case 'timeout':
      return `timeout (${failure.ms} ms)`;
    case 'network':
      return failure.message;
    case 'redirect':
      return `HTTP ${failure.status || '3xx'} → ${failure.location ?? '?'}`;
    case 'http-status':
      return `HTTP ${failure.status}`;
    case 'content-type':
      return `Content-Type: ${failure.contentType ?? '—'}`;
    case 'too-large':
      return `> ${failure.limit} bytes`;
    case 'blocked':
      return failure.message;
  }
}
