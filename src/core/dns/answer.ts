import { rcodeName, type WireMessage, type WireQuestion, type WireRecord } from './message.ts';
import type { DnsAnswer, DnsFailure, DnsRecord, DnsResult, RecordData, RRType } from './types.ts';

export interface Question {
  /** Lower case, no trailing dot. */
  name: string;
  type: RRType;
  cd: boolean;
}

export interface InterpretedResponse {
  result: DnsResult;
  /** Seconds the result may be reused; 0 = do not cache. */
  cacheSeconds: number;
}

/** Resolvers cap positive TTLs at a day (Unbound's cache-max-ttl); a week-long TTL should not pin a report. */
const MAX_POSITIVE_SECONDS = 86_400;
/** RFC 2308 §5: negative answers should not be cached for more than a few hours. */
const MAX_NEGATIVE_SECONDS = 10_800;
const MAX_CNAME_HOPS = 16;

/** The meaning of a decoded response to `question`: an answer, or why there is none. */
export function interpretResponse(message: WireMessage, question: Question): InterpretedResponse {
  const fail = (reason: DnsFailure['reason'], text: string): InterpretedResponse => ({
    result: { ok: false, name: question.name, type: question.type, reason, message: text },
    cacheSeconds: 0,
  });
  if (!message.qr) return fail('malformed', 'the resolver sent a query back, not a response (QR bit clear)');
  // RFC 8484 §5.1 forbids truncation over HTTP; a TC answer is incomplete and must not be read as "no records".
  if (message.tc) return fail('malformed', 'the answer was truncated (TC bit set)');
  const rcode = rcodeName(message.rcode);
  const questions = message.questions;
  if (questions.length === 0 && rcode !== 'NOERROR' && rcode !== 'NXDOMAIN') return rcodeFailure(rcode, fail);
  const echoed = questions[0];
  if (questions.length !== 1 || !echoed || !sameQuestion(echoed, question)) {
    const asked = echoed ? `${normalizeName(String(echoed.name))} ${String(echoed.type)}` : 'no question';
    return fail(
      'mismatch',
      `the answer is for another question (${asked}), not ${question.name} ${question.type}`,
    );
  }
  if (rcode !== 'NOERROR' && rcode !== 'NXDOMAIN') return rcodeFailure(rcode, fail);
  // RFC 6891 §6.1.3: the OPT record carries the upper 8 bits of the RCODE; non-zero there (BADVERS…)
  // means the four header bits alone do not say NOERROR.
  const extended = extendedRcodeOf(message);
  if (extended !== 0)
    return fail('servfail', `the resolver answered extended RCODE ${(extended << 4) | message.rcode}`);
  return answerOf(message, question, rcode);
}

function rcodeFailure(
  rcode: string,
  fail: (reason: DnsFailure['reason'], text: string) => InterpretedResponse,
): InterpretedResponse {
  if (rcode === 'SERVFAIL')
    return fail('servfail', 'the resolver answered SERVFAIL (it could not get or validate an answer)');
  if (rcode === 'REFUSED') return fail('refused', 'the resolver refused the query (REFUSED)');
  return fail('servfail', `the resolver answered ${rcode || 'an unknown error code'}`);
}

function extendedRcodeOf(message: WireMessage): number {
  const opt = message.additionals.find((r) => r.type === 'OPT')?.data as
    | { extendedRcode?: unknown }
    | undefined;
  return typeof opt?.extendedRcode === 'number' ? opt.extendedRcode : 0;
}

function sameQuestion(echoed: WireQuestion, question: Question): boolean {
  const klass = echoed.class;
  return (
    normalizeName(String(echoed.name)) === question.name &&
    String(echoed.type) === question.type &&
    klass === 'IN'
  );
}

function answerOf(
  message: WireMessage,
  question: Question,
  rcode: 'NOERROR' | 'NXDOMAIN',
): InterpretedResponse {
  const answers = message.answers.filter((r) => r.class === 'IN');
  const chain = followCnames(answers, question);
  if (!chain.ok) {
    return {
      result: {
        ok: false,
        name: question.name,
        type: question.type,
        reason: 'cname-chain',
        message: chain.why,
      },
      cacheSeconds: 0,
    };
  }
  const { finalName, cnames, chainTtls } = chain;
  const rrset: DnsRecord[] = [];
  for (const raw of answers) {
    if (raw.type !== question.type || normalizeName(raw.name) !== finalName) continue;
    const data = recordDataOf(question.type, raw.data);
    if (data !== null) rrset.push({ name: finalName, type: question.type, ttl: ttlOf(raw), data });
  }
  const records = inRecordOrder(rrset);
  const answer: DnsAnswer = {
    ok: true,
    name: question.name,
    type: question.type,
    rcode,
    ad: message.ad,
    records,
    cnames,
  };
  let cacheSeconds: number;
  if (records.length > 0) {
    // A loop, not a spread: an answer may hold thousands of records (Math.min(...) would overflow the stack).
    cacheSeconds = MAX_POSITIVE_SECONDS;
    for (const ttl of chainTtls) cacheSeconds = Math.min(cacheSeconds, ttl);
    for (const record of records) cacheSeconds = Math.min(cacheSeconds, record.ttl);
  } else {
    cacheSeconds = negativeCacheSeconds(message, chainTtls);
  }
  return { result: answer, cacheSeconds };
}

/**
 * One order for an RRset, whatever order the server sent: an RRset has none (RFC 2181 §5), and
 * resolvers rotate it, so that the same DNS gives the same report every time (a daily `--json`
 * diff shows only real changes, findings that quote several records read the same). Addresses in
 * numeric order, anything else by its text.
 */
function inRecordOrder(records: DnsRecord[]): DnsRecord[] {
  return records
    .map((record) => ({ record, key: orderKey(record) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ record }) => record);
}

function orderKey({ type, data }: DnsRecord): string {
  if (typeof data !== 'string') return JSON.stringify(data) ?? '';
  // The codec writes addresses in one canonical form (RFC 5952 for IPv6): expanded and zero-padded,
  // their text sorts as their numbers do.
  if (type === 'A')
    return data
      .split('.')
      .map((octet) => octet.padStart(3, '0'))
      .join('.');
  if (type === 'AAAA') {
    const [head = '', tail] = data.split('::');
    const left = head ? head.split(':') : [];
    const right = tail ? tail.split(':') : [];
    const groups =
      tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
    return groups.map((group) => group.padStart(4, '0')).join(':');
  }
  return data;
}

type Chain =
  | { ok: true; finalName: string; cnames: string[]; chainTtls: number[] }
  | { ok: false; why: string };

/**
 * The CNAME chain from the asked name (RFC 1034 §4.3.2): a resolver puts it in the answer section.
 * A chain that comes back to a name already seen, or that goes on past {@link MAX_CNAME_HOPS}, has
 * no end to read records at (RFC 1034 §3.6.2): it is a failure, never "no records".
 */
function followCnames(answers: WireRecord[], question: Question): Chain {
  const cnames: string[] = [];
  const chainTtls: number[] = [];
  let current = question.name;
  if (question.type === 'CNAME') return { ok: true, finalName: current, cnames, chainTtls };
  // Owner name → its CNAME, indexed once: following a chain is then linear in the answer's size.
  const links = new Map<string, WireRecord>();
  for (const record of answers) {
    if (record.type !== 'CNAME' || typeof record.data !== 'string') continue;
    const owner = normalizeName(record.name);
    if (!links.has(owner)) links.set(owner, record);
  }
  const seen = new Set([current]);
  for (;;) {
    const link = links.get(current);
    if (!link) return { ok: true, finalName: current, cnames, chainTtls };
    const target = normalizeName(String(link.data));
    if (seen.has(target)) {
      return { ok: false, why: `the answer's CNAME chain loops back to ${clip(target)}` };
    }
    if (cnames.length >= MAX_CNAME_HOPS) {
      return { ok: false, why: `the answer's CNAME chain is longer than ${MAX_CNAME_HOPS} names` };
    }
    cnames.push(target);
    chainTtls.push(ttlOf(link));
    seen.add(target);
    current = target;
  }
}

function clip(name: string): string {
  return name.length > 255 ? `${name.slice(0, 255)}…` : name;
}

/** RFC 2308 §5: a negative answer lives min(SOA TTL, SOA MINIMUM); without an SOA it is not cached. */
function negativeCacheSeconds(message: WireMessage, chainTtls: number[]): number {
  const soa = message.authorities.find((r) => r.type === 'SOA');
  if (!soa) return 0;
  const data = soa.data as { minimum?: unknown } | undefined;
  const minimum = typeof data?.minimum === 'number' ? data.minimum : 0;
  let seconds = Math.min(MAX_NEGATIVE_SECONDS, ttlOf(soa), minimum);
  for (const ttl of chainTtls) seconds = Math.min(seconds, ttl);
  return seconds;
}

function ttlOf(record: WireRecord): number {
  return typeof record.ttl === 'number' && Number.isFinite(record.ttl) ? record.ttl : 0;
}

/** Lower case without the trailing dot; the root is "". */
export function normalizeName(name: string): string {
  const lower = String(name).toLowerCase();
  return lower === '.' ? '' : lower.replace(/\.$/, '');
}

/** The contract's shape of one record's data (types.ts), or null when the data is not of that type. */
export function recordDataOf(type: RRType, data: unknown): RecordData | null {
  switch (type) {
    case 'A':
    case 'AAAA':
      return typeof data === 'string' ? data.toLowerCase() : null;
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return typeof data === 'string' ? normalizeName(data) : null;
    case 'TXT':
      return txtOf(data);
    case 'MX': {
      const mx = data as { preference?: unknown; exchange?: unknown } | null;
      if (!mx || typeof mx.exchange !== 'string') return null;
      return {
        preference: typeof mx.preference === 'number' ? mx.preference : 0,
        exchange: normalizeName(mx.exchange),
      };
    }
    case 'SOA': {
      const soa = data as { mname?: unknown; rname?: unknown; serial?: unknown; minimum?: unknown } | null;
      if (!soa || typeof soa.mname !== 'string' || typeof soa.rname !== 'string') return null;
      return {
        mname: normalizeName(soa.mname),
        rname: normalizeName(soa.rname),
        serial: typeof soa.serial === 'number' ? soa.serial : 0,
        minimum: typeof soa.minimum === 'number' ? soa.minimum : 0,
      };
    }
    default:
      return presentationOf(type, data);
  }
}

/** RFC 7208 §3.3: the strings of one TXT record are concatenated without separators. */
function txtOf(data: unknown): string | null {
  const parts = Array.isArray(data) ? data : [data];
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    if (part instanceof Uint8Array) chunks.push(part);
    else if (typeof part === 'string') chunks.push(new TextEncoder().encode(part));
    else return null;
  }
  const joined = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  // Not fatal: a TXT record is bytes, and a stray non-UTF-8 byte must not hide the rest of the record.
  return new TextDecoder('utf-8').decode(joined);
}

function presentationOf(type: RRType, data: unknown): string | null {
  if (data instanceof Uint8Array) return `\\# ${data.length} ${hex(data)}`; // RFC 3597 §5
  if (typeof data !== 'object' || data === null) return null;
  const d = data as { [key: string]: unknown };
  if (type === 'DS' && d.digest instanceof Uint8Array) {
    return `${String(d.keyTag)} ${String(d.algorithm)} ${String(d.digestType)} ${hex(d.digest).toUpperCase()}`;
  }
  if (type === 'DNSKEY' && d.key instanceof Uint8Array) {
    return `${String(d.flags)} 3 ${String(d.algorithm)} ${base64(d.key)}`;
  }
  if (type === 'CAA' && typeof d.tag === 'string') {
    return `${String(d.flags ?? 0)} ${d.tag} "${String(d.value ?? '')}"`;
  }
  return null;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
