import { trimEnd } from '../trim.ts';
import { decodeWire, encodeQuery as encodeWireQuery, type WireMessage } from './message.ts';
import type { RRType } from './types.ts';

/** The largest DNS message there is (RFC 1035 §4.2.2 length prefix); anything longer is not one. */
export const MAX_MESSAGE_BYTES = 65_535;

/** RFC 8467 §4.1: pad queries to a multiple of 128 octets so their size says little about the name. */
const QUERY_PADDING_BLOCK = 128;

/** DNS Flag Day 2020: a payload size that avoids IP fragmentation (moot over HTTP, but conventional). */
const EDNS_UDP_PAYLOAD = 1232;

export const RR_TYPES: readonly RRType[] = [
  'A',
  'AAAA',
  'CNAME',
  'MX',
  'TXT',
  'NS',
  'SOA',
  'DS',
  'DNSKEY',
  'PTR',
  'CAA',
];

/**
 * A DoH query (RFC 8484 §4.1): id 0 so identical queries are identical bytes (HTTP-cacheable), RD set,
 * EDNS0 with the DO bit so that the resolver's AD bit means "validated" (RFC 3225, RFC 6840 §5.7),
 * and CD when the caller wants the answer even if validation fails.
 */
export function encodeQuery(name: string, type: RRType, cd: boolean): Uint8Array {
  return encodeWireQuery(name, type, { cd, udpPayload: EDNS_UDP_PAYLOAD, paddingBlock: QUERY_PADDING_BLOCK });
}

/** A query name we are willing to send: printable ASCII labels of 1..63 octets, 253 in all. */
export function isValidQueryName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  return name
    .split('.')
    .every((label) => label.length > 0 && label.length <= 63 && /^[\x21-\x7e]+$/.test(label));
}

export type DecodedMessage = { ok: true; message: WireMessage } | { ok: false; why: string };

/** Decodes a response strictly (message.ts): a message that is not exactly what it says is refused. */
export function decodeMessage(bytes: Uint8Array): DecodedMessage {
  if (bytes.length > MAX_MESSAGE_BYTES)
    return { ok: false, why: `${bytes.length} bytes, more than a DNS message` };
  return decodeWire(bytes);
}

/** RFC 4648 §5 base64url without padding, as RFC 8484 §4.1 requires for `?dns=`. */
export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return trimEnd(btoa(binary).replace(/\+/g, '-').replace(/\//g, '_'), '=');
}
