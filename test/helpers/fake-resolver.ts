import type {
  DnsFailureReason,
  DnsRecord,
  DnsResult,
  MxData,
  QueryOptions,
  RecordData,
  Resolver,
  RRType,
} from '../../src/core/dns/types.ts';

/**
 * An in-memory Resolver for unit tests of check modules. Names absent from the zone are NXDOMAIN,
 * unless a name below them is present: like a real server, such an empty non-terminal answers NODATA
 * (RFC 8020 §2: NXDOMAIN means nothing exists below). Present names without the asked type are
 * NODATA. A CNAME at a name is followed like a resolver would.
 * For behaviour against real DNS, use the stack in test/stack instead.
 */
export interface FakeZoneEntry {
  A?: string[];
  AAAA?: string[];
  CNAME?: string;
  MX?: MxData[];
  TXT?: string[];
  NS?: string[];
  SOA?: RecordData;
  /** Make this name answer with a typed failure for every type (or only the listed ones). */
  fail?: { reason: DnsFailureReason; types?: RRType[] };
}

export interface FakeResolver extends Resolver {
  /** Every query asked, as "name TYPE" (with "+cd" when the CD bit was set). */
  log: string[];
}

export function fakeResolver(
  zone: Record<string, FakeZoneEntry>,
  options: { ad?: boolean } = {},
): FakeResolver {
  const log: string[] = [];
  const entries = new Map(Object.entries(zone).map(([name, entry]) => [normalize(name), entry]));
  return {
    log,
    async query(rawName: string, type: RRType, queryOptions?: QueryOptions): Promise<DnsResult> {
      const name = normalize(rawName);
      log.push(`${name} ${type}${queryOptions?.cd ? ' +cd' : ''}`);
      const cnames: string[] = [];
      let current = name;
      for (let hop = 0; hop < 8; hop++) {
        const entry = entries.get(current);
        if (entry?.fail && (!entry.fail.types || entry.fail.types.includes(type))) {
          return { ok: false, name, type, reason: entry.fail.reason, message: `${entry.fail.reason} (fake)` };
        }
        if (!entry) {
          const rcode = hasDescendant(entries, current) ? 'NOERROR' : 'NXDOMAIN';
          return { ok: true, name, type, rcode, ad: options.ad ?? false, records: [], cnames };
        }
        if (entry.CNAME && type !== 'CNAME') {
          cnames.push(normalize(entry.CNAME));
          current = normalize(entry.CNAME);
          continue;
        }
        const records = recordsOf(current, type, entry);
        return { ok: true, name, type, rcode: 'NOERROR', ad: options.ad ?? false, records, cnames };
      }
      return { ok: false, name, type, reason: 'servfail', message: 'CNAME loop (fake)' };
    },
  };
}

function recordsOf(name: string, type: RRType, entry: FakeZoneEntry): DnsRecord[] {
  const data: RecordData[] =
    type === 'CNAME'
      ? entry.CNAME
        ? [normalize(entry.CNAME)]
        : []
      : type === 'SOA'
        ? entry.SOA
          ? [entry.SOA]
          : []
        : ((entry[type as 'A' | 'AAAA' | 'MX' | 'TXT' | 'NS'] ?? []) as RecordData[]);
  return data.map((d) => ({
    name,
    type,
    ttl: 300,
    data: typeof d === 'object' && 'exchange' in d ? { ...d, exchange: normalize(d.exchange) } : d,
  }));
}

function hasDescendant(entries: Map<string, FakeZoneEntry>, name: string): boolean {
  for (const other of entries.keys()) if (other.endsWith(`.${name}`)) return true;
  return false;
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}
