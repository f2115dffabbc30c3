import { getDomain } from 'tldts-icann';
import type { Resolver } from '../dns/types.ts';
import type { FindingSpec, MailReport, ReportError } from '../types.ts';
import { type DmarcRecord, parseDmarc } from './dmarc-parse.ts';
import { dnsError, normalizeHost, recordsWithVersion } from './dns-answers.ts';

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

/** `domain` is the registrable domain: its own `_dmarc` record is the organizational policy (§6.6.3). */
export async function evaluateDmarc(domain: string, resolver: Resolver): Promise<DmarcEvaluation> {
  const name = normalizeHost(domain);
  const result = await resolver.query(`_dmarc.${name}`, 'TXT');
  if (!result.ok) return { dmarc: null, findings: [], errors: [dnsError(result)] };
  const records = recordsWithVersion(result, 'DMARC1');
  if (records.length === 0) {
    return {
      dmarc: null,
      findings: [{ id: 'dmarc.missing', severity: 'warning', args: [name] }],
      errors: [],
    };
  }
  // §6.6.3: more than one record means no policy at all.
  if (records.length > 1) {
    return {
      dmarc: null,
      findings: [
        { id: 'dmarc.multiple', severity: 'critical', args: [records.join(' | '), `_dmarc.${name}`] },
      ],
      errors: [],
    };
  }
  const text = records[0] ?? '';
  const parsed = parseDmarc(text);
  if (!parsed.ok) {
    return {
      dmarc: null,
      findings: [{ id: 'dmarc.syntax', severity: 'critical', args: [text, parsed.error.part] }],
      errors: [],
    };
  }
  const { record } = parsed;
  const findings = policyFindings(text, record);
  const external = await checkExternalReports(name, record, resolver);
  const dmarc: NonNullable<MailReport['dmarc']> = {
    record: text,
    policy: record.policy,
    subdomainPolicy: record.subdomainPolicy ?? record.policy,
    pct: record.pct,
    rua: record.rua.map((u) => u.uri),
  };
  return { dmarc, findings: [...findings, ...external.findings], errors: external.errors };
}

function policyFindings(text: string, record: DmarcRecord): FindingSpec[] {
  const findings: FindingSpec[] = [];
  if (record.policy === 'none') findings.push({ id: 'dmarc.policy-none', severity: 'warning', args: [text] });
  // checks.md: any pct below 100. Even with p=none it is reported: sp= may be quarantine/reject, and
  // the owner should know the policy will only cover part of the mail once it is tightened.
  if (record.pct < 100) {
    findings.push({ id: 'dmarc.partial', severity: 'info', args: [String(record.pct), text] });
  }
  if (record.rua.length === 0) findings.push({ id: 'dmarc.no-reports', severity: 'info', args: [text] });
  return findings;
}

/**
 * RFC 7489 §7.1: a report address outside the domain's organizational domain must be authorised by
 * a `<domain>._report._dmarc.<host>` TXT record starting with v=DMARC1, or receivers drop it.
 * Each distinct host is asked once, all in parallel.
 */
async function checkExternalReports(
  domain: string,
  record: DmarcRecord,
  resolver: Resolver,
): Promise<{ findings: FindingSpec[]; errors: ReportError[] }> {
  const own = getDomain(domain) ?? domain;
  const byHost = new Map<string, string[]>();
  for (const uri of [...record.rua, ...record.ruf]) {
    if ((getDomain(uri.host) ?? uri.host) === own) continue;
    const addresses = byHost.get(uri.host) ?? [];
    if (!addresses.includes(uri.address)) addresses.push(uri.address);
    byHost.set(uri.host, addresses);
  }
  const checks = [...byHost].map(async ([host, addresses]) => {
    const query = `${domain}._report._dmarc.${host}`;
    const result = await resolver.query(query, 'TXT');
    if (!result.ok) return { error: dnsError(result) };
    if (recordsWithVersion(result, 'DMARC1').length > 0) return {};
    const finding: FindingSpec = {
      id: 'dmarc.external-reports-unauthorized',
      severity: 'warning',
      args: [addresses.join(', '), query],
    };
    return { finding };
  });
  const outcomes = await Promise.all(checks);
  return {
    findings: outcomes.flatMap((o) => (o.finding ? [o.finding] : [])),
    errors: outcomes.flatMap((o) => (o.error ? [o.error] : [])),
  };
}
