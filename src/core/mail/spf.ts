import type { DnsResult, Resolver, RRType } from '../dns/types.ts';
import type { FindingSpec, ReportError, SpfNode, SpfSummary } from '../types.ts';
import { dnsError, memoizedQuery, normalizeHost, txtStrings } from './dns-answers.ts';
import { expandDomainMacros } from './spf-macro.ts';
import {
  hasMacro,
  isSpfRecord,
  parseSpf,
  SPF_SYNTAX_RULE,
  type SpfMechanism,
  type SpfRecord,
} from './spf-parse.ts';

export type {
  SpfMechanism,
  SpfModifier,
  SpfParseResult,
  SpfRecord,
  SpfSyntaxError,
  SpfTerm,
} from './spf-parse.ts';
export { isSpfRecord, parseSpf } from './spf-parse.ts';

export interface SpfEvaluation {
  spf: SpfSummary | null;
  findings: FindingSpec[];
  errors: ReportError[];
}

/** RFC 7208 §4.6.4: at most 10 DNS-querying terms, at most 10 MX records per "mx", at most 2 void lookups. */
export const SPF_LOOKUP_LIMIT = 10;
export const SPF_MX_LIMIT = 10;
export const SPF_VOID_LIMIT = 2;
/** RFC 7208 §3.4: keep the record under 450 octets so that the answer fits in one UDP packet. */
export const SPF_RECORD_OCTETS = 450;
/** Past this many counted lookups nothing new is fetched: the record already fails, and we stay cheap. */
const EXPANSION_LOOKUP_CAP = 20;
const EXPANSION_DEPTH_CAP = 10;
/** Longest chain text put into a finding's detail. */
const CHAIN_TEXT_CAP = 800;

/** Terms that make the receiver query DNS (§4.6.4); `exp` does not count (its lookup comes after). */
const COUNTED = new Set(['include', 'a', 'mx', 'ptr', 'exists']);

type Fetched =
  | { status: 'ok'; text: string; record: SpfRecord }
  | { status: 'nxdomain' | 'no-txt' | 'no-spf' | 'multiple' | 'syntax' | 'failed'; evidence: string };

/** What the answers say about an a/mx/exists target: void or not, and whom it lets match. */
interface TargetFacts {
  name: string;
  /** §4.6.4: the term's lookup answered NXDOMAIN or NOERROR with no records. */
  void: boolean;
  /** mx: how many MX records the target has. */
  mxCount?: number;
  /** a: the target's own addresses; mx: any MX host's; exists: the target's A records. */
  hasA: boolean;
  hasAaaa: boolean;
}

/** One reachable term of a record: a mechanism before the first `all`, or the redirect. */
interface TermEntry {
  term: string;
  mechanism?: SpfMechanism;
  /** Whether it counts against the limit of 10 (§4.6.4). */
  counted: boolean;
  child?: Occurrence;
  target?: TargetFacts;
}

interface Occurrence {
  domain: string;
  via: 'root' | 'include' | 'redirect';
  /** The term that led here, as written (`include:_spf.google.com`, `redirect=_spf.example.com`). */
  term: string;
  parent: Occurrence | null;
  depth: number;
  fetched?: Fetched;
  error?: 'loop' | 'not-expanded';
  children: Occurrence[];
  /** Reachable terms of this record, in order. */
  entries: TermEntry[];
}

export async function evaluateSpf(
  domain: string,
  resolver: Resolver,
  apexTxt?: DnsResult,
): Promise<SpfEvaluation> {
  const root = normalizeHost(domain);
  const query = memoizedQuery(resolver);
  const apex = apexTxt ?? (await query(root, 'TXT'));
  if (!apex.ok) return { spf: null, findings: [], errors: [dnsError(apex)] };

  // Resolvers may rotate a TXT RRset: sorted, the record kept and the evidence listed are the same
  // on every run (only matters for two or more, which is spf.multiple anyway).
  const records = txtStrings(apex).filter(isSpfRecord).sort();
  const [text = ''] = records;
  if (records.length === 0)
    return { spf: null, findings: [{ id: 'spf.missing', severity: 'warning', args: [root] }], errors: [] };
  if (records.length > 1) {
    // §4.5: two records are a permerror; the first is kept so that surfaces can show what is there.
    return {
      spf: { record: text, lookups: 0, all: null },
      findings: [{ id: 'spf.multiple', severity: 'critical', args: [records.join(' | '), root] }],
      errors: [],
    };
  }
  const parsed = parseSpf(text);
  if (!parsed.ok) {
    return {
      spf: { record: text, lookups: 0, all: null },
      findings: [
        {
          id: 'spf.syntax',
          severity: 'critical',
          args: [text, parsed.error.term, SPF_SYNTAX_RULE[parsed.error.code]],
        },
        ...lengthFindings(root, text),
      ],
      errors: [],
    };
  }
  const rootOccurrence: Occurrence = {
    domain: root,
    via: 'root',
    term: root,
    parent: null,
    depth: 0,
    fetched: { status: 'ok', text, record: parsed.record },
    children: [],
    entries: [],
  };
  const expansion = await new Expander(query).expand(rootOccurrence);
  return judge(rootOccurrence, expansion);
}

interface Expansion {
  lookups: number;
  truncated: boolean;
  loop: boolean;
  voids: string[];
  errors: ReportError[];
}

type Query = (name: string, type: RRType) => Promise<DnsResult>;

/** One evaluation's shared state: the memoized query, the counters, and each failed query once. */
class Expander {
  readonly state: Expansion = { lookups: 0, truncated: false, loop: false, voids: [], errors: [] };
  private readonly failed = new Set<string>();

  constructor(private readonly query: Query) {}

  /**
   * Walks the include/redirect tree level by level: every record of one level has its targets
   * fetched in parallel, so the cost is the tree's depth in round trips. A name reached several
   * times is counted each time (§4.6.4 counts terms as evaluated) but fetched once.
   */
  async expand(root: Occurrence): Promise<Expansion> {
    let frontier = [root];
    while (frontier.length > 0) {
      const toFetch: Occurrence[] = [];
      const targetChecks: Promise<void>[] = [];
      for (const occurrence of frontier) this.readTerms(occurrence, toFetch, targetChecks);
      const fetched = await Promise.all(toFetch.map((o) => this.fetch(o)));
      await Promise.all(targetChecks);
      // Keep the tree in record order whatever order the answers came back in.
      frontier = toFetch.filter((_, i) => fetched[i]);
    }
    return this.state;
  }

  /**
   * Lists the record's reachable terms, counts the DNS-querying ones and starts their lookups.
   * Mechanisms after the first `all` are never evaluated (§4.6.2: the first match wins, and `all`
   * always matches), so they neither count nor get fetched; a redirect is ignored when the record has
   * an `all` anywhere (§6.1).
   */
  private readTerms(occurrence: Occurrence, toFetch: Occurrence[], targetChecks: Promise<void>[]): void {
    if (occurrence.fetched?.status !== 'ok') return;
    const { record } = occurrence.fetched;
    for (const mechanism of reachableMechanisms(record)) {
      const entry: TermEntry = { term: mechanism.text, mechanism, counted: COUNTED.has(mechanism.name) };
      occurrence.entries.push(entry);
      if (!entry.counted) continue;
      this.state.lookups++;
      // A bare `a`/`mx` names the record's own domain: the included one inside an include (§5.3).
      const target = fixedTarget(mechanism.domainSpec ?? occurrence.domain, occurrence.domain);
      if (!target || mechanism.name === 'ptr') continue;
      if (mechanism.name === 'include') {
        entry.child = child(occurrence, 'include', mechanism.text, target);
        toFetch.push(entry.child);
      } else {
        targetChecks.push(this.resolveTarget(mechanism, target, entry));
      }
    }
    const redirect = record.redirect;
    if (redirect === undefined || record.mechanisms.some((m) => m.name === 'all')) return;
    this.state.lookups++;
    const entry: TermEntry = { term: `redirect=${redirect}`, counted: true };
    occurrence.entries.push(entry);
    const target = fixedTarget(redirect, occurrence.domain);
    if (target) {
      entry.child = child(occurrence, 'redirect', entry.term, target);
      toFetch.push(entry.child);
    }
  }

  /** Fetches one target's record; false when it was not fetched (a loop, or past the caps). */
  private async fetch(occurrence: Occurrence): Promise<boolean> {
    if (hasAncestor(occurrence, occurrence.domain)) {
      occurrence.error = 'loop';
      this.state.loop = true;
      return false;
    }
    if (this.state.lookups > EXPANSION_LOOKUP_CAP || occurrence.depth > EXPANSION_DEPTH_CAP) {
      occurrence.error = 'not-expanded';
      this.state.truncated = true;
      return false;
    }
    const result = await this.query(occurrence.domain, 'TXT');
    this.noteFailure(result);
    occurrence.fetched = readRecord(result);
    if (occurrence.fetched.status === 'nxdomain' || occurrence.fetched.status === 'no-txt') {
      this.state.voids.push(occurrence.domain);
    }
    return true;
  }

  /**
   * Resolves the target of an a/mx/exists term, as a receiver would: `a` asks A and AAAA, `mx` asks
   * MX, `exists` asks A whatever the client (§5.3, §5.4, §5.7). The queries of one level run in
   * parallel with its includes, and the resolver shares them with the MX and web checks, so the
   * record's own `a` and `mx` cost nothing extra.
   *
   * A void lookup (§4.6.4) is an answer of NXDOMAIN or NOERROR with no records; for `a` we count it
   * only when neither A nor AAAA has an address, so the count holds for IPv4 and IPv6 senders alike.
   * A failed query is an error of the report, never a void.
   */
  private async resolveTarget(mechanism: SpfMechanism, name: string, entry: TermEntry): Promise<void> {
    const types: RRType[] = mechanism.name === 'mx' ? ['MX'] : mechanism.name === 'a' ? ['A', 'AAAA'] : ['A'];
    const results = await Promise.all(types.map((type) => this.query(name, type)));
    for (const result of results) this.noteFailure(result);
    if (!results.every((r) => r.ok)) return;
    const facts: TargetFacts = {
      name,
      void: results.every((r) => r.records.length === 0),
      hasA: false,
      hasAaaa: false,
    };
    const [first, second] = results;
    if (mechanism.name === 'mx') {
      const hosts = mxHosts(first);
      facts.mxCount = hosts.length;
      // Only an "mx/0" (or "mx//0") can let everyone match; only then are the hosts' addresses needed.
      if ((mechanism.cidr4 === 0 || mechanism.cidr6 === 0) && hosts.length <= SPF_MX_LIMIT) {
        Object.assign(facts, await this.addressesOf(hosts.filter((h) => h !== '')));
      }
    } else {
      facts.hasA = hasType(first, 'A');
      facts.hasAaaa = hasType(second, 'AAAA');
    }
    if (facts.void) this.state.voids.push(name);
    entry.target = facts;
  }

  private async addressesOf(hosts: string[]): Promise<{ hasA: boolean; hasAaaa: boolean }> {
    const answers = await Promise.all(
      hosts.flatMap((host) => [this.query(host, 'A'), this.query(host, 'AAAA')]),
    );
    for (const answer of answers) this.noteFailure(answer);
    return { hasA: answers.some((a) => hasType(a, 'A')), hasAaaa: answers.some((a) => hasType(a, 'AAAA')) };
  }

  private noteFailure(result: DnsResult): void {
    if (result.ok) return;
    const error = dnsError(result);
    const key = error.query ?? '';
    if (this.failed.has(key)) return;
    this.failed.add(key);
    this.state.errors.push(error);
  }
}

/**
 * The name a target stands for without knowing the message: the name itself, or its expansion when
 * its only macro is `%{d}` (the current domain, §7.2). Other macros (the sender, the client address,
 * HELO) differ per message: null, and the term is counted but not looked up.
 */
function fixedTarget(spec: string, domain: string): string | null {
  return hasMacro(spec) ? expandDomainMacros(spec, domain) : normalizeHost(spec);
}

/** The mechanisms a receiver may evaluate: up to and including the first `all` (§4.6.2, §5.1). */
function reachableMechanisms(record: SpfRecord): SpfMechanism[] {
  const all = record.mechanisms.findIndex((m) => m.name === 'all');
  return all < 0 ? record.mechanisms : record.mechanisms.slice(0, all + 1);
}

function hasType(result: DnsResult | undefined, type: RRType): boolean {
  return !!result?.ok && result.records.some((r) => r.type === type);
}

/** The MX records' hosts, in order; a null MX ("0 .", RFC 7505) counts as a record with no host. */
function mxHosts(result: DnsResult | undefined): string[] {
  if (!result?.ok) return [];
  return result.records.flatMap((r) =>
    r.type === 'MX' && typeof r.data === 'object' && 'exchange' in r.data ? [r.data.exchange] : [],
  );
}

function child(parent: Occurrence, via: 'include' | 'redirect', term: string, target: string): Occurrence {
  const occurrence: Occurrence = {
    domain: normalizeHost(target),
    via,
    term,
    parent,
    depth: parent.depth + 1,
    children: [],
    entries: [],
  };
  parent.children.push(occurrence);
  return occurrence;
}

function hasAncestor(occurrence: Occurrence, domain: string): boolean {
  for (let p = occurrence.parent; p; p = p.parent) if (p.domain === domain) return true;
  return false;
}

function readRecord(result: DnsResult): Fetched {
  if (!result.ok) return { status: 'failed', evidence: result.message };
  if (result.rcode === 'NXDOMAIN') return { status: 'nxdomain', evidence: 'NXDOMAIN' };
  const txt = txtStrings(result);
  if (txt.length === 0) return { status: 'no-txt', evidence: 'NODATA' };
  const spf = txt.filter(isSpfRecord);
  if (spf.length === 0) return { status: 'no-spf', evidence: txt.join(' | ') };
  if (spf.length > 1) return { status: 'multiple', evidence: [...spf].sort().join(' | ') };
  const text = spf[0] ?? '';
  const parsed = parseSpf(text);
  return parsed.ok ? { status: 'ok', text, record: parsed.record } : { status: 'syntax', evidence: text };
}

function judge(root: Occurrence, expansion: Expansion): SpfEvaluation {
  const rootText = root.fetched?.status === 'ok' ? root.fetched.text : '';
  const all = effectiveAll(root);
  const findings = [
    ...limitFindings(root, expansion),
    ...passAllFindings(root),
    ...treeFindings(root),
    ...allFindings(all, rootText),
    ...lengthFindings(root.domain, rootText),
  ];
  return {
    spf: {
      record: rootText,
      lookups: expansion.lookups,
      all: all.kind === 'found' ? allText(all.mechanism) : null,
      voidLookups: expansion.voids.length,
      tree: toNode(root),
    },
    findings,
    errors: expansion.errors,
  };
}

function limitFindings(root: Occurrence, expansion: Expansion): FindingSpec[] {
  const findings: FindingSpec[] = [];
  let mxOverflow = false;
  walk(root, (o) => {
    if (o.entries.some((e) => (e.target?.mxCount ?? 0) > SPF_MX_LIMIT)) mxOverflow = true;
  });
  if (expansion.loop || expansion.lookups > SPF_LOOKUP_LIMIT || mxOverflow) {
    // A loop never finishes: receivers give up at the limit whatever we counted.
    const count = expansion.loop ? '∞' : `${expansion.lookups}${expansion.truncated ? '+' : ''}`;
    findings.push({ id: 'spf.too-many-lookups', severity: 'critical', args: [count, chainText(root)] });
  }
  if (expansion.voids.length > SPF_VOID_LIMIT) {
    const names = [...new Set(expansion.voids)].sort().join(', ');
    findings.push({
      id: 'spf.void-lookups',
      severity: 'warning',
      args: [String(expansion.voids.length), names],
    });
  }
  return findings;
}

/** Findings about the records of the tree: ptr, and targets without a usable record. */
function treeFindings(root: Occurrence): FindingSpec[] {
  const findings: FindingSpec[] = [];
  const seen = new Set<string>();
  const once = (key: string, finding: FindingSpec) => {
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(finding);
  };
  walk(root, (occurrence) => {
    const fetched = occurrence.fetched;
    if (fetched?.status === 'ok') {
      if (fetched.record.mechanisms.some((m) => m.name === 'ptr')) {
        const { domain } = occurrence;
        once(`ptr ${domain}`, { id: 'spf.ptr', severity: 'warning', args: [domain, fetched.text] });
      }
    } else if (fetched && fetched.status !== 'failed' && occurrence.parent) {
      const from = occurrence.parent.domain;
      once(`broken ${from} ${occurrence.term}`, {
        id: 'spf.include-broken',
        severity: 'critical',
        args: [occurrence.term, from, fetched.evidence],
      });
    }
  });
  return findings;
}

type Family = 'IPv4' | 'IPv6';
const FAMILIES: Family[] = ['IPv4', 'IPv6'];
/** The term that makes every sender of an address family pass, and the record it sits in. */
interface Culprit {
  occurrence: Occurrence;
  term: string;
}
type PassMap = Partial<Record<Family, Culprit>>;

/**
 * spf.pass-all: does the record give "pass" to every sender of IPv4, of IPv6, or both? Mechanisms
 * are taken in order, as a receiver does (§4.6.2): one that matches everyone of a family ends the
 * question for that family, with a pass only if its qualifier is "+". Matching everyone:
 * `all`; `ip4:<any>/0`, `ip6:<any>/0`; `a/0` or `mx/0` (`//0` for IPv6) on a name with addresses;
 * `exists:` on a fixed name (no macro but `%{d}`) that has an A record (§5.7: it is asked for A
 * whatever the client);
 * an `include:` whose record passes everyone (§5.2); and, when nothing matched, the redirect
 * target's answer (§6.1).
 */
function passAllFindings(root: Occurrence): FindingSpec[] {
  const map = passesEveryone(root);
  const byRecord = new Map<Occurrence, string[]>();
  for (const family of FAMILIES) {
    const culprit = map[family];
    if (!culprit) continue;
    const terms = byRecord.get(culprit.occurrence) ?? [];
    if (!terms.includes(culprit.term)) terms.push(culprit.term);
    byRecord.set(culprit.occurrence, terms);
  }
  return [...byRecord].map(([occurrence, terms]) => ({
    id: 'spf.pass-all',
    severity: 'critical',
    args: [
      occurrence.domain,
      occurrence.fetched?.status === 'ok' ? occurrence.fetched.text : '',
      terms.join(', '),
      pathText(occurrence),
    ],
  }));
}

function passesEveryone(occurrence: Occurrence): PassMap {
  const result: PassMap = {};
  if (occurrence.fetched?.status !== 'ok') return result;
  const open = new Set<Family>(FAMILIES);
  for (const entry of occurrence.entries) {
    if (!entry.mechanism) continue;
    const matched = matchesEveryone(occurrence, entry);
    if (matched === 'stops') return result;
    for (const [family, culprit] of Object.entries(matched) as [Family, Culprit][]) {
      if (!open.has(family)) continue;
      open.delete(family);
      if (entry.mechanism.qualifier === '+') result[family] = culprit;
    }
    if (open.size === 0 || entry.mechanism.name === 'all') return result;
  }
  const redirect = occurrence.entries.find((e) => !e.mechanism)?.child;
  if (redirect) {
    const target = passesEveryone(redirect);
    for (const family of open) if (target[family]) result[family] = target[family];
  }
  return result;
}

/** The families whose every sender this mechanism matches; 'stops' when evaluation ends with an error. */
function matchesEveryone(occurrence: Occurrence, entry: TermEntry): PassMap | 'stops' {
  const m = entry.mechanism;
  if (!m) return {};
  const here: Culprit = { occurrence, term: entry.term };
  const families: Family[] = [];
  switch (m.name) {
    case 'all':
      families.push('IPv4', 'IPv6');
      break;
    case 'ip4':
      if (m.cidr4 === 0) families.push('IPv4');
      break;
    case 'ip6':
      if (m.cidr6 === 0) families.push('IPv6');
      break;
    case 'a':
    case 'mx':
      if ((entry.target?.mxCount ?? 0) > SPF_MX_LIMIT) return 'stops';
      if (m.cidr4 === 0 && entry.target?.hasA) families.push('IPv4');
      if (m.cidr6 === 0 && entry.target?.hasAaaa) families.push('IPv6');
      break;
    case 'exists':
      if (entry.target?.hasA) families.push('IPv4', 'IPv6');
      break;
    case 'include': {
      const target = entry.child;
      // A macro target is unknown here; a target that is not expanded (past the caps) too.
      if (!target || target.error === 'not-expanded') return {};
      // A loop, a missing or broken record, or a failed query: the check ends in an error (§5.2).
      if (target.error === 'loop' || target.fetched?.status !== 'ok') return 'stops';
      return passesEveryone(target);
    }
    case 'ptr':
      break;
  }
  return Object.fromEntries(families.map((f) => [f, here]));
}

/** "example.com → include:_spf.vendor.example → redirect=_spf2.vendor.example": how a record is reached. */
function pathText(occurrence: Occurrence): string {
  const parts: string[] = [];
  let o: Occurrence | null = occurrence;
  for (; o?.parent; o = o.parent) parts.unshift(o.term);
  parts.unshift(o?.domain ?? occurrence.domain);
  return parts.join(' → ');
}

/** §8.2/§8.4: "?all", or no "all" and no redirect, leaves unlisted senders neutral. */
function allFindings(all: EffectiveAll, rootText: string): FindingSpec[] {
  const neutral = all.kind === 'none' || (all.kind === 'found' && all.mechanism.qualifier === '?');
  return neutral ? [{ id: 'spf.neutral-all', severity: 'warning', args: [rootText] }] : [];
}

/** §3.4: a record over 450 octets risks an answer too big for one UDP packet. */
function lengthFindings(domain: string, text: string): FindingSpec[] {
  const octets = new TextEncoder().encode(text).length;
  if (octets <= SPF_RECORD_OCTETS) return [];
  return [{ id: 'spf.record-too-long', severity: 'warning', args: [String(octets), domain, text] }];
}

type EffectiveAll = { kind: 'found'; mechanism: SpfMechanism } | { kind: 'none' } | { kind: 'unknown' };

/** The `all` that ends evaluation: the record's own, else the redirect target's (§6.1). */
function effectiveAll(occurrence: Occurrence): EffectiveAll {
  if (occurrence.fetched?.status !== 'ok') return { kind: 'unknown' };
  const own = occurrence.fetched.record.mechanisms.find((m) => m.name === 'all');
  if (own) return { kind: 'found', mechanism: own };
  if (occurrence.fetched.record.redirect === undefined) return { kind: 'none' };
  const target = occurrence.children.find((c) => c.via === 'redirect');
  return target && !target.error ? effectiveAll(target) : { kind: 'unknown' };
}

function allText(mechanism: SpfMechanism): string {
  return `${mechanism.qualifier === '+' && !mechanism.explicitQualifier ? '' : mechanism.qualifier}all`;
}

function walk(occurrence: Occurrence, visit: (o: Occurrence) => void): void {
  visit(occurrence);
  for (const c of occurrence.children) walk(c, visit);
}

/**
 * "include:_spf.google.com → [include:_netblocks.google.com, …], mx (12 MX)": every counted term,
 * nested, with the MX count of an `mx` over the limit of 10.
 */
function chainText(occurrence: Occurrence): string {
  const parts = occurrence.entries
    .filter((e) => e.counted)
    .map(({ term, child, target }) => {
      if ((target?.mxCount ?? 0) > SPF_MX_LIMIT) return `${term} (${target?.mxCount} MX)`;
      if (!child) return term;
      if (child.error === 'loop') return `${term} ↺`;
      return child.entries.some((e) => e.counted) ? `${term} → [${chainText(child)}]` : term;
    });
  const text = parts.join(', ');
  return text.length > CHAIN_TEXT_CAP ? `${text.slice(0, CHAIN_TEXT_CAP - 1)}…` : text;
}

function toNode(occurrence: Occurrence): SpfNode {
  const node: SpfNode = {
    domain: occurrence.domain,
    record: occurrence.fetched?.status === 'ok' ? occurrence.fetched.text : null,
    via: occurrence.via,
    children: occurrence.children.map(toNode),
  };
  const error =
    occurrence.error ?? (occurrence.fetched?.status === 'ok' ? undefined : occurrence.fetched?.status);
  if (error) node.error = error;
  return node;
}

/**
 * docs/checks.md: a parked domain (null MX and `v=spf1 -all`) sends and receives no mail. A record that
 * could not be used (two records, a syntax error) has no `all` in its summary, so it never counts.
 */
export function isParked(acceptsMail: boolean, spf: SpfSummary | null): boolean {
  if (acceptsMail || !spf || spf.all !== '-all') return false;
  const parsed = parseSpf(spf.record);
  if (!parsed.ok || parsed.record.redirect !== undefined) return false;
  const [only, ...rest] = parsed.record.mechanisms;
  return rest.length === 0 && only?.name === 'all' && only.qualifier === '-';
}
