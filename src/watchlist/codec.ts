/**
 * How the watchlist is laid out in storage.local. A small one is stored as plain JSON (readable in
 * the browser's storage inspector, and what older versions wrote). A large one is stored deflated
 * (RFC 1951, through the platform's CompressionStream) and base64-encoded: 5,000 domains with a full
 * history are about 19 MiB of JSON, which no 10 MiB quota holds, and about 4 MiB stored this way.
 * Lossless both ways; the reader accepts either.
 */
export const PACKED_ENCODING = 'deflate-raw/base64';
/** Below this much JSON the watchlist stays plain (a few hundred domains). */
export const PLAIN_LIMIT_CHARS = 1024 * 1024;

export interface PackedWatchlist {
  version: number;
  encoding: typeof PACKED_ENCODING;
  data: string;
}

export type Unpacked = { ok: true; value: unknown } | { ok: false; reason: 'unknown-encoding' | 'damaged' };

export async function packWatchlist<T extends { version: number }>(value: T): Promise<unknown> {
  const json = JSON.stringify(value);
  if (json.length <= PLAIN_LIMIT_CHARS) return value;
  const bytes = await transform(new TextEncoder().encode(json), new CompressionStream('deflate-raw'));
  return {
    version: value.version,
    encoding: PACKED_ENCODING,
    data: toBase64(bytes),
  } satisfies PackedWatchlist;
}

/** The stored value as the schema reads it; an encoding this version does not know is not guessed at. */
export async function unpackWatchlist(stored: unknown): Promise<Unpacked> {
  const encoding = (stored as { encoding?: unknown } | null)?.encoding;
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored) || encoding === undefined) {
    return { ok: true, value: stored };
  }
  if (encoding !== PACKED_ENCODING) return { ok: false, reason: 'unknown-encoding' };
  const data = (stored as { data?: unknown }).data;
  if (typeof data !== 'string') return { ok: false, reason: 'damaged' };
  try {
    const bytes = await transform(fromBase64(data), new DecompressionStream('deflate-raw'));
    return { ok: true, value: JSON.parse(new TextDecoder().decode(bytes)) };
  } catch {
    return { ok: false, reason: 'damaged' };
  }
}

async function transform(
  input: Uint8Array,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const output = new Blob([input as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(output).arrayBuffer());
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
