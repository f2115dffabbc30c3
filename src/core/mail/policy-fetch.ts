import type { FetchLike } from '../types.ts';

/**
 * Fetches a small text document over HTTPS the way RFC 8461 §3.3 asks for the MTA-STS policy: no
 * redirects, a timeout, a size cap, and Content-Type text/plain. Never throws: every way it can fail
 * is a typed reason that names the evidence.
 */
export type PolicyFetchFailure =
  | { reason: 'timeout'; ms: number }
  | { reason: 'network'; message: string }
  | { reason: 'redirect'; status: number; location: string | null }
  | { reason: 'http-status'; status: number }
  | { reason: 'content-type'; contentType: string | null }
  | { reason: 'too-large'; limit: number };

export type PolicyFetchResult = { ok: true; text: string } | ({ ok: false } & PolicyFetchFailure);

export interface PolicyFetchOptions {
  timeoutMs: number;
  maxBytes: number;
}

export async function fetchPolicyText(
  fetch: FetchLike,
  url: string,
  options: PolicyFetchOptions,
): Promise<PolicyFetchResult> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<PolicyFetchResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, reason: 'timeout', ms: options.timeoutMs });
    }, options.timeoutMs);
  });
  try {
    // The race also covers a fetch (or body stream) that ignores the abort signal.
    return await Promise.race([download(fetch, url, options.maxBytes, controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function download(
  fetch: FetchLike,
  url: string,
  maxBytes: number,
  signal: AbortSignal,
): Promise<PolicyFetchResult> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'manual', signal, headers: { Accept: 'text/plain' } });
  } catch (error) {
    return { ok: false, reason: 'network', message: errorMessage(error) };
  }
  // Browsers hide a manual redirect behind an "opaqueredirect" response with status 0.
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    return {
      ok: false,
      reason: 'redirect',
      status: response.status,
      location: response.headers.get('location'),
    };
  }
  if (response.status !== 200) return { ok: false, reason: 'http-status', status: response.status };
  const contentType = response.headers.get('content-type');
  if (!contentType || !/^text\/plain\s*(;|$)/i.test(contentType.trim())) {
    return { ok: false, reason: 'content-type', contentType };
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes)
    return { ok: false, reason: 'too-large', limit: maxBytes };
  try {
    const bytes = await readCapped(response, maxBytes);
    if (!bytes) return { ok: false, reason: 'too-large', limit: maxBytes };
    return { ok: true, text: new TextDecoder().decode(bytes) };
  } catch (error) {
    return { ok: false, reason: 'network', message: errorMessage(error) };
  }
}

/** The body, or null as soon as it grows past the cap (without reading the rest). */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | null> {
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

function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    // undici wraps the TLS/DNS cause ("fetch failed"); the cause names what actually went wrong.
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
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
  }
}
