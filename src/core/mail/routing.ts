import type { DnsFailure, DnsResult, MxData, Resolver } from '../dns/types.ts';
import { isSameOrSubdomain } from '../domain.ts';
import type { FindingSpec, MxHost, ProviderRef, ReportError } from '../types.ts';
import { dnsError, memoizedQuery, normalizeHost } from './dns-answers.ts';
import {
  inferMailboxProvider,
  isHighAvailability,
  type ProviderEntry,
  providerById,
  providerForMxHost,
  SELF_HOSTED_ID,
  toProviderRef,
} from './providers.ts';

export interface RoutingContext {
  /** The apex TXT answer, when the caller already asked for it (the SPF check needs it too). */
  txt?: DnsResult | Promise<DnsResult>;
  /** The MX answer, when the caller already asked for it (MTA-STS coverage needs it too). */
  mx?: Promise<DnsResult>;
}

export interface RoutingAnalysis {
  mx: MxHost[];
  acceptsMail: boolean;
  provider: ProviderRef | null;
  gateway: ProviderRef | null;
  /** DKIM selectors of the detected mailbox provider, for the DKIM check to try first. */
  dkimSelectors: string[];
  /** The MX points at a service in the catalogue, which runs redundant receiving servers. */
  highAvailability: boolean;
  findings: FindingSpec[];
  errors: ReportError[];
}

/** Where the domain's mail goes and what is wrong with the way there (docs/checks.md, "Mail: routing"). */
export async function analyzeRouting(
  domain: string,
  resolver: Resolver,
  context: RoutingContext = {},
): Promise<RoutingAnalysis> {
  const apex = normalizeHost(domain);
  const ask = memoizedQuery(resolver);
  // Everything that depends only on the domain goes out together; MX host addresses follow the MX.
  const mxAnswer = context.mx ?? ask(apex, 'MX');
  const apexAddresses = Promise.all([ask(apex, 'A'), ask(apex, 'AAAA')]);
  const apexTxt = context.txt ? Promise.resolve(context.txt) : ask(apex, 'TXT');

  const result: RoutingAnalysis = {
    mx: [],
    acceptsMail: true,
    provider: null,
    gateway: null,
    dkimSelectors: [],
    highAvailability: false,
    findings: [],
    errors: [],
  };

  const mx = await mxAnswer;
  if (!mx.ok) {
    // An unanswered MX query says nothing about the domain's mail: an error, never a finding.
    result.errors.push(dnsError(mx));
    return result;
  }
  const records = mxRecordsOf(mx);
  if (records.length === 0) {
    // RFC 5321 §5.1: without MX, senders try the domain's own address (the "implicit MX").
    result.findings.push({ id: 'mail.no-mx', severity: 'warning', args: [apex] });
    return result;
  }
  if (isNullMx(records)) {
    result.acceptsMail = false;
    result.mx = records.map((record) => ({ ...record, addresses: [] }));
    result.findings.push({ id: 'mail.null-mx', severity: 'info', args: [apex] });
    return result;
  }

  const hosts = await resolveMxHosts(records, ask);
  result.mx = records.map((record) => toMxHost(record, hosts.get(record.exchange)));
  for (const host of hosts.values()) result.errors.push(...host.failures.map(dnsError));

  const detected = await detectProviders(apex, [...hosts.values()], apexTxt, context.txt !== undefined);
  result.provider = detected.provider ? toProviderRef(detected.provider) : null;
  result.gateway = detected.gateway ? toProviderRef(detected.gateway) : null;
  result.dkimSelectors = [...(detected.provider?.dkimSelectors ?? [])];
  result.highAvailability = detected.highAvailability;
  result.errors.push(...detected.errors);

  const [apexA, apexAAAA] = await apexAddresses;
  for (const answer of [apexA, apexAAAA]) if (!answer.ok) result.errors.push(dnsError(answer));
  const webAddresses = [...addressesOf(apexA), ...addressesOf(apexAAAA)];

  result.findings.push(...hostFindings([...hosts.values()], detected.highAvailability, webAddresses, apex));
  return result;
}

interface MxRecord {
  preference: number;
  exchange: string;
}

/**
 * MX data from the resolver, validated (it came off the wire), sorted by preference. Resolvers may
 * rotate records of equal preference (RFC 5321 §5.1 leaves their order to the sender), so within
 * one preference the exchange name decides: the same domain always shows the same list.
 */
function mxRecordsOf(answer: DnsResult & { ok: true }): MxRecord[] {
  const records: MxRecord[] = [];
  for (const record of answer.records) {
    if (record.type !== 'MX' || !isMxData(record.data)) continue;
    records.push({ preference: record.data.preference, exchange: normalizeHost(record.data.exchange) });
  }
  return records.sort((a, b) => a.preference - b.preference || byCodePoint(a.exchange, b.exchange));
}

/** Locale-independent, so every machine and surface agrees on the order. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isMxData(data: unknown): data is MxData {
  if (typeof data !== 'object' || data === null) return false;
  const { preference, exchange } = data as Record<string, unknown>;
  return typeof preference === 'number' && Number.isInteger(preference) && typeof exchange === 'string';
}

/** RFC 7505 §3: exactly one MX, preference 0, target the root (""). */
function isNullMx(records: MxRecord[]): boolean {
  return records.length === 1 && records[0]?.exchange === '' && records[0].preference === 0;
}

interface ResolvedHost {
  exchange: string;
  isIpLiteral: boolean;
  /** A root ("") target that is not a proper null MX (mixed with other MX, or preference > 0): it never resolves. */
  isRoot: boolean;
  addresses: string[];
  /** The CNAME chain the exchange led to (RFC 2181 §10.3 forbids an alias here). */
  cnames: string[];
  /** NXDOMAIN or NODATA for both A and AAAA: a dangling MX. */
  unresolvable: boolean;
  failures: DnsFailure[];
}

async function resolveMxHosts(
  records: MxRecord[],
  ask: ReturnType<typeof memoizedQuery>,
): Promise<Map<string, ResolvedHost>> {
  const exchanges = [...new Set(records.map((record) => record.exchange))];
  const hosts = await Promise.all(exchanges.map((exchange) => resolveMxHost(exchange, ask)));
  return new Map(hosts.map((host) => [host.exchange, host]));
}

async function resolveMxHost(exchange: string, ask: ReturnType<typeof memoizedQuery>): Promise<ResolvedHost> {
  const host: ResolvedHost = {
    exchange,
    isIpLiteral: isIpLiteral(exchange),
    isRoot: exchange === '',
    addresses: [],
    cnames: [],
    unresolvable: false,
    failures: [],
  };
  if (host.isRoot) return { ...host, unresolvable: true };
  if (host.isIpLiteral) return host;
  const [a, aaaa] = await Promise.all([ask(exchange, 'A'), ask(exchange, 'AAAA')]);
  host.addresses = [...addressesOf(a), ...addressesOf(aaaa)];
  host.cnames = (a.ok && a.cnames.length > 0 ? a.cnames : aaaa.ok ? aaaa.cnames : []).map(normalizeHost);
  host.failures = [a, aaaa].filter((answer): answer is DnsFailure => !answer.ok);
  host.unresolvable = a.ok && aaaa.ok && host.addresses.length === 0;
  return host;
}

function toMxHost(record: MxRecord, host: ResolvedHost | undefined): MxHost {
  const mxHost: MxHost = { preference: record.preference, exchange: record.exchange, addresses: [] };
  if (host) {
    mxHost.addresses = [...host.addresses];
    const canonical = host.cnames[host.cnames.length - 1];
    if (canonical) mxHost.cname = canonical;
  }
  return mxHost;
}

interface DetectedProviders {
  provider: ProviderEntry | undefined;
  gateway: ProviderEntry | undefined;
  highAvailability: boolean;
  errors: ReportError[];
}

/**
 * providers.md "Detection order": the MX hosts (most preferred first) name the service; behind a
 * gateway the mailbox provider is read from the apex TXT records; an MX under the domain itself,
 * with no catalogue match, is self-hosted.
 */
async function detectProviders(
  apex: string,
  hosts: ResolvedHost[],
  apexTxt: Promise<DnsResult>,
  txtFromCaller: boolean,
): Promise<DetectedProviders> {
  // An MX name that is an alias is judged by where it leads too (mail.example.com → aspmx.l.google.com).
  const matched = hosts.flatMap(
    (host) =>
      providerForMxHost(host.exchange) ?? providerForMxHost(host.cnames[host.cnames.length - 1] ?? '') ?? [],
  );
  const exchanges = hosts.map((host) => host.exchange);
  const gateway = matched.find((entry) => entry.kind === 'gateway');
  let provider = matched.find((entry) => entry.kind !== 'gateway');
  const errors: ReportError[] = [];

  if (gateway && !provider) {
    const txt = await apexTxt;
    if (txt.ok) {
      provider = inferMailboxProvider(
        txt.records.flatMap((r) => (typeof r.data === 'string' ? [r.data] : [])),
      );
    } else if (!txtFromCaller) {
      errors.push(dnsError(txt));
    }
  }
  if (matched.length === 0 && exchanges.some((exchange) => isSameOrSubdomain(exchange, apex))) {
    provider = providerById(SELF_HOSTED_ID);
  }
  return { provider, gateway, highAvailability: matched.some(isHighAvailability), errors };
}

function hostFindings(
  hosts: ResolvedHost[],
  highAvailability: boolean,
  webAddresses: string[],
  apex: string,
): FindingSpec[] {
  const findings: FindingSpec[] = [];
  const named = hosts.filter((host) => !host.isIpLiteral);
  const resolved = named.filter((host) => host.addresses.length > 0);
  const unknown = named.filter((host) => host.addresses.length === 0 && !host.unresolvable);

  const ipLiterals = hosts.filter((host) => host.isIpLiteral);
  if (ipLiterals.length > 0) {
    findings.push({
      id: 'mail.mx-is-ip',
      severity: 'warning',
      args: [list(ipLiterals.map((h) => h.exchange))],
    });
  }

  const aliased = named.filter((host) => host.cnames.length > 0);
  if (aliased.length > 0) {
    const chains = aliased.map((host) => [host.exchange, ...host.cnames].join(' → '));
    findings.push({ id: 'mail.mx-is-cname', severity: 'warning', args: [list(chains)] });
  }

  const dangling = named.filter((host) => host.unresolvable);
  if (dangling.length > 0) {
    // Critical only when it is certain that no MX host can receive: none resolved, none unknown.
    const severity = resolved.length === 0 && unknown.length === 0 ? 'critical' : 'warning';
    findings.push({
      id: 'mail.mx-unresolvable',
      severity,
      args: [list(dangling.map((h) => h.exchange || '.'))],
    });
  }

  const mxAddresses = unique(resolved.flatMap((host) => host.addresses));
  // One machine: at most one address per family (a dual-stack server still is one server).
  const oneMachine =
    mxAddresses.filter((a) => !a.includes(':')).length <= 1 &&
    mxAddresses.filter((a) => a.includes(':')).length <= 1;
  if (resolved.length > 0 && unknown.length === 0 && oneMachine && !highAvailability) {
    findings.push({
      id: 'mail.single-point-of-failure',
      severity: 'warning',
      args: [list(mxAddresses), list(resolved.map((h) => h.exchange))],
    });
  }

  const web = new Set(webAddresses.map(normalizeAddress));
  const shared = mxAddresses.filter((address) => web.has(normalizeAddress(address)));
  if (shared.length > 0) {
    const sharingHosts = resolved.filter((host) => host.addresses.some((a) => shared.includes(a)));
    findings.push({
      id: 'mail.shared-with-web',
      severity: 'info',
      args: [list(shared), list(sharingHosts.map((h) => h.exchange)), apex],
    });
  }
  return findings;
}

function addressesOf(answer: DnsResult): string[] {
  if (!answer.ok) return [];
  return answer.records.flatMap((record) =>
    record.type === answer.type && typeof record.data === 'string' ? [record.data] : [],
  );
}

/** An MX target written as an address (`192.0.2.1`, `[192.0.2.1]`, `2001:db8::1`) instead of a name. */
export function isIpLiteral(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare.includes(':')) return true;
  const parts = bare.split('.');
  return parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
}

/** IPv6 addresses compare case-insensitively (resolvers differ in how they print them). */
function normalizeAddress(address: string): string {
  return address.toLowerCase();
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function list(values: string[]): string {
  return values.join(', ');
}
