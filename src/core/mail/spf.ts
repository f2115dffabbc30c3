import type { DnsResult, Resolver, RRType } from '../dns/types.ts';
import type { FindingSpec, ReportError, SpfNode, SpfSummary } from '../types.ts';
import { dnsError, memoizedQuery, normalizeHost, txtStrings } from './dns-answers.ts';
import { hasMacro, isSpfRecord, parseSpf, type SpfMechanism, type SpfRecord } from './spf-parse.ts';

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

/** RFC 7208 §4.6.4: at most 10 DNS-querying terms, at most 2 void lookups. */
export const SPF_LOOKUP_LIMIT = 10;
export const SPF_VOID_LIMIT = 2;
/** Past this many counted lookups nothing new is fetched: the record already fails, and we stay cheap. */
const EXPANSION_LOOKUP_CAP = 20;
const EXPANSION_DEPTH_CAP = 10;
/** Longest chain text put into a finding's detail. */
const CHAIN_TEXT_CAP = 800;

/** Terms that make the receiver query DNS (§4.6.4); `exp` does not count. */
const COUNTED = new Set(['include', 'a', 'mx', 'ptr', 'exists']);

type Fetched =
  | { status: 'ok'; text: string; record: SpfRecord }
  | { status: 'nxdomain' | 'no-txt' | 'no-spf' | 'multiple' | 'syntax' | 'failed'; evidence: string };

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
  /** Whether a match in this record makes the top record pass: every include on the way was "+". */
  passes: boolean;
  /** Counted terms of this record, in order, each with the child occurrence it expanded to. */
  counted: { term: string; child?: Occurrence }[];
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

  const records = txtStrings(apex).filter(isSpfRecord);
  if (records.length === 0)
    return { spf: null, findings: [{ id: 'spf.missing', severity: 'warning', args: [root] }], errors: [] };
  if (records.length > 1) {
    return {
      spf: null,
      findings: [{ id: 'spf.multiple', severity: 'critical', args: [records.join(' | '), root] }],
      errors: [],
    };
  }
  const text = records[0] ?? '';
  const parsed = parseSpf(text);
  if (!parsed.ok) {
    return {
      spf: { record: text, lookups: 0, all: null },
      findings: [{ id: 'spf.syntax', severity: 'critical', args: [text, parsed.error.term] }],
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
    passes: true,
    children: [],
    counted: [],
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
      const voidChecks: Promise<void>[] = [];
      for (const occurrence of frontier) this.countTerms(occurrence, toFetch, voidChecks);
      const fetched = await Promise.all(toFetch.map((o) => this.fetch(o)));
      await Promise.all(voidChecks);
      // Keep the tree in record order whatever order the answers came back in.
      frontier = toFetch.filter((_, i) => fetched[i]);
    }
    return this.state;
  }

  /** Counts the record's DNS-querying terms and lists the include/redirect targets to fetch next. */
  private countTerms(occurrence: Occurrence, toFetch: Occurrence[], voidChecks: Promise<void>[]): void {
    if (occurrence.fetched?.status !== 'ok') return;
    const { record } = occurrence.fetched;
    for (const mechanism of record.mechanisms) {
      if (!COUNTED.has(mechanism.name)) continue;
      this.state.lookups++;
      const entry: { term: string; child?: Occurrence } = { term: mechanism.text };
      occurrence.counted.push(entry);
      if (mechanism.name !== 'include') {
        voidChecks.push(this.checkVoid(mechanism));
      } else if (mechanism.domainSpec && !hasMacro(mechanism.domainSpec)) {
        entry.child = child(occurrence, 'include', mechanism.text, mechanism.domainSpec);
        entry.child.passes = occurrence.passes && mechanism.qualifier === '+';
        toFetch.push(entry.child);
      }
    }
    // §6.1: redirect is ignored when the record has an "all" mechanism.
    const redirect = record.redirect;
    if (redirect === undefined || record.mechanisms.some((m) => m.name === 'all')) return;
    this.state.lookups++;
    const entry: { term: string; child?: Occurrence } = { term: `redirect=${redirect}` };
    occurrence.counted.push(entry);
    if (!hasMacro(redirect)) {
      entry.child = child(occurrence, 'redirect', entry.term, redirect);
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
   * Void lookups (§4.6.4) of a/mx/exists terms. We do resolve these targets, but only when the term
   * names one explicitly and without macros: a dangling `a:old-server.example.com` is a common way to
   * reach the void limit, and the queries run in parallel with the includes of the same level, so
   * they add no round trip except at the deepest level. Bare `a`/`mx` (the record's own domain) are
   * left to the MX and web checks, and macro targets depend on the message, so neither is resolved.
   * A void is a term whose query returns NXDOMAIN or no records: for `a`, neither A nor AAAA.
   */
  private async checkVoid(mechanism: SpfMechanism): Promise<void> {
    const target = mechanism.domainSpec;
    if (!target || hasMacro(target) || mechanism.name === 'ptr') return;
    const types: RRType[] = mechanism.name === 'mx' ? ['MX'] : mechanism.name === 'a' ? ['A', 'AAAA'] : ['A'];
    const results = await Promise.all(types.map((type) => this.query(target, type)));
    for (const result of results) this.noteFailure(result);
    if (results.every((r) => r.ok && r.records.length === 0)) this.state.voids.push(normalizeHost(target));
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

function child(parent: Occurrence, via: 'include' | 'redirect', term: string, target: string): Occurrence {
  const occurrence: Occurrence = {
    domain: normalizeHost(target),
    via,
    term,
    parent,
    depth: parent.depth + 1,
    passes: parent.passes,
    children: [],
    counted: [],
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
  if (spf.length > 1) return { status: 'multiple', evidence: spf.join(' | ') };
  const text = spf[0] ?? '';
  const parsed = parseSpf(text);
  return parsed.ok ? { status: 'ok', text, record: parsed.record } : { status: 'syntax', evidence: text };
}

function judge(root: Occurrence, expansion: Expansion): SpfEvaluation {
  const rootText = root.fetched?.status === 'ok' ? root.fetched.text : '';
  const all = effectiveAll(root);
  const findings = [...limitFindings(root, expansion), ...treeFindings(root), ...allFindings(all, rootText)];
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
  if (expansion.loop || expansion.lookups > SPF_LOOKUP_LIMIT) {
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

/** Findings about the records of the tree: +all, ptr, and targets without a usable record. */
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
      const { domain } = occurrence;
      const passAll = fetched.record.mechanisms.some((m) => m.name === 'all' && m.qualifier === '+');
      // An included record with +all matches every IP, so a "+include:" of it lets anyone pass too.
      if (passAll && occurrence.passes) {
        once(`pass-all ${domain}`, {
          id: 'spf.pass-all',
          severity: 'critical',
          args: [domain, fetched.text],
        });
      }
      if (fetched.record.mechanisms.some((m) => m.name === 'ptr')) {
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

/** §8.2/§8.4: "?all", or no "all" and no redirect, leaves unlisted senders neutral. */
function allFindings(all: EffectiveAll, rootText: string): FindingSpec[] {
  const neutral = all.kind === 'none' || (all.kind === 'found' && all.mechanism.qualifier === '?');
  return neutral ? [{ id: 'spf.neutral-all', severity: 'warning', args: [rootText] }] : [];
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

/** "include:_spf.google.com → [include:_netblocks.google.com, …], mx": every counted term, nested. */
function chainText(occurrence: Occurrence): string {
  const parts = occurrence.counted.map(({ term, child }) => {
    if (!child) return term;
    if (child.error === 'loop') return `${term} ↺`;
    return child.counted.length > 0 ? `${term} → [${chainText(child)}]` : term;
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

/** docs/checks.md: a parked domain (null MX and `v=spf1 -all`) sends and receives no mail. */
export function isParked(acceptsMail: boolean, spf: SpfSummary | null): boolean {
  if (acceptsMail || !spf) return false;
  const parsed = parseSpf(spf.record);
  if (!parsed.ok || parsed.record.redirect !== undefined) return false;
  const [only, ...rest] = parsed.record.mechanisms;
  return rest.length === 0 && only?.name === 'all' && only.qualifier === '-';
}
