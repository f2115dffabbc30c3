import type { Resolver } from '../dns/types.ts';
import type { FindingSpec, MailReport, ReportError } from '../types.ts';
import { type AppliedDmarc, classifyLevel, type DmarcLevel, walkTree } from './dmarc-discovery.ts';
import { checkExternalReports } from './dmarc-external.ts';
import { oneLevelLower, policiesInForce, policyFindings } from './dmarc-findings.ts';
import { normalizeHost } from './dns-answers.ts';

export type { AppliedDmarc, DmarcSource } from './dmarc-discovery.ts';
export type {
  DmarcParseResult,
  DmarcPolicy,
  DmarcRecord,
  DmarcReportUri,
  DmarcSyntaxError,
} from './dmarc-parse.ts';
export { parseDmarc } from './dmarc-parse.ts';

export interface DmarcEvaluation {
  dmarc: MailReport['dmarc'];
  findings: FindingSpec[];
  errors: ReportError[];
}

/**
 * The DMARC record that applies to `domain` (the registrable domain the report is about) and what
 * receivers make of it. Its own `_dmarc` record comes first; when it has none that receivers keep,
 * the RFC 9989 §4.10 tree walk looks above it (a Public Suffix Domain's psd=y record, for instance).
 */
export async function evaluateDmarc(domain: string, resolver: Resolver): Promise<DmarcEvaluation> {
  const name = normalizeHost(domain);
  const own = classifyLevel(await resolver.query(`_dmarc.${name}`, 'TXT'));
  if (own.kind === 'failed') return { dmarc: null, findings: [], errors: [own.error] };
  if (own.kind === 'record') {
    if (!own.parsed.ok) {
      // RFC 9989 §4.10.1: no usable p= and no valid rua=: no DMARC processing at all, and no walk.
      const finding: FindingSpec = {
        id: 'dmarc.syntax',
        severity: 'critical',
        args: [own.text, own.parsed.error.part],
      };
      return { dmarc: null, findings: [finding], errors: [] };
    }
    return applyRecord({ domain: name, from: 'domain', text: own.text, record: own.parsed.record }, resolver);
  }
  // No record receivers keep at the domain itself (none, several, or a misspelled version): walk up.
  const discarded = discardedFindings(name, own);
  const walk = await walkTree(name, resolver);
  if (walk.applied) {
    const result = await applyRecord(walk.applied, resolver);
    return {
      ...result,
      findings: [...discarded, ...result.findings],
      errors: [...walk.errors, ...result.errors],
    };
  }
  const missing: FindingSpec[] =
    own.kind === 'none' && walk.errors.length === 0
      ? [{ id: 'dmarc.missing', severity: 'warning', args: [name] }]
      : [];
  return { dmarc: null, findings: [...discarded, ...missing], errors: walk.errors };
}

function discardedFindings(name: string, own: DmarcLevel): FindingSpec[] {
  // RFC 7489 §6.6.3, RFC 9989 §4.10 step 2: several records mean none of them applies.
  if (own.kind === 'multiple') {
    return [{ id: 'dmarc.multiple', severity: 'critical', args: [own.texts.join(' | '), `_dmarc.${name}`] }];
  }
  if (own.kind === 'misspelled') {
    return [{ id: 'dmarc.syntax', severity: 'critical', args: [own.text, own.part] }];
  }
  return [];
}

async function applyRecord(applied: AppliedDmarc, resolver: Resolver): Promise<DmarcEvaluation> {
  const external = await checkExternalReports(applied.domain, applied.record, resolver);
  return {
    dmarc: summarize(applied),
    findings: [...policyFindings(applied), ...external.findings],
    errors: external.errors,
  };
}

function summarize(applied: AppliedDmarc): NonNullable<MailReport['dmarc']> {
  const { record } = applied;
  const policies = policiesInForce(applied);
  const summary: NonNullable<MailReport['dmarc']> = {
    record: applied.text,
    policy: policies.domain,
    subdomainPolicy: policies.subdomains,
    nonexistentSubdomainPolicy: policies.nonexistent,
    pct: record.pct,
    rua: record.rua.map((u) => u.uri),
    ruf: record.ruf.map((u) => u.uri),
    testing: record.testing === true,
    source: `_dmarc.${applied.domain}`,
    from: applied.from,
  };
  if (record.testing === true) summary.testingPolicy = oneLevelLower(policies.domain);
  if (record.psd) summary.psd = record.psd;
  return summary;
}
