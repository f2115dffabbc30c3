import { readBodyCapped } from '../core/http/guarded-fetch.ts';
import type { FetchLike } from '../core/types.ts';
import type { StorageCache } from './storage-cache.ts';

/**
 * Registration data changes rarely and RDAP servers rate-limit, so RDAP answers (RFC 7480 §4.2:
 * `application/rdap+json`) are kept for a day in storage.local, across worker restarts. Only
 * successful GETs are kept; DoH answers are not (the resolver caches them by their TTL) and nor is
 * the IANA bootstrap file (the core's bootstrap cache honours its Cache-Control).
 */
export const RDAP_CACHE_MS = 24 * 3_600_000;
export const RDAP_PREFIX = 'rdap:';
/** A larger answer is passed on but not kept (the guarded fetch above judges it by its own cap). */
const MAX_KEPT_BYTES = 512_000;

export interface StoredResponse {
  status: number;
  contentType: string;
  body: string;
}

export function isStoredResponse(value: unknown): value is StoredResponse {
  const v = value as Partial<StoredResponse> | null;
  return typeof v?.body === 'string' && typeof v.status === 'number' && typeof v.contentType === 'string';
}

export function isRdapResponse(contentType: string): boolean {
  return /^application\/rdap\+json\b/i.test(contentType);
}

/**
 * `reuse: false` (a user's re-check) still stores what it fetched but never answers from storage;
 * `keep: false` (an incognito tab) answers from storage but writes nothing.
 */
export function cachingFetch(
  fetch: FetchLike,
  store: StorageCache<StoredResponse>,
  { reuse = true, keep = true }: { reuse?: boolean; keep?: boolean } = {},
): FetchLike {
  return async (input, init) => {
    const method = (init?.method ?? 'GET').toUpperCase();
    if (method !== 'GET') return fetch(input, init);
    const stored = reuse ? await store.get(input) : null;
    if (stored) {
      return new Response(stored.value.body, {
        status: stored.value.status,
        headers: { 'content-type': stored.value.contentType },
      });
    }
    const response = await fetch(input, init);
    const contentType = response.headers.get('content-type') ?? '';
    if (!keep || response.status !== 200 || !isRdapResponse(contentType)) return response;
    // A copy read up to the cap, never the whole of what a hostile server sends: the answer itself
    // goes on to the guard, which reads it under its own cap and deadline.
    const kept = await readBodyCapped(response.clone(), MAX_KEPT_BYTES);
    if (kept) await store.set(input, { status: 200, contentType, body: new TextDecoder().decode(kept) });
    return response;
  };
}
