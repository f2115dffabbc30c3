/**
 * The DNS message format (RFC 1035 §4), for exactly what the core sends and reads: one query with
 * EDNS0, and responses whose records of the types it asks for (types.ts RRType) are decoded to
 * their fields. Written here rather than taken from a general library because a general one carries
 * codecs for 30 types the core never reads (7 kB gzip of the worker's 100 kB budget), and because
 * it must be strict where libraries are lenient: every record's data must be exactly as long as its
 * RDLENGTH says, every name must stay inside the message and point only backwards, or the whole
 * message is refused. Records of other types keep their data as bytes (RFC 3597).
 */

export interface WireQuestion {
  name: string;
  type: string;
  class: string;
}

export interface WireRecord {
  /** As on the wire: labels joined by dots, "." for the root. */
  name: string;
  /** The mnemonic (A, MX…), or TYPE<n> (RFC 3597 §5) for the others. */
  type: string;
  class: string;
  ttl: number;
  /**
   * A/AAAA: address text; CNAME/NS/PTR: a name; MX: { preference, exchange }; TXT: its strings as
   * bytes; SOA: its seven fields; DS, DNSKEY, CAA: their fields; OPT: { extendedRcode }; any other
   * type: the data's bytes.
   */
  data: unknown;
}

export interface WireMessage {
  qr: boolean;
  tc: boolean;
  ad: boolean;
  /** The header's four bits, with the OPT record's upper eight in `extendedRcode` (RFC 6891 §6.1.3). */
  rcode: number;
  questions: WireQuestion[];
  answers: WireRecord[];
  authorities: WireRecord[];
  additionals: WireRecord[];
}

const TYPE_CODES = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  OPT: 41,
  DS: 43,
  DNSKEY: 48,
  CAA: 257,
} as const;
const TYPE_NAMES = new Map<number, string>(Object.entries(TYPE_CODES).map(([name, code]) => [code, name]));
const CLASS_IN = 1;
const RCODE_NAMES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];

/** The mnemonic of a header RCODE (RFC 1035 §4.1.1, RFC 6895 §2.3), or RCODE<n>. */
export function rcodeName(code: number): string {
  return RCODE_NAMES[code] ?? `RCODE${code}`;
}

const FLAG_QR = 0x8000;
const FLAG_TC = 0x0200;
const FLAG_RD = 0x0100;
const FLAG_AD = 0x0020;
const FLAG_CD = 0x0010;
/** RFC 3225: the DO bit, in the OPT record's TTL field. */
const EDNS_DO = 0x8000;
/** RFC 7830: the Padding option. */
const OPTION_PADDING = 12;
const MAX_NAME_OCTETS = 255;
/** Not fatal: a stray byte in a label or a CAA value becomes U+FFFD rather than refusing the answer. */
const UTF8 = new TextDecoder();
/** Query names are validated printable ASCII (wire.ts), which UTF-8 encodes byte for byte. */
const ASCII = new TextEncoder();

export interface QueryOptions {
  /** RFC 4035 §3.2.2: Checking Disabled. */
  cd: boolean;
  /** EDNS0 UDP payload size (RFC 6891 §6.2.3). */
  udpPayload: number;
  /** RFC 8467 §4.1 block-length padding: the whole message a multiple of this many octets. */
  paddingBlock: number;
}

/**
 * One query: id 0 (RFC 8484 §4.1, so that identical queries are identical bytes), RD, CD when asked,
 * and an OPT record with the DO bit and padding. `name` is a validated host name (wire.ts).
 */
export function encodeQuery(name: string, type: keyof typeof TYPE_CODES, options: QueryOptions): Uint8Array {
  const labels = name === '' || name === '.' ? [] : name.replace(/\.$/, '').split('.');
  const encoded = labels.map((label) => ASCII.encode(label));
  const nameLength = encoded.reduce((n, label) => n + 1 + label.length, 1);
  // Header 12, question name + 4, OPT: root name 1 + 10, Padding option header 4.
  const unpadded = 12 + nameLength + 4 + 11 + 4;
  const padding = (options.paddingBlock - (unpadded % options.paddingBlock)) % options.paddingBlock;
  const bytes = new Uint8Array(unpadded + padding);
  const view = new DataView(bytes.buffer);
  view.setUint16(2, FLAG_RD | (options.cd ? FLAG_CD : 0));
  view.setUint16(4, 1);
  view.setUint16(10, 1);
  let at = 12;
  for (const label of encoded) {
    bytes[at++] = label.length;
    bytes.set(label, at);
    at += label.length;
  }
  at += 1;
  view.setUint16(at, TYPE_CODES[type]);
  view.setUint16(at + 2, CLASS_IN);
  at += 4 + 1;
  view.setUint16(at, TYPE_CODES.OPT);
  view.setUint16(at + 2, options.udpPayload);
  view.setUint32(at + 4, EDNS_DO);
  view.setUint16(at + 8, 4 + padding);
  view.setUint16(at + 10, OPTION_PADDING);
  view.setUint16(at + 12, padding);
  return bytes;
}

/** Why a message cannot be read; thrown inside the decoder only, returned as text by decodeWire. */
class Malformed extends Error {}

/**
 * A response as the fields above, or why it is not a DNS message. Every section is read, and the
 * message must end where its last record does.
 */
export function decodeWire(
  bytes: Uint8Array,
): { ok: true; message: WireMessage } | { ok: false; why: string } {
  try {
    return { ok: true, message: new Reader(bytes).message() };
  } catch (error) {
    if (error instanceof Malformed) return { ok: false, why: error.message };
    throw error;
  }
}

class Reader {
  private readonly view: DataView;
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  message(): WireMessage {
    if (this.bytes.length < 12) throw new Malformed(`${this.bytes.length} bytes, shorter than a DNS header`);
    const flags = this.view.getUint16(2);
    const counts = [
      this.view.getUint16(4),
      this.view.getUint16(6),
      this.view.getUint16(8),
      this.view.getUint16(10),
    ];
    this.at = 12;
    const questions: WireQuestion[] = [];
    for (let i = 0; i < (counts[0] ?? 0); i++) {
      const name = this.name(this.at, 'the question section');
      this.need(4, 'the question section');
      questions.push({
        name,
        type: typeName(this.view.getUint16(this.at)),
        class: className(this.view.getUint16(this.at + 2)),
      });
      this.at += 4;
    }
    const sections = [counts[1] ?? 0, counts[2] ?? 0, counts[3] ?? 0].map((count) => {
      const records: WireRecord[] = [];
      for (let i = 0; i < count; i++) records.push(this.record());
      return records;
    });
    if (this.at !== this.bytes.length) throw new Malformed('record data does not match its length');
    return {
      qr: (flags & FLAG_QR) !== 0,
      tc: (flags & FLAG_TC) !== 0,
      ad: (flags & FLAG_AD) !== 0,
      rcode: flags & 0x0f,
      questions,
      answers: sections[0] ?? [],
      authorities: sections[1] ?? [],
      additionals: sections[2] ?? [],
    };
  }

  private record(): WireRecord {
    const name = this.name(this.at, 'a record header');
    this.need(10, 'a record header');
    const code = this.view.getUint16(this.at);
    const klass = this.view.getUint16(this.at + 2);
    const ttl = this.view.getUint32(this.at + 4);
    const length = this.view.getUint16(this.at + 8);
    this.at += 10;
    this.need(length, 'record data');
    const start = this.at;
    const end = start + length;
    const type = typeName(code);
    const data = this.data(code, start, end);
    this.at = end;
    if (code === TYPE_CODES.OPT)
      return { name, type, class: String(klass), ttl, data: { extendedRcode: ttl >>> 24 } };
    return { name, type, class: className(klass), ttl, data };
  }

  /** The data of a record between `start` and `end`, decoded for the types the core reads. */
  private data(code: number, start: number, end: number): unknown {
    const length = end - start;
    const exactly = (octets: number) => {
      if (length !== octets) throw new Malformed('record data does not match its length');
    };
    const atLeast = (octets: number) => {
      if (length < octets) throw new Malformed('record data does not match its length');
    };
    const nameFilling = (from: number) => {
      const { name, next } = this.nameAt(from, 'record data');
      if (next !== end) throw new Malformed('record data does not match its length');
      return name;
    };
    switch (code) {
      case TYPE_CODES.A:
        exactly(4);
        return Array.from(this.bytes.subarray(start, end)).join('.');
      case TYPE_CODES.AAAA:
        exactly(16);
        return ipv6Text(this.bytes.subarray(start, end));
      case TYPE_CODES.CNAME:
      case TYPE_CODES.NS:
      case TYPE_CODES.PTR:
        return nameFilling(start);
      case TYPE_CODES.MX:
        atLeast(3);
        return { preference: this.view.getUint16(start), exchange: nameFilling(start + 2) };
      case TYPE_CODES.TXT: {
        const strings: Uint8Array[] = [];
        for (let at = start; at < end; ) {
          const size = this.bytes[at] ?? 0;
          if (at + 1 + size > end) throw new Malformed('record data does not match its length');
          strings.push(this.bytes.slice(at + 1, at + 1 + size));
          at += 1 + size;
        }
        return strings;
      }
      case TYPE_CODES.SOA: {
        const mname = this.nameAt(start, 'record data');
        const rname = this.nameAt(mname.next, 'record data');
        if (end - rname.next !== 20) throw new Malformed('record data does not match its length');
        const field = (i: number) => this.view.getUint32(rname.next + 4 * i);
        return {
          mname: mname.name,
          rname: rname.name,
          serial: field(0),
          refresh: field(1),
          retry: field(2),
          expire: field(3),
          minimum: field(4),
        };
      }
      case TYPE_CODES.DS:
        atLeast(4);
        return {
          keyTag: this.view.getUint16(start),
          algorithm: this.bytes[start + 2],
          digestType: this.bytes[start + 3],
          digest: this.bytes.slice(start + 4, end),
        };
      case TYPE_CODES.DNSKEY:
        atLeast(4);
        return {
          flags: this.view.getUint16(start),
          algorithm: this.bytes[start + 3],
          key: this.bytes.slice(start + 4, end),
        };
      case TYPE_CODES.CAA: {
        atLeast(2);
        const tagLength = this.bytes[start + 1] ?? 0;
        if (2 + tagLength > length) throw new Malformed('record data does not match its length');
        const text = (from: number, to: number) => UTF8.decode(this.bytes.subarray(from, to));
        return {
          flags: this.bytes[start],
          tag: text(start + 2, start + 2 + tagLength),
          value: text(start + 2 + tagLength, end),
        };
      }
      case TYPE_CODES.OPT:
        return null;
      default:
        return this.bytes.slice(start, end);
    }
  }

  private name(from: number, where: string): string {
    const { name, next } = this.nameAt(from, where);
    this.at = next;
    return name;
  }

  /**
   * The name at `from` and the offset after it (after its first pointer, if any). A pointer must go
   * back to before the labels read so far, as a compressor's pointers to names written earlier do,
   * so that a name always ends; the name may not grow past 255 octets (RFC 1035 §3.1).
   */
  private nameAt(from: number, where: string): { name: string; next: number } {
    const labels: string[] = [];
    let at = from;
    let next = -1;
    let octets = 1;
    // Where the labels being read began: a pointer must go below it, so every jump goes further back.
    let floor = from;
    for (;;) {
      if (at >= this.bytes.length) throw new Malformed(`truncated in ${where}`);
      const length = this.bytes[at] ?? 0;
      if (length === 0) {
        if (next < 0) next = at + 1;
        break;
      }
      if ((length & 0xc0) === 0xc0) {
        if (at + 1 >= this.bytes.length) throw new Malformed(`truncated in ${where}`);
        const target = ((length & 0x3f) << 8) | (this.bytes[at + 1] ?? 0);
        if (target >= floor) throw new Malformed('a name points forward or into itself (compression loop)');
        if (next < 0) next = at + 2;
        at = target;
        floor = target;
        continue;
      }
      if ((length & 0xc0) !== 0) throw new Malformed('a name uses a reserved label type');
      if (at + 1 + length > this.bytes.length) throw new Malformed(`truncated in ${where}`);
      octets += 1 + length;
      if (octets > MAX_NAME_OCTETS) throw new Malformed('a name is longer than 255 octets');
      labels.push(UTF8.decode(this.bytes.subarray(at + 1, at + 1 + length)));
      at += 1 + length;
    }
    return { name: labels.length === 0 ? '.' : labels.join('.'), next };
  }

  private need(octets: number, where: string): void {
    if (this.at + octets > this.bytes.length) throw new Malformed(`truncated in ${where}`);
  }
}

function typeName(code: number): string {
  return TYPE_NAMES.get(code) ?? `TYPE${code}`;
}

function className(code: number): string {
  return code === CLASS_IN ? 'IN' : `CLASS${code}`;
}

/** RFC 5952 §4: lower case, no leading zeros, the longest run of two or more zero fields as "::". */
function ipv6Text(bytes: Uint8Array): string {
  const fields: number[] = [];
  for (let i = 0; i < 16; i += 2) fields.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (fields[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && fields[j] === 0) j++;
    if (j - i > bestLength) {
      best = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (list: number[]) => list.map((field) => field.toString(16)).join(':');
  if (best < 0) return hex(fields);
  return `${hex(fields.slice(0, best))}::${hex(fields.slice(best + bestLength))}`;
}
