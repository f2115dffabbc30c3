import * as dnsPacket from '@leichtgewicht/dns-packet';
import { trimEnd } from '../trim.ts';
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
  const build = (paddingLength: number): dnsPacket.Packet => ({
    type: 'query',
    id: 0,
    flags: dnsPacket.RECURSION_DESIRED | (cd ? dnsPacket.CHECKING_DISABLED : 0),
    questions: [{ name, type, class: 'IN' }],
    additionals: [
      {
        type: 'OPT',
        name: '.',
        udpPayloadSize: EDNS_UDP_PAYLOAD,
        flags: dnsPacket.DNSSEC_OK,
        options: [{ code: 'PADDING', length: paddingLength }],
      } as unknown as dnsPacket.Answer,
    ],
  });
  const unpadded = dnsPacket.encodingLength(build(0));
  const padding = (QUERY_PADDING_BLOCK - (unpadded % QUERY_PADDING_BLOCK)) % QUERY_PADDING_BLOCK;
  return dnsPacket.encode(build(padding));
}

/** A query name we are willing to send: printable ASCII labels of 1..63 octets, 253 in all. */
export function isValidQueryName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  return name
    .split('.')
    .every((label) => label.length > 0 && label.length <= 63 && /^[\x21-\x7e]+$/.test(label));
}

export type DecodedMessage = { ok: true; message: dnsPacket.Packet } | { ok: false; why: string };

/**
 * Decodes a response defensively. The library is lenient (it reads past the end of a buffer as
 * zeros and ignores RDLENGTH for fixed-size types), so the message's framing is walked first and the
 * library must then account for exactly the same octets.
 */
export function decodeMessage(bytes: Uint8Array): DecodedMessage {
  if (bytes.length > MAX_MESSAGE_BYTES)
    return { ok: false, why: `${bytes.length} bytes, more than a DNS message` };
  const framing = walkFraming(bytes);
  if (typeof framing === 'string') return { ok: false, why: framing };
  try {
    const message = dnsPacket.decode(bytes);
    const consumed = (dnsPacket.decode as unknown as { bytes: number }).bytes;
    if (consumed !== framing) return { ok: false, why: 'record data does not match its length' };
    return { ok: true, message };
  } catch (error) {
    return { ok: false, why: error instanceof Error ? error.message : String(error) };
  }
}

/** Returns the length of the framed message, or why it cannot be one (RFC 1035 §4.1). */
function walkFraming(bytes: Uint8Array): number | string {
  if (bytes.length < 12) return `${bytes.length} bytes, shorter than a DNS header`;
  const count = (at: number): number => ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
  let offset = 12;
  for (let q = 0; q < count(4); q++) {
    offset = skipName(bytes, offset) + 4;
    if (offset > bytes.length) return 'truncated in the question section';
  }
  const records = count(6) + count(8) + count(10);
  for (let r = 0; r < records; r++) {
    offset = skipName(bytes, offset) + 10;
    if (offset > bytes.length) return 'truncated in a record header';
    offset += count(offset - 2);
    if (offset > bytes.length) return 'truncated in record data';
  }
  return offset;
}

/** Offset after a (possibly compressed) name; past the end of the buffer when it is cut short. */
function skipName(bytes: Uint8Array, start: number): number {
  let offset = start;
  while (offset < bytes.length) {
    const length = bytes[offset] ?? 0;
    if (length === 0) return offset + 1;
    if ((length & 0xc0) === 0xc0) return offset + 2;
    if ((length & 0xc0) !== 0) return Number.POSITIVE_INFINITY;
    offset += 1 + length;
  }
  return Number.POSITIVE_INFINITY;
}

/** RFC 4648 §5 base64url without padding, as RFC 8484 §4.1 requires for `?dns=`. */
export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return trimEnd(btoa(binary).replace(/\+/g, '-').replace(/\//g, '_'), '=');
}
