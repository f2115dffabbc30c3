import type { FindingSpec } from '../types.ts';
import type { AppliedDmarc } from './dmarc-discovery.ts';
import type { DmarcPolicy } from './dmarc-parse.ts';

/** The policies a record puts in force for the domain that was asked, its subdomains and non-existent ones. */
export interface PoliciesInForce {
  domain: DmarcPolicy;
  subdomains: DmarcPolicy;
  nonexistent: DmarcPolicy;
}

/**
 * RFC 9989 §4.10.1: the domain's own record gives p=; a record found above it (Organizational or Public
 * Suffix Domain) gives sp= for an existing subdomain, which the asked domain is. Below the asked domain,
 * sp= applies to existing names and np= to non-existent ones, each defaulting as §4.7 says.
 */
export function policiesInForce(applied: AppliedDmarc): PoliciesInForce {
  const { record } = applied;
  const subdomains = record.subdomainPolicy ?? record.policy;
  return {
    domain: applied.from === 'domain' ? record.policy : subdomains,
    subdomains,
    nonexistent: record.nonexistentPolicy ?? subdomains,
  };
}

/** RFC 9989 §4.7 "t": with t=y receivers apply one level lower; it has no effect on "none". */
export function oneLevelLower(policy: DmarcPolicy): DmarcPolicy {
  return policy === 'reject' ? 'quarantine' : 'none';
}

export function policyFindings(applied: AppliedDmarc): FindingSpec[] {
  const { text, record } = applied;
  const policies = policiesInForce(applied);
  const findings: FindingSpec[] = [];
  if (record.ignored.length > 0) {
    findings.push({
      id: 'dmarc.tag-invalid',
      severity: 'warning',
      args: [record.ignored.join(', '), text, policies.domain],
    });
  }
  // The fallback to p=none is already explained by dmarc.tag-invalid; policy-none is for an explicit p=none.
  if (policies.domain === 'none' && !record.fallback) {
    findings.push({ id: 'dmarc.policy-none', severity: 'warning', args: [text] });
  }
  const weaker = subdomainsWeaker(applied, policies);
  if (weaker.length > 0) {
    findings.push({
      id: 'dmarc.subdomain-policy-none',
      severity: 'warning',
      args: [weaker.join(', '), text],
    });
  }
  const testing = testingFinding(applied, policies);
  if (testing) findings.push(testing);
  // checks.md: any pct below 100. Even with p=none it is reported: sp= may be quarantine/reject, and
  // the owner should know the policy will only cover part of the mail once it is tightened.
  if (record.pct < 100) {
    findings.push({ id: 'dmarc.partial', severity: 'info', args: [String(record.pct), text] });
  }
  if (record.obsolete.length > 0) {
    findings.push({ id: 'dmarc.obsolete-tags', severity: 'info', args: [record.obsolete.join(', '), text] });
  }
  if (record.rua.length === 0) findings.push({ id: 'dmarc.no-reports', severity: 'info', args: [text] });
  return findings;
}

/** An enforcing domain whose sp= or np= says none: forged mail from (non-existent) subdomains is delivered. */
function subdomainsWeaker(applied: AppliedDmarc, policies: PoliciesInForce): string[] {
  if (policies.domain === 'none') return [];
  const { record } = applied;
  const parts: string[] = [];
  if (record.subdomainPolicy === 'none') parts.push('sp=none');
  if (record.nonexistentPolicy === 'none') parts.push('np=none');
  return parts;
}

/**
 * t=y (RFC 9989 §4.7): receivers that follow RFC 9989 apply one level lower. A warning when that leaves
 * the domain at none (p=quarantine; t=y delivers forged mail normally), information for reject → quarantine.
 */
function testingFinding(applied: AppliedDmarc, policies: PoliciesInForce): FindingSpec | null {
  if (applied.record.testing !== true) return null;
  // t= "has no effect on any policy that is none"; a p=none domain is already dmarc.policy-none.
  const { domain } = policies;
  if (domain === 'none') return null;
  return {
    id: 'dmarc.testing',
    severity: domain === 'quarantine' ? 'warning' : 'info',
    args: [applied.text, domain, oneLevelLower(domain)],
  };
}
