import type { ErrorCode, FetchLike } from '../types.ts';

/**
 * TODO(lead): switch to src/core/http/guarded-fetch.ts (being built in parallel) once it lands; this
 * is the small stand-in it replaces: a timeout that covers the body, a streaming byte cap, https only
 * (loopback http for tests), and a machine-readable error code. Never throws.
 */
export const MAX_FEED_BYTES = 2_000_000;

export type FeedFetch =
  | { ok: true; body: string; contentType: string | null; lastModified: string | null }
  | { ok: false; code: ErrorCode; message: string };

export interface FeedFetchOptions {
  fetch: FetchLike;
  timeoutMs: number;
  maxBytes?: number;
}

export async function fetchFeed(url: string, options: FeedFetchOptions): Promise<FeedFetch> {
  if (!allowedUrl(url)) return { ok: false, code: 'blocked', message: `not an https URL: ${url}` };
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<FeedFetch>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, code: 'timeout', message: `timed out after ${options.timeoutMs} ms` });
    }, options.timeoutMs);
  });
  try {
    return await Promise.race([download(url, options, controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function download(url: string, options: FeedFetchOptions, signal: AbortSignal): Promise<FeedFetch> {
  let response: Response;
  try {
    response = await options.fetch(url, {
      signal,
      credentials: 'omit',
      headers: { Accept: 'application/json' },
    });
  } catch (error) {
    return { ok: false, code: 'network', message: error instanceof Error ? error.message : String(error) };
  }
  if (response.status === 429) return { ok: false, code: 'rate-limited', message: 'HTTP 429' };
  if (response.status === 404) return { ok: false, code: 'not-found', message: 'HTTP 404' };
  if (response.status !== 200) return { ok: false, code: 'http-status', message: `HTTP ${response.status}` };
  const max = options.maxBytes ?? MAX_FEED_BYTES;
  const contentType = response.headers.get('content-type');
  try {
    const bytes = await readCapped(response, max);
    if (!bytes) return { ok: false, code: 'too-large', message: `more than ${max} bytes` };
    return {
      ok: true,
      body: decode(bytes, contentType),
      contentType,
      lastModified: response.headers.get('last-modified'),
    };
  } catch (error) {
    return { ok: false, code: 'network', message: error instanceof Error ? error.message : String(error) };
  }
}

function allowedUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:') return true;
    return (
      parsed.protocol === 'http:' && (parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost')
    );
  } catch {
    return false;
  }
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

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | null> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return null;
  if (!response.body) {
    const whole = new Uint8Array(await response.arrayBuffer());
    return whole.byteLength > maxBytes ? null : whole;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
