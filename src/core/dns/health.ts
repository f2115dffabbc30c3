import { registrableDomainOf } from '../domain.ts';
import { dnsError } from '../mail/dns-answers.ts';
import type { CheckState, DnsReport, DnssecStatus, FindingSpec, ReportError } from '../types.ts';
import { normalizeName } from './answer.ts';
import type { DnsAnswer, DnsResult, Resolver } from './types.ts';

export interface DnsHealth {
  dns: DnsReport;
  /** false on NXDOMAIN, null when the resolver could not say. */
  exists: boolean | null;
  findings: FindingSpec[];
  errors: ReportError[];
  states: { nameservers: CheckState; dnssec: CheckState };
}

/**
 * The domain's own DNS: does it exist, how many name servers and where, and what DNSSEC does to it.
 * NS and SOA go out together; the CD re-query (depth 2) is only asked when SERVFAIL made it necessary.
 */
export async function checkDnsHealth(domain: string, resolver: Resolver): Promise<DnsHealth> {
  const name = normalizeName(domain);
  const asked = await Promise.all([resolver.query(name, 'NS'), resolver.query(name, 'SOA')]);
  const { ns, soa, bogus } = await withBogusCheck(name, resolver, asked[0], asked[1]);
  const errors = [ns, soa].flatMap((result) => (result.ok ? [] : [dnsError(result)]));
  const answers = [ns, soa].filter((result): result is DnsAnswer => result.ok);

  if (answers.some((answer) => answer.rcode === 'NXDOMAIN')) {
    // checks.md: when the domain does not exist, that one finding says it all.
    return {
      dns: { nameservers: [], dnssec: bogus ? 'bogus' : 'unknown' },
      exists: false,
      findings: [{ id: 'dns.nxdomain', severity: 'critical', args: [name] }],
      errors,
      states: { nameservers: 'absent', dnssec: bogus ? 'found' : 'not-applicable' },
    };
  }
  const nameservers = ns.ok ? nameserversOf(ns) : [];
  const dnssec = dnssecStatus(bogus, soa.ok ? soa : ns.ok ? ns : null);
  return {
    dns: { nameservers, dnssec },
    exists: answers.length > 0 ? true : null,
    findings: [...nameserverFindings(name, ns, nameservers), ...dnssecFindings(name, dnssec)],
    errors,
    states: { nameservers: nameserverState(ns, nameservers), dnssec: DNSSEC_STATES[dnssec] },
  };
}

/**
 * RFC 4033 §5: a validating resolver answers SERVFAIL for data that fails validation, and answers it
 * anyway when the query sets CD. So SERVFAIL without CD and an answer with CD means "bogus", not "down";
 * the CD answers then stand in for the failed ones (the domain is there, validators just reject it).
 */
async function withBogusCheck(
  name: string,
  resolver: Resolver,
  ns: DnsResult,
  soa: DnsResult,
): Promise<{ ns: DnsResult; soa: DnsResult; bogus: boolean }> {
  if (soa.ok || soa.reason !== 'servfail') return { ns, soa, bogus: false };
  const nsFailedToo = !ns.ok && ns.reason === 'servfail';
  const [soaCd, nsCd] = await Promise.all([
    resolver.query(name, 'SOA', { cd: true }),
    nsFailedToo ? resolver.query(name, 'NS', { cd: true }) : Promise.resolve(ns),
  ]);
  if (!soaCd.ok) return { ns, soa, bogus: false };
  return { ns: nsCd, soa: soaCd, bogus: true };
}

/** Signed (valid or broken) is something the domain publishes; unsigned is none published. */
const DNSSEC_STATES: Record<DnssecStatus, CheckState> = {
  secure: 'found',
  bogus: 'found',
  insecure: 'absent',
  unknown: 'unknown',
};

function nameserverState(ns: DnsResult, nameservers: string[]): CheckState {
  if (!ns.ok) return 'unknown';
  return nameservers.length > 0 ? 'found' : 'absent';
}

function nameserversOf(answer: DnsAnswer): string[] {
  const hosts = answer.records.flatMap((record) =>
    typeof record.data === 'string' ? [normalizeName(record.data)] : [],
  );
  // Sorted: resolvers rotate RRsets, and the watchlist diffs reports.
  return [...new Set(hosts)].sort();
}

function nameserverFindings(domain: string, ns: DnsResult, nameservers: string[]): FindingSpec[] {
  // Only a real NOERROR at the apex says how many servers there are; an alias (CNAME) is not a zone.
  if (!ns.ok || ns.rcode !== 'NOERROR' || ns.cnames.length > 0) return [];
  const list = nameservers.join(', ') || '—';
  if (nameservers.length < 2) {
    return [
      { id: 'dns.single-nameserver', severity: 'warning', args: [domain, String(nameservers.length), list] },
    ];
  }
  const providers = new Set(nameservers.map(providerDomainOf));
  const [provider] = providers;
  if (providers.size === 1 && provider) {
    return [{ id: 'dns.nameservers-single-provider', severity: 'info', args: [domain, provider, list] }];
  }
  return [];
}

/**
 * The domain a name server is run under. A TLD outside the Public Suffix List (a lab or private TLD)
 * falls back to the PSL's default rule "*": the last two labels.
 */
function providerDomainOf(host: string): string | null {
  const registrable = registrableDomainOf(host);
  if (registrable) return registrable;
  const labels = host.split('.').filter(Boolean);
  return labels.length >= 2 ? labels.slice(-2).join('.') : null;
}

function dnssecStatus(bogus: boolean, answer: DnsAnswer | null): DnssecStatus {
  if (bogus) return 'bogus';
  if (!answer) return 'unknown';
  return answer.ad ? 'secure' : 'insecure';
}

function dnssecFindings(domain: string, dnssec: DnssecStatus): FindingSpec[] {
  if (dnssec === 'bogus') return [{ id: 'dns.dnssec-broken', severity: 'critical', args: [domain] }];
  if (dnssec === 'insecure') return [{ id: 'dns.dnssec-unsigned', severity: 'info', args: [domain] }];
  return [];
}
