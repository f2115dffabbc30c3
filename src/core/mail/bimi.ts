import type { Resolver } from '../dns/types.ts';
import type { FindingSpec, MailReport, ReportError } from '../types.ts';
import { dnsError, normalizeHost, recordsWithVersion } from './dns-answers.ts';

/** BIMI (draft-brand-indicators-for-message-identification): shown, not judged (docs/checks.md). */

export interface BimiEvaluation {
  bimi: MailReport['bimi'];
  findings: FindingSpec[];
  errors: ReportError[];
}

export async function evaluateBimi(domain: string, resolver: Resolver): Promise<BimiEvaluation> {
  const result = await resolver.query(`default._bimi.${normalizeHost(domain)}`, 'TXT');
  if (!result.ok) return { bimi: null, findings: [], errors: [dnsError(result)] };
  const [record] = recordsWithVersion(result, 'BIMI1');
  if (record === undefined) return { bimi: null, findings: [], errors: [] };
  return {
    bimi: { record },
    findings: [{ id: 'bimi.present', severity: 'info', args: [record] }],
    errors: [],
  };
}
