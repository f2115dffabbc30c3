import type { DnsResult, QueryOptions, Resolver, RRType } from './dns/types.ts';
import { registrableDomainOf } from './domain.ts';
import { dnsError, normalizeHost, recordsWithVersion, txtStrings } from './mail/dns-answers.ts';
import type { CheckId, FindingSpec, ReportError, SpfNode } from './types.ts';

/**
 * Dependency domains anyone could register (checks.md: `spf.include-unregistered`,
 * `mail.mx-unregistered`, `dns.ns-unregistered`, `dmarc.report-domain-unregistered`).
 *
 * An SPF include, an MX host, a name server or a DMARC report address under a registrable domain
 * that does not exist is a takeover waiting to happen: whoever registers that domain sends mail as
 * the domain, receives its mail, controls its DNS or reads its reports. One SOA question per
 * distinct registrable domain answers it, and only a real NXDOMAIN counts (RFC 8020 §2: nothing
 * exists at or below a name that does not exist); a failed question is an error, never a finding.
 *
 * The questions start the moment a dependency is named: the report's resolver is wrapped so that the
 * MX and NS answers, each SPF record of the include tree and the DMARC record start their probes as
 * they arrive. The findings are judged at the end from the report's own data (the MX list, the
 * name servers, the SPF tree, the DMARC record), so what is reported is exactly what the checks
 * evaluated; the early start only makes sure the answer is already there (or on its way) by then.
 */

export type DependencyKind = 'spf' | 'mx' | 'ns' | 'dmarc';

export interface DependencyInput {
  /** MX exchanges as the routing check read them ("" for a root target). */
  mx: string[];
  nameservers: string[];
  spfTree?: SpfNode | null;
  /** The one DMARC record the DMARC check evaluated. */
  dmarcRecord?: string | null;
}

export interface DependencyOutcome {
  findings: FindingSpec[];
  errors: ReportError[];
  /** Checks whose dependency question went unanswered: their judgement is not whole (`unknown`). */
  unknown: CheckId[];
}

export interface DependencyWatch {
  /** The resolver the report's checks ask through; answers that name a dependency start its probe. */
  resolver: Resolver;
  judge(input: DependencyInput): Promise<DependencyOutcome>;
}

const CHECK_OF: Record<DependencyKind, CheckId> = { spf: 'spf', mx: 'mx', ns: 'nameservers', dmarc: 'dmarc' };

const FINDING: Record<DependencyKind, Pick<FindingSpec, 'id' | 'severity'>> = {
  spf: { id: 'spf.include-unregistered', severity: 'critical' },
  mx: { id: 'mail.mx-unregistered', severity: 'critical' },
  ns: { id: 'dns.ns-unregistered', severity: 'critical' },
  dmarc: { id: 'dmarc.report-domain-unregistered', severity: 'warning' },
};

/** Bounds on untrusted input: a record cannot make the report ask hundreds of questions. */
const MAX_PROBES = 64;
const MAX_ADDRESSES_PER_RECORD = 20;
const MAX_TREE_NODES = 200;

/** `domain` is the report's registrable domain: its own existence is `dns.nxdomain`'s business. */
export function watchDependencies(domain: string, resolver: Resolver): DependencyWatch {
  const own = normalizeHost(domain);
  const probes = new Map<string, Promise<DnsResult>>();
  /** Names whose TXT answer is an SPF record of the tree: the apex, then every include/redirect target. */
  const spfNames = new Set([own]);

  /** The SOA of the registrable domain a host lives under, asked once per report; null past the cap. */
  function probe(host: string): Promise<DnsResult> | null {
    const registrable = dependencyDomainOf(host, own);
    if (registrable === null) return null;
    let answer = probes.get(registrable);
    if (!answer) {
      if (probes.size >= MAX_PROBES) return null;
      answer = resolver.query(registrable, 'SOA');
      probes.set(registrable, answer);
    }
    return answer;
  }

  function noticed(name: string, type: RRType, result: DnsResult): void {
    if (!result.ok || result.rcode !== 'NOERROR') return;
    if (name === own && (type === 'MX' || type === 'NS')) {
      for (const record of result.records) {
        const host =
          typeof record.data === 'string' ? record.data : (record.data as { exchange?: unknown }).exchange;
        if (typeof host === 'string') probe(host);
      }
    } else if (type === 'TXT' && spfNames.has(name)) {
      for (const target of spfTargets(result)) {
        spfNames.add(target);
        probe(target);
      }
    } else if (type === 'TXT' && name === `_dmarc.${own}`) {
      const [record, ...others] = recordsWithVersion(result, 'DMARC1');
      if (record !== undefined && others.length === 0) for (const host of reportHosts(record)) probe(host);
    }
  }

  const watched: Resolver = {
    query(name: string, type: RRType, options?: QueryOptions): Promise<DnsResult> {
      const pending = resolver.query(name, type, options);
      pending.then((result) => noticed(normalizeHost(String(name)), type, result)).catch(() => undefined);
      return pending;
    },
  };

  async function judge(input: DependencyInput): Promise<DependencyOutcome> {
    const groups = dependencyGroups(input, own);
    const findings: FindingSpec[] = [];
    const errors = new Map<string, ReportError>();
    const unknown = new Set<CheckId>();
    await Promise.all(
      groups.map(async (group) => {
        const answer = probe(group.registrable);
        // Past the cap the question was not asked: the check cannot say the dependency exists.
        const result = answer ? await answer : null;
        if (!result?.ok) unknown.add(CHECK_OF[group.kind]);
        if (result && !result.ok) errors.set(group.registrable, dnsError(result));
        if (result && isUnregistered(result)) findings.push(findingFor(group));
      }),
    );
    return { findings: sortedByArgs(findings), errors: [...errors.values()], unknown: [...unknown] };
  }

  return { resolver: watched, judge };
}

/**
 * Only an NXDOMAIN for the name itself says it does not exist; an NXDOMAIN at the end of a CNAME
 * chain means the name exists (as an alias). NOERROR, with or without data, means it exists.
 */
function isUnregistered(result: DnsResult): boolean {
  return result.ok && result.rcode === 'NXDOMAIN' && result.cnames.length === 0;
}

/**
 * The registrable domain (PSL, or its default rule for a TLD it does not list) a dependency lives
 * under; null for the report's own domain, IP literals, the root and reserved names (which are never
 * sent to a resolver: they would leak intranet names, domain.ts).
 */
export function dependencyDomainOf(host: string, ownDomain: string): string | null {
  const name = normalizeHost(host);
  if (name === '' || name.includes('%')) return null;
  const registrable = registrableDomainOf(name);
  return registrable === null || registrable === normalizeHost(ownDomain) ? null : registrable;
}

interface DependencyGroup {
  kind: DependencyKind;
  registrable: string;
  /** What points under the domain, as the record says it: an MX host, `include:_spf.x.com`, an address. */
  hosts: { evidence: string }[];
}

/** One group per kind and registrable domain, each listing what points under it. */
function dependencyGroups(input: DependencyInput, own: string): DependencyGroup[] {
  const groups = new Map<string, DependencyGroup>();
  const add = (kind: DependencyKind, host: string, evidence: string) => {
    const registrable = dependencyDomainOf(host, own);
    if (registrable === null) return;
    const key = `${kind} ${registrable}`;
    const group = groups.get(key) ?? { kind, registrable, hosts: [] };
    if (!group.hosts.some((h) => h.evidence === evidence)) group.hosts.push({ evidence });
    groups.set(key, group);
  };
  for (const host of input.mx) if (host !== '') add('mx', host, normalizeHost(host));
  for (const host of input.nameservers) add('ns', host, normalizeHost(host));
  for (const node of spfTargetNodes(input.spfTree)) {
    add('spf', node.domain, `${node.via === 'redirect' ? 'redirect=' : 'include:'}${node.domain}`);
  }
  if (input.dmarcRecord) {
    for (const address of reportAddresses(input.dmarcRecord)) add('dmarc', hostOfAddress(address), address);
  }
  return [...groups.values()];
}

/** $1 the registrable domain anyone could register, $2 what points under it (hosts, terms, addresses). */
function findingFor(group: DependencyGroup): FindingSpec {
  const evidence = group.hosts.map((h) => h.evidence).join(', ');
  return { ...FINDING[group.kind], args: [group.registrable, evidence] };
}

function sortedByArgs(findings: FindingSpec[]): FindingSpec[] {
  return findings.sort(
    (a, b) => a.id.localeCompare(b.id) || (a.args?.[0] ?? '').localeCompare(b.args?.[0] ?? ''),
  );
}

/** Every include/redirect target of the evaluated tree (not the root), macro-free, bounded. */
function spfTargetNodes(tree: SpfNode | null | undefined): SpfNode[] {
  const out: SpfNode[] = [];
  const visit = (node: SpfNode) => {
    if (out.length >= MAX_TREE_NODES) return;
    if (node.via === 'include' || node.via === 'redirect') out.push(node);
    for (const child of node.children) visit(child);
  };
  if (tree) visit(tree);
  return out;
}

/**
 * Include and redirect targets named by the one SPF record of an answer (RFC 7208 §4.5: with more
 * than one there is no record to follow). A redirect is ignored next to an `all` (§6.1), and a target
 * with macros depends on the message (§7), so neither is a fixed dependency.
 */
function spfTargets(result: DnsResult): string[] {
  const records = txtStrings(result).filter((text) => /^v=spf1(\s|$)/i.test(text));
  if (records.length !== 1) return [];
  const terms = (records[0] ?? '').split(/\s+/).slice(1, 200);
  const hasAll = terms.some((term) => /^[+?~-]?all$/i.test(term));
  const targets: string[] = [];
  for (const term of terms) {
    const include = /^[+?~-]?include:(.+)$/i.exec(term);
    const redirect = hasAll ? null : /^redirect=(.+)$/i.exec(term);
    const target = include?.[1] ?? redirect?.[1];
    if (target && !target.includes('%')) targets.push(normalizeHost(target));
  }
  return targets;
}

/** The hosts of a DMARC record's `mailto:` report addresses (rua and ruf, RFC 7489 §6.4). */
function reportHosts(record: string): string[] {
  return reportAddresses(record).map(hostOfAddress);
}

/**
 * `rua=`/`ruf=` mailto addresses, without the `!size` limit (RFC 7489 §6.2). Tag names compare
 * case-insensitively (RFC 9989); URIs other than mailto: name no mailbox domain.
 */
export function reportAddresses(record: string): string[] {
  const addresses: string[] = [];
  for (const tag of record.split(';')) {
    const eq = tag.indexOf('=');
    if (eq < 0) continue;
    const name = tag.slice(0, eq).trim().toLowerCase();
    if (name !== 'rua' && name !== 'ruf') continue;
    for (const uri of tag.slice(eq + 1).split(',')) {
      const match = /^mailto:([^!]*)/i.exec(uri.trim());
      const address = safeDecode(match?.[1] ?? '').trim();
      if (address.includes('@') && !addresses.includes(address)) addresses.push(address);
      if (addresses.length >= MAX_ADDRESSES_PER_RECORD) return addresses;
    }
  }
  return addresses;
}

function hostOfAddress(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
