import type { FetchLike } from '../core/types.ts';
import type { StorageArea } from '../shared/storage.ts';

/**
 * Registration data changes rarely and RDAP servers rate-limit, so RDAP answers (RFC 7480 §4.2:
 * `application/rdap+json`) are kept for a day in storage.local, across worker restarts. Only
 * successful GETs are kept; DoH answers are not (the resolver caches them by their TTL) and nor is
 * the IANA bootstrap file (the core's bootstrap cache honours its Cache-Control).
 */
export const RDAP_CACHE_MS = 24 * 3_600_000;
const MAX_BODY_CHARS = 512_000;
const PREFIX = 'http:';

interface StoredResponse {
  storedAt: number;
  status: number;
  contentType: string;
  body: string;
}

export function isRdapResponse(contentType: string): boolean {
  return /^application\/rdap\+json\b/i.test(contentType);
}

/** `reuse: false` (a user's re-check) still stores what it fetched but never answers from storage. */
export function cachingFetch(
  fetch: FetchLike,
  area: StorageArea,
  now: () => number,
  { reuse = true }: { reuse?: boolean } = {},
): FetchLike {
  return async (input, init) => {
    const method = (init?.method ?? 'GET').toUpperCase();
    if (method !== 'GET') return fetch(input, init);
    const key = PREFIX + input;
    const stored = reuse ? ((await area.get(key))[key] as StoredResponse | undefined) : undefined;
    if (stored && typeof stored.body === 'string' && now() - stored.storedAt < RDAP_CACHE_MS) {
      return new Response(stored.body, {
        status: stored.status,
        headers: { 'content-type': stored.contentType },
      });
    }
    const response = await fetch(input, init);
    const contentType = response.headers.get('content-type') ?? '';
    if (response.status !== 200 || !isRdapResponse(contentType)) return response;
    const body = await response.text();
    if (body.length <= MAX_BODY_CHARS) {
      const entry: StoredResponse = { storedAt: now(), status: 200, contentType, body };
      await area.set({ [key]: entry });
    }
    return new Response(body, { status: 200, headers: { 'content-type': contentType } });
  };
}

/** Drops expired cached responses (run when the worker starts, so the store does not only grow). */
export async function pruneFetchCache(area: StorageArea, now: () => number): Promise<void> {
  const all = await area.get(null);
  const expired = Object.entries(all)
    .filter(
      ([key, value]) =>
        key.startsWith(PREFIX) && !(now() - (value as StoredResponse)?.storedAt < RDAP_CACHE_MS),
    )
    .map(([key]) => key);
  if (expired.length > 0) await area.remove(expired);
}
