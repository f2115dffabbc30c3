import { guardedFetch, statusFailure } from '../http/guarded-fetch.ts';
import type { ErrorCode, FetchLike } from '../types.ts';

/**
 * A status feed through the one guarded HTTP path (src/core/http/guarded-fetch.ts): one deadline over
 * the body, the status kind's streaming cap, https only (loopback http for tests), public hosts,
 * bounded redirects, and a machine-readable error code. Never throws.
 */
export type FeedFetch =
  | { ok: true; body: string; contentType: string | null; lastModified: string | null }
  | { ok: false; code: ErrorCode; message: string };

export interface FeedFetchOptions {
  fetch: FetchLike;
  timeoutMs: number;
  maxBytes?: number;
  signal?: AbortSignal;
  now?: () => number;
}

export async function fetchFeed(url: string, options: FeedFetchOptions): Promise<FeedFetch> {
  const answer = await guardedFetch({
    kind: 'status',
    url,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    headers: { Accept: 'application/json' },
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    publicHostsOnly: true,
    hiddenRedirects: 'follow',
  });
  if (!answer.ok) return { ok: false, code: answer.code, message: answer.message };
  const failed = statusFailure(answer, (options.now ?? Date.now)());
  if (failed) return { ok: false, code: failed.code, message: failed.message };
  const contentType = answer.headers.get('content-type');
  return {
    ok: true,
    body: decode(answer.body, contentType),
    contentType,
    lastModified: answer.headers.get('last-modified'),
  };
}

/**
 * AWS serves its feed as UTF-16 with a byte-order mark (`application/json;charset=utf-16`): the
 * BOM, then the declared charset, decide; UTF-8 otherwise.
 */
export function decode(bytes: Uint8Array, contentType: string | null): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (/charset=\s*"?utf-16/i.test(contentType ?? '')) return new TextDecoder('utf-16le').decode(bytes);
  return new TextDecoder().decode(bytes);
}
