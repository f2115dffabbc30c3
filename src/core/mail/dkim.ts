import type { DnsResult, Resolver } from '../dns/types.ts';
import type { FindingSpec, MailReport, ReportError } from '../types.ts';
import { dnsError, normalizeHost, txtStrings } from './dns-answers.ts';
import { parseTagList } from './tag-list.ts';

/**
 * DKIM keys cannot be listed, only guessed by selector (RFC 6376 §3.6.2.1): the detected provider's
 * selectors first, then a short list of common ones. Kept short on purpose: each is one query.
 */
export const COMMON_DKIM_SELECTORS = [
  'google',
  'selector1',
  'selector2',
  'default',
  'k1',
  'k2',
  's1',
  's2',
  'dkim',
  'mail',
  'smtp',
  'mandrill',
] as const;

export interface DkimEvaluation {
  /** The selectors that publish a usable key. */
  dkim: MailReport['dkim'];
  /** Every selector that was asked, in order. */
  checkedSelectors: string[];
  findings: FindingSpec[];
  errors: ReportError[];
}

/** A DKIM key record (RFC 6376 §3.6.1) with a non-empty `p=`; an empty `p=` is a revoked key. */
export function hasDkimKey(text: string): boolean {
  const list = parseTagList(text);
  if (!list.ok) return false;
  const key = list.tags.find((t) => t.name === 'p');
  return key !== undefined && key.value.replace(/\s+/g, '') !== '';
}

/**
 * The parent of every selector, `_domainkey.<domain>` (RFC 6376 §3.6.2.1). Asked early, together with
 * the domain's other first questions: when it does not exist, no selector under it can (RFC 8020 §2),
 * and the selector questions are not asked at all.
 */
export function askDomainKeyParent(domain: string, resolver: Resolver): Promise<DnsResult> {
  return resolver.query(`_domainkey.${normalizeHost(domain)}`, 'TXT');
}

/**
 * Only an NXDOMAIN for the name itself proves the subtree empty: NODATA (an empty non-terminal above
 * real selectors answers NOERROR), an alias, or a question that went unanswered prove nothing, and
 * then every selector is asked as before.
 */
function subtreeIsEmpty(parent: DnsResult | undefined): boolean {
  return parent?.ok === true && parent.rcode === 'NXDOMAIN' && parent.cnames.length === 0;
}

export async function evaluateDkim(
  domain: string,
  resolver: Resolver,
  selectors: string[],
  /** The answer for `_domainkey.<domain>` ({@link askDomainKeyParent}), when the caller asked it. */
  parent?: Promise<DnsResult> | DnsResult,
): Promise<DkimEvaluation> {
  const name = normalizeHost(domain);
  const checkedSelectors = [
    ...new Set(
      [...selectors, ...COMMON_DKIM_SELECTORS].map((s) => s.trim().toLowerCase()).filter(isSelector),
    ),
  ];
  if (subtreeIsEmpty(await parent)) {
    // The evidence is the one answer that covers them all.
    const covered = `${checkedSelectors.join(', ')} (_domainkey.${name}: NXDOMAIN)`;
    return {
      dkim: [],
      checkedSelectors,
      findings: [
        { id: 'dkim.not-found', severity: 'info', args: [String(checkedSelectors.length), covered] },
      ],
      errors: [],
    };
  }
  const results = await Promise.all(
    checkedSelectors.map((selector) => resolver.query(`${selector}._domainkey.${name}`, 'TXT')),
  );
  const dkim: MailReport['dkim'] = [];
  const errors: ReportError[] = [];
  results.forEach((result, i) => {
    if (!result.ok) errors.push(dnsError(result));
    else if (txtStrings(result).some(hasDkimKey))
      dkim.push({ selector: checkedSelectors[i] ?? '', found: true });
  });
  // Absence is only claimed when every selector got an answer (checks.md).
  const findings: FindingSpec[] =
    dkim.length === 0 && errors.length === 0
      ? [
          {
            id: 'dkim.not-found',
            severity: 'info',
            args: [String(checkedSelectors.length), checkedSelectors.join(', ')],
          },
        ]
      : [];
  return { dkim, checkedSelectors, findings, errors };
}

/** A selector is one or more DNS labels (RFC 6376 §3.1). */
function isSelector(selector: string): boolean {
  return /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/.test(selector);
}
