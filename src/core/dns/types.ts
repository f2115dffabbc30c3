/** Record types the core asks for. */
export type RRType = 'A' | 'AAAA' | 'CNAME' | 'MX' | 'TXT' | 'NS' | 'SOA' | 'DS' | 'DNSKEY' | 'PTR' | 'CAA';

export interface MxData {
  preference: number;
  /** Lower case, no trailing dot; "" for the null MX root target. */
  exchange: string;
}

export interface SoaData {
  mname: string;
  rname: string;
  serial: number;
  minimum: number;
}

export type RecordData = string | MxData | SoaData;

export interface DnsRecord {
  /** Owner name, lower case, no trailing dot. */
  name: string;
  type: RRType | string;
  ttl: number;
  /**
   * A/AAAA: address; CNAME/NS/PTR: host (lower case, no trailing dot);
   * TXT: the record's strings joined without separators (RFC 7208 §3.3); MX: MxData; SOA: SoaData;
   * other types: a presentation string.
   */
  data: RecordData;
}

/** NOERROR (possibly NODATA: no records of the type) or NXDOMAIN: the resolver gave an answer. */
export interface DnsAnswer {
  ok: true;
  name: string;
  type: RRType;
  rcode: 'NOERROR' | 'NXDOMAIN';
  /** Authenticated Data bit (RFC 4035): the resolver validated the answer. */
  ad: boolean;
  /** Records of the asked type for the asked name, after following CNAMEs in the answer. */
  records: DnsRecord[];
  /** CNAME chain seen in the answer section, in order (targets, lower case). */
  cnames: string[];
}

export type DnsFailureReason =
  | 'timeout'
  | 'network'
  | 'http'
  | 'not-dns'
  | 'too-large'
  | 'malformed'
  | 'mismatch'
  | 'servfail'
  | 'refused'
  /** The query was not sent: the resolver URL breaks the endpoint rules (https only). */
  | 'blocked'
  /** The answer's CNAME chain loops or is longer than any resolver follows (RFC 1034 §3.6.2). */
  | 'cname-chain';

/** The lookup could not be answered: never to be read as "no records". */
export interface DnsFailure {
  ok: false;
  name: string;
  type: RRType;
  reason: DnsFailureReason;
  message: string;
}

export type DnsResult = DnsAnswer | DnsFailure;

export interface QueryOptions {
  /** Checking Disabled bit: ask the resolver not to validate (used to tell "bogus" from "down"). */
  cd?: boolean;
  /** Cancels this caller's wait (and the request, when no one else waits for the same answer). */
  signal?: AbortSignal | undefined;
}

export interface Resolver {
  query(name: string, type: RRType, options?: QueryOptions): Promise<DnsResult>;
}
