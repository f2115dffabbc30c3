import type { Resolver } from '../dns/types.ts';
import type { ErrorCode, FetchLike, FindingSpec, MailReport, ReportError } from '../types.ts';
import { dnsError, normalizeHost, recordsWithVersion } from './dns-answers.ts';
import { mxMatchesPattern, parseMtaStsPolicy, parseMtaStsTxt } from './mta-sts-policy.ts';
import { describeFetchFailure, fetchPolicyText, type PolicyFetchFailure } from './policy-fetch.ts';

export type { MtaStsMode, MtaStsPolicy, MtaStsPolicyError, MtaStsPolicyResult } from './mta-sts-policy.ts';
export { mxMatchesPattern, parseMtaStsPolicy, parseMtaStsTxt } from './mta-sts-policy.ts';

export interface MtaStsEvaluation {
  mtaSts: MailReport['mtaSts'];
  findings: FindingSpec[];
  errors: ReportError[];
}

/** §3.3: the policy file is small; refuse anything larger than this. */
export const MTA_STS_MAX_POLICY_BYTES = 64 * 1024;

/** A transport failure is also an error of the report; a wrong answer is the domain's own problem. */
const POLICY_ERROR_CODES: Record<PolicyFetchFailure['reason'], ErrorCode | null> = {
  timeout: 'timeout',
  network: 'network',
  'http-status': 'http-status',
  redirect: 'http-status',
  'content-type': null,
  'too-large': null,
  blocked: 'blocked',
};

export async function evaluateMtaSts(
  domain: string,
  resolver: Resolver,
  fetch: FetchLike,
  mxHosts: string[],
  options: { timeoutMs: number; signal?: AbortSignal | undefined },
): Promise<MtaStsEvaluation> {
  const name = normalizeHost(domain);
  const result = await resolver.query(`_mta-sts.${name}`, 'TXT', { signal: options.signal });
  if (!result.ok) return { mtaSts: null, findings: [], errors: [dnsError(result)] };
  const records = recordsWithVersion(result, 'STSv1');
  if (records.length === 0) {
    return {
      mtaSts: null,
      findings: [{ id: 'mta-sts.missing', severity: 'info', args: [name] }],
      errors: [],
    };
  }
  // §3.1: senders ignore the policy unless there is exactly one valid record.
  const txt = records.length === 1 ? parseMtaStsTxt(records[0] ?? '') : null;
  if (!txt?.ok) {
    const reason = `_mta-sts.${name} TXT: ${records.join(' | ')}`;
    return { mtaSts: null, findings: [unreachable(name, reason)], errors: [] };
  }

  const url = `https://mta-sts.${name}/.well-known/mta-sts.txt`;
  const fetched = await fetchPolicyText(fetch, url, {
    timeoutMs: options.timeoutMs,
    maxBytes: MTA_STS_MAX_POLICY_BYTES,
    signal: options.signal,
  });
  if (!fetched.ok) {
    // The report was cancelled (a sweep's deadline, a closed popup): nothing is known of the
    // policy, and nothing is the domain's fault.
    if (options.signal?.aborted) {
      const message = `the check stopped before ${url} answered`;
      return {
        mtaSts: null,
        findings: [],
        errors: [{ source: 'mta-sts', code: 'timeout', message, query: url }],
      };
    }
    const reason = describeFetchFailure(fetched);
    // A transport failure is also an error of the report; a wrong answer is the domain's own problem.
    const code = POLICY_ERROR_CODES[fetched.reason];
    return {
      mtaSts: null,
      findings: [unreachable(name, reason)],
      errors: code ? [{ source: 'mta-sts', code, message: reason, query: url }] : [],
    };
  }
  const parsed = parseMtaStsPolicy(fetched.text);
  if (!parsed.ok) {
    return {
      mtaSts: null,
      findings: [unreachable(name, `${parsed.error.code}: ${parsed.error.part}`)],
      errors: [],
    };
  }
  const { policy } = parsed;
  const mtaSts = { mode: policy.mode, mx: policy.mx, maxAge: policy.maxAge, id: txt.record.id };
  return { mtaSts, findings: coverageFindings(policy.mode, policy.mx, mxHosts), errors: [] };
}

function unreachable(domain: string, reason: string): FindingSpec {
  return {
    id: 'mta-sts.policy-unreachable',
    severity: 'warning',
    args: [`https://mta-sts.${domain}/.well-known/mta-sts.txt`, reason],
  };
}

/** §4.1: in enforce mode a sender refuses an MX no pattern covers; in testing it only reports it. */
function coverageFindings(mode: string, patterns: string[], mxHosts: string[]): FindingSpec[] {
  if (mode === 'none') return [];
  const hosts = [...new Set(mxHosts.map(normalizeHost).filter((h) => h !== ''))];
  // Sorted, so the detail (and the report) reads the same whatever order the MX answer came in.
  const uncovered = hosts.filter((host) => !patterns.some((p) => mxMatchesPattern(host, p))).sort();
  if (uncovered.length === 0) return [];
  return [
    {
      id: 'mta-sts.mx-mismatch',
      severity: mode === 'enforce' ? 'critical' : 'warning',
      args: [uncovered.join(', '), patterns.join(', '), mode],
    },
  ];
}
