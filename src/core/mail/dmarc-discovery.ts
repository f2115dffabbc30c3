import type { DnsResult, Resolver } from '../dns/types.ts';
import type { ReportError } from '../types.ts';
import { type DmarcParseResult, type DmarcRecord, parseDmarc } from './dmarc-parse.ts';
import { looksLikeDmarc, versionProblem } from './dmarc-text.ts';
import { dnsError, txtStrings } from './dns-answers.ts';

/**
 * Which DMARC record applies to a domain: RFC 9989 §4.10 (the DNS Tree Walk) and §4.10.1 (policy
 * discovery), which replace RFC 7489's public suffix list with records published in the DNS.
 */

/** What one `_dmarc.<name>` TXT answer holds, as receivers read it (RFC 9989 §4.10 steps 2 and 6). */
export type DmarcLevel =
  | { kind: 'failed'; error: ReportError }
  | { kind: 'none' }
  /** More than one exact v=DMARC1 record: all of them are discarded. */
  | { kind: 'multiple'; texts: string[] }
  /** Only near misses (v=dmarc1, V = DMARC1x…): discarded, since the version must match exactly. */
  | { kind: 'misspelled'; text: string; part: string }
  | { kind: 'record'; text: string; parsed: DmarcParseResult };

export function classifyLevel(answer: DnsResult): DmarcLevel {
  if (!answer.ok) return { kind: 'failed', error: dnsError(answer) };
  const candidates = txtStrings(answer).filter(looksLikeDmarc);
  const exact = candidates.filter((text) => versionProblem(text) === null);
  if (exact.length > 1) return { kind: 'multiple', texts: exact };
  const [text] = exact;
  if (text !== undefined) return { kind: 'record', text, parsed: parseDmarc(text) };
  const [near] = candidates;
  if (near !== undefined) return { kind: 'misspelled', text: near, part: versionProblem(near) ?? 'v' };
  return { kind: 'none' };
}

export type DmarcSource = 'domain' | 'organizational' | 'public-suffix';

export interface AppliedDmarc {
  /** The domain whose `_dmarc` record applies. */
  domain: string;
  from: DmarcSource;
  text: string;
  record: DmarcRecord;
}

export interface TreeWalk {
  applied: AppliedDmarc | null;
  /** The questions a receiver would have needed that went unanswered: the outcome is uncertain. */
  errors: ReportError[];
  /** Every `_dmarc` name asked, in walk order (at most 7; with the domain's own, at most 8). */
  asked: string[];
}

/** RFC 9989 §4.10: no walk makes more than eight queries, the domain's own included. */
export const MAX_WALK_QUERIES = 8;

/**
 * The names the walk asks after the domain's own `_dmarc` record was not usable (§4.10.1): the parent,
 * or for a name of more than eight labels the last seven, then each parent up to the top-level domain.
 */
export function walkTargets(domain: string): string[] {
  const labels = domain.split('.').filter((l) => l !== '');
  const start = labels.length > MAX_WALK_QUERIES ? labels.length - (MAX_WALK_QUERIES - 1) : 1;
  const targets: string[] = [];
  for (let i = start; i < labels.length; i++) targets.push(labels.slice(i).join('.'));
  return targets;
}

interface WalkLevel {
  domain: string;
  text: string;
  parsed: DmarcParseResult;
}

/**
 * The DNS Tree Walk above `domain`, which has no usable record of its own. The questions go out
 * together (they are known in advance and at most seven), then the answers are read in the walk's
 * order, stopping where a receiver would stop: at a single record with psd=y or psd=n (step 6).
 */
export async function walkTree(domain: string, resolver: Resolver): Promise<TreeWalk> {
  const targets = walkTargets(domain);
  const answers = targets.map((target) => resolver.query(`_dmarc.${target}`, 'TXT'));
  const levels: WalkLevel[] = [];
  const errors: ReportError[] = [];
  const asked: string[] = [];
  for (const [i, target] of targets.entries()) {
    asked.push(`_dmarc.${target}`);
    const level = classifyLevel(await (answers[i] as Promise<DnsResult>));
    if (level.kind === 'failed') errors.push(level.error);
    if (level.kind !== 'record') continue;
    levels.push({ domain: target, text: level.text, parsed: level.parsed });
    const psd = psdOf(level.parsed);
    if (psd === 'y' || psd === 'n') break;
  }
  return { applied: selectPolicy(domain, levels), errors, asked };
}

function psdOf(parsed: DmarcParseResult): 'y' | 'n' | 'u' | undefined {
  return parsed.ok ? parsed.record.psd : parsed.psd;
}

/**
 * §4.10.2 picks the Organizational Domain from the records found, longest name first: psd=n marks it,
 * psd=y marks the name one label below, otherwise the record with the fewest labels. §4.10.1 then
 * applies the Organizational Domain's record, or failing that the Public Suffix Domain's.
 */
function selectPolicy(domain: string, levels: WalkLevel[]): AppliedDmarc | null {
  if (levels.length === 0) return null;
  const labels = domain.split('.');
  let organizational = levels[levels.length - 1]?.domain ?? domain;
  let publicSuffix: WalkLevel | undefined;
  for (const level of levels) {
    const psd = psdOf(level.parsed);
    if (psd === 'n') {
      organizational = level.domain;
      break;
    }
    if (psd === 'y') {
      publicSuffix = level;
      organizational = labels.slice(-(level.domain.split('.').length + 1)).join('.');
      break;
    }
  }
  const own = levels.find((level) => level.domain === organizational);
  if (own?.parsed.ok) {
    return { domain: own.domain, from: 'organizational', text: own.text, record: own.parsed.record };
  }
  if (publicSuffix?.parsed.ok) {
    const { domain: name, text, parsed } = publicSuffix;
    return { domain: name, from: 'public-suffix', text, record: parsed.record };
  }
  return null;
}
