import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DohResolver } from '../src/core/dns/doh-client.ts';
import { buildReport, type ReportOptions } from '../src/core/report.ts';
import type { DomainReport, Severity } from '../src/core/types.ts';
import type { RdapServer } from './helpers/rdap-server.ts';
import { startRdapWorld } from './world/rdap-world.ts';
import { stackReportOptions } from './world/report-options.ts';

/**
 * The core against the real DNS stack (test/stack/SCENARIOS.md) and the RDAP world: each finding
 * appears on the domain that models it, with its severity, and never on the healthy domains.
 */
let rdap: RdapServer;
let options: ReportOptions;

beforeAll(async () => {
  rdap = await startRdapWorld();
  options = stackReportOptions(rdap.bootstrapUrl);
});
afterAll(() => rdap.stop());

async function report(domain: string): Promise<DomainReport> {
  const outcome = await buildReport(domain, options);
  if (!outcome.ok) throw new Error(`${domain}: ${outcome.reason}`);
  return outcome.report;
}

const severityOf = (r: DomainReport, id: string) => r.findings.find((f) => f.id === id)?.severity;

const EXPECTED: [string, string, Severity][] = [
  ['selfhosted.net', 'mail.single-point-of-failure', 'warning'],
  ['selfhosted.net', 'mail.shared-with-web', 'info'],
  ['selfhosted.net', 'registration.expires-soon', 'warning'],
  ['dangling-mx.com', 'mail.mx-unresolvable', 'critical'],
  ['dangling-mx.com', 'registration.expires-soon', 'critical'],
  ['half-dangling.com', 'mail.mx-unresolvable', 'warning'],
  ['mx-cname.com', 'mail.mx-is-cname', 'warning'],
  ['mx-ip.com', 'mail.mx-is-ip', 'warning'],
  ['null-mx.com', 'mail.null-mx', 'info'],
  ['no-mx.com', 'mail.no-mx', 'warning'],
  ['no-auth.com', 'spf.missing', 'warning'],
  ['no-auth.com', 'dmarc.missing', 'warning'],
  ['no-auth.com', 'dkim.not-found', 'info'],
  ['no-auth.com', 'mta-sts.missing', 'info'],
  ['no-auth.com', 'tls-rpt.missing', 'info'],
  ['spf-toomany.com', 'spf.too-many-lookups', 'critical'],
  ['spf-double.com', 'spf.multiple', 'critical'],
  ['spf-passall.com', 'spf.pass-all', 'critical'],
  ['spf-passall.com', 'registration.expired', 'critical'],
  ['spf-passall.com', 'registration.redemption', 'critical'],
  ['spf-neutral.com', 'spf.neutral-all', 'warning'],
  ['spf-ptr.com', 'spf.ptr', 'warning'],
  ['spf-include-broken.com', 'spf.include-broken', 'critical'],
  ['spf-void.com', 'spf.void-lookups', 'warning'],
  ['spf-syntax.com', 'spf.syntax', 'critical'],
  ['spf-passall-ip4.com', 'spf.pass-all', 'critical'],
  ['spf-exists-fixed.com', 'spf.pass-all', 'critical'],
  ['spf-mx-many.com', 'spf.too-many-lookups', 'critical'],
  ['spf-too-long.com', 'spf.record-too-long', 'warning'],
  ['spf-macro-bad.com', 'spf.syntax', 'critical'],
  ['spf-void-include.com', 'spf.void-lookups', 'warning'],
  ['dmarc-none.com', 'dmarc.policy-none', 'warning'],
  ['dmarc-none.com', 'registration.newly-registered', 'warning'],
  ['dmarc-double.com', 'dmarc.multiple', 'critical'],
  ['dmarc-syntax.com', 'dmarc.syntax', 'critical'],
  ['dmarc-nop-rua.com', 'dmarc.tag-invalid', 'warning'],
  ['dmarc-taginvalid.com', 'dmarc.tag-invalid', 'warning'],
  ['dmarc-sp-none.com', 'dmarc.subdomain-policy-none', 'warning'],
  ['dmarc-obsolete.com', 'dmarc.obsolete-tags', 'info'],
  ['dmarc-testing.com', 'dmarc.testing', 'warning'],
  ['dmarc-pct.com', 'dmarc.partial', 'info'],
  ['dmarc-pct.com', 'dmarc.obsolete-tags', 'info'],
  ['dmarc-norua.com', 'dmarc.no-reports', 'info'],
  ['dmarc-extrep.com', 'dmarc.external-reports-unauthorized', 'warning'],
  ['sts-mismatch.com', 'mta-sts.mx-mismatch', 'critical'],
  ['sts-testing-mismatch.com', 'mta-sts.mx-mismatch', 'warning'],
  ['sts-unreachable.com', 'mta-sts.policy-unreachable', 'warning'],
  ['bimi-brand.com', 'bimi.present', 'info'],
  ['single-ns.com', 'dns.single-nameserver', 'warning'],
  ['one-provider-ns.com', 'dns.nameservers-single-provider', 'info'],
  ['bogus-signed.org', 'dns.dnssec-broken', 'critical'],
  ['plain.org', 'dns.dnssec-unsigned', 'info'],
  ['panaderia-ejemplo.es', 'registration.no-rdap', 'info'],
  ['nettix-demo.com.pe', 'dmarc.policy-none', 'warning'],
  ['nettix-demo.com.pe', 'registration.no-rdap', 'info'],
  ['spf-unregistered.com', 'spf.include-unregistered', 'critical'],
  ['spf-include-broken.com', 'spf.include-unregistered', 'critical'],
  ['mx-unregistered.com', 'mail.mx-unregistered', 'critical'],
  ['ns-unregistered.com', 'dns.ns-unregistered', 'critical'],
  ['dmarc-report-unregistered.com', 'dmarc.report-domain-unregistered', 'warning'],
];

describe('scenario domains on the real DNS stack', () => {
  it.each(EXPECTED)('%s reports %s as %s', async (domain, id, severity) => {
    expect(severityOf(await report(domain), id)).toBe(severity);
  });

  const HEALTHY: [string, string][] = [
    ['acme-google.com', 'google-workspace'],
    ['contoso-m365.com', 'microsoft-365'],
    ['panaderia-ejemplo.es', 'zoho'],
    ['secure-signed.org', 'google-workspace'],
  ];

  it.each(HEALTHY)(
    '%s is healthy: provider %s, no warning or critical finding, no error',
    async (domain, provider) => {
      const r = await report(domain);
      expect(r.mail.provider?.id).toBe(provider);
      expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
      expect(r.errors).toEqual([]);
    },
  );

  it.each(HEALTHY)('%s gets the verdict "ok": complete, every check found or absent', async (domain) => {
    const r = await report(domain);
    expect(r.verdict).toBe('ok');
    expect(r.complete).toBe(true);
    const states = Object.values(r.checks).map((c) => c.state);
    expect(states.filter((state) => state === 'unknown')).toEqual([]);
  });

  it.each([
    ['dangling-mx.com', 'critical'],
    ['dmarc-none.com', 'warning'],
    ['bogus-signed.org', 'critical'],
    ['no-such-domain-anywhere.com', 'critical'],
  ])('%s gets the verdict %s', async (domain, verdict) => {
    expect((await report(domain)).verdict).toBe(verdict);
  });

  it('two SPF records are an SPF that was found (and fails), never "not published"', async () => {
    const r = await report('spf-double.com');
    expect(r.checks.spf).toEqual({ state: 'found', severity: 'critical' });
  });

  it('an SPF syntax error is a failing SPF check', async () => {
    expect((await report('spf-syntax.com')).checks.spf).toEqual({ state: 'found', severity: 'critical' });
  });

  it('a domain that does not exist: its mail checks are not applicable, its name servers absent', async () => {
    const r = await report('no-such-domain-anywhere.com');
    expect(r.checks.nameservers).toEqual({ state: 'absent', severity: 'critical' });
    for (const check of ['mx', 'spf', 'dmarc', 'dkim', 'mta-sts', 'tls-rpt', 'bimi'] as const)
      expect(r.checks[check].state).toBe('not-applicable');
    expect(r.checks.registration.state).toBe('absent');
  });

  it('a parked domain: DKIM, MTA-STS, TLS-RPT and BIMI are not applicable', async () => {
    const r = await report('null-mx.com');
    for (const check of ['dkim', 'mta-sts', 'tls-rpt', 'bimi'] as const)
      expect(r.checks[check].state).toBe('not-applicable');
    expect(r.checks.mx.state).toBe('found');
  });

  it('a TLD without RDAP: registration unsupported, with the registry lookup', async () => {
    const r = await report('nettix-demo.com.pe');
    expect(r.checks.registration).toEqual({ state: 'unsupported', severity: 'info' });
    expect(r.mail.provider?.id).toBe('microsoft-365');
  });

  it.each([
    ['spf-unregistered.com', 'spf.include-unregistered', 'gone-provider-xyz.com', 'can send mail as you'],
    ['mx-unregistered.com', 'mail.mx-unregistered', 'gone-mailhost-xyz.net', 'receives your mail'],
    ['ns-unregistered.com', 'dns.ns-unregistered', 'gone-dnshost-xyz.com', 'controls your dns'],
    [
      'dmarc-report-unregistered.com',
      'dmarc.report-domain-unregistered',
      'gone-reports-xyz.com',
      'reads your reports',
    ],
  ])('%s: %s says whoever registers %s %s', async (domain, id, dependency, consequence) => {
    const finding = (await report(domain)).findings.find((f) => f.id === id);
    expect(finding?.detail.toLowerCase()).toContain(`whoever registers ${dependency} ${consequence}`);
  });

  it.each(['acme-google.com', 'contoso-m365.com', 'gated-corp.com', 'selfhosted.net', 'dmarc-extrep.com'])(
    '%s depends on no domain that is unregistered',
    async (domain) => {
      const ids = (await report(domain)).findings.map((f) => f.id);
      expect(ids.filter((id) => id.endsWith('-unregistered'))).toEqual([]);
    },
  );

  it('asks the SOA of each dependency domain once in a cold report', async () => {
    const cold = stackReportOptions(rdap.bootstrapUrl);
    const outcome = await buildReport('mx-unregistered.com', cold);
    expect(outcome.ok).toBe(true);
    const asked = (cold.resolver as DohResolver).stats().byQuestion;
    const soa = Object.entries(asked).filter(([question]) => question.endsWith(' SOA'));
    expect(Object.fromEntries(soa)).toEqual({
      'mx-unregistered.com SOA': 1,
      'google.com SOA': 1,
      'gone-mailhost-xyz.net SOA': 1,
      'dns-host-a.net SOA': 1,
      'dns-host-b.com SOA': 1,
    });
    expect(Object.values(asked).every((n) => n === 1)).toBe(true);
  });

  it.each([
    ['no-auth.com', []],
    ['acme-google.com', ['google']],
  ])(
    '%s: selectors are asked only when _domainkey exists (RFC 8020); keys found: %j',
    async (domain, keys) => {
      const cold = stackReportOptions(rdap.bootstrapUrl);
      const outcome = await buildReport(domain, cold);
      if (!outcome.ok) throw new Error(outcome.reason);
      const selectors = Object.keys((cold.resolver as DohResolver).stats().byQuestion).filter((q) =>
        /^[^_ ][^ ]*\._domainkey\./.test(q),
      );
      expect(selectors.length > 0).toBe(keys.length > 0);
      expect(outcome.report.mail.dkim.map((k) => k.selector)).toEqual(keys);
      expect(outcome.report.checks.dkim.state).toBe(keys.length > 0 ? 'found' : 'absent');
    },
  );

  it('names the term and the evidence in the new SPF findings', async () => {
    const args = async (domain: string, id: string) =>
      (await report(domain)).findings.find((f) => f.id === id)?.args;
    expect((await args('spf-passall-ip4.com', 'spf.pass-all'))?.slice(2)).toEqual([
      'ip4:0.0.0.0/0',
      'spf-passall-ip4.com',
    ]);
    expect((await args('spf-exists-fixed.com', 'spf.pass-all'))?.[2]).toBe(
      'exists:always.spf-exists-fixed.com',
    );
    expect((await args('spf-mx-many.com', 'spf.too-many-lookups'))?.[1]).toContain(
      'mx:relays.spf-mx-many.com (11 MX)',
    );
    expect((await args('spf-too-long.com', 'spf.record-too-long'))?.[0]).toBe('680');
    expect((await args('spf-macro-bad.com', 'spf.syntax'))?.slice(1)).toEqual([
      'exp=%{r}.explain.spf-macro-bad.com',
      'RFC 7208 §7.2',
    ]);
    expect((await args('spf-void-include.com', 'spf.void-lookups'))?.[1]).toBe(
      '_spf.spf-void-include.com, ghost.spf-void-include.com',
    );
  });

  it('keeps the record and says "found" for a domain with two SPF records', async () => {
    const r = await report('spf-double.com');
    expect(r.mail.spf?.record).toBe('v=spf1 include:_spf.google.com ~all');
    expect(r.checks.spf).toEqual({ state: 'found', severity: 'critical' });
  });

  it('accepts ":" and "/" inside a domain-spec and macros: spf-colon-ok.com has no SPF finding', async () => {
    const r = await report('spf-colon-ok.com');
    expect(r.findings.filter((f) => f.id.startsWith('spf.'))).toEqual([]);
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(r.checks.spf).toEqual({ state: 'found', severity: 'none' });
    expect(r.mail.spf).toMatchObject({ lookups: 6, voidLookups: 0, all: '~all' });
    expect(r.errors).toEqual([]);
  });

  it('finds the mailbox provider behind a filtering gateway', async () => {
    const r = await report('gated-corp.com');
    expect([r.mail.gateway?.id, r.mail.provider?.id]).toEqual(['mimecast', 'microsoft-365']);
  });

  it('carries the DMARC policy receivers apply when they ignore part of the record (RFC 7489 §6.3, §6.6.3)', async () => {
    const taginvalid = await report('dmarc-taginvalid.com');
    expect(taginvalid.mail.dmarc).toMatchObject({
      policy: 'reject',
      source: '_dmarc.dmarc-taginvalid.com',
      from: 'domain',
    });
    expect(taginvalid.findings.find((f) => f.id === 'dmarc.tag-invalid')?.args?.[0]).toBe(
      'adkim=bob, fo=x, ruf=ftp://reports.dmarc-taginvalid.com/dmarc',
    );
    expect(taginvalid.checks.dmarc).toEqual({ state: 'found', severity: 'warning' });
    const nop = await report('dmarc-nop-rua.com');
    expect(nop.mail.dmarc?.policy).toBe('none');
    expect(nop.findings.filter((f) => f.id.startsWith('dmarc.')).map((f) => f.id)).toEqual([
      'dmarc.tag-invalid',
    ]);
  });

  it('shows RFC 9989 testing mode and the policy applied while testing', async () => {
    expect((await report('dmarc-testing.com')).mail.dmarc).toMatchObject({
      policy: 'quarantine',
      testing: true,
      testingPolicy: 'none',
    });
  });

  it('discards a record with a misspelled p= and no rua=: no policy, check found (critical)', async () => {
    const r = await report('dmarc-syntax.com');
    expect(r.mail.dmarc).toBeNull();
    expect(r.checks.dmarc).toEqual({ state: 'found', severity: 'critical' });
  });

  it.each([
    'acme-google.com',
    'contoso-m365.com',
    'panaderia-ejemplo.es',
    'secure-signed.org',
    'dmarc-upper.com',
  ])(
    '%s has no DMARCbis finding (tag-invalid, subdomain-policy-none, obsolete-tags, testing)',
    async (domain) => {
      const r = await report(domain);
      const dmarcIds = r.findings.map((f) => f.id).filter((id) => id.startsWith('dmarc.'));
      expect(dmarcIds).toEqual([]);
      expect(r.mail.dmarc).toMatchObject({ testing: false, from: 'domain' });
      expect(r.mail.dmarc?.policy).not.toBe('none');
    },
  );

  it('a domain without DMARC asks the TLD once (tree walk) and is still missing', async () => {
    const r = await report('no-auth.com');
    expect(r.findings.map((f) => f.id)).toContain('dmarc.missing');
    expect(r.checks.dmarc.state).toBe('absent');
  });

  it('authorised external DMARC reports raise nothing', async () => {
    const r = await report('dmarc-extrep-ok.com');
    expect(r.findings.map((f) => f.id)).not.toContain('dmarc.external-reports-unauthorized');
  });

  it('a signed domain is secure and not reported as unsigned', async () => {
    const r = await report('secure-signed.org');
    expect(r.dns.dnssec).toBe('secure');
    expect(r.findings.map((f) => f.id)).not.toContain('dns.dnssec-unsigned');
  });

  it('a domain that does not exist says so once, with no "missing" mail findings', async () => {
    const r = await report('no-such-domain-anywhere.com');
    // The RDAP world answers 404 for it too: not registered, so no registration.lookup-failed either.
    expect(r.findings.map((f) => f.id)).toEqual(['dns.nxdomain']);
  });

  it('a look-alike MX host is not attributed to Google', async () => {
    const r = await report('lookalike-mx.com');
    expect(r.mail.provider?.id).not.toBe('google-workspace');
  });

  it('a parked domain gets no DKIM, MTA-STS, TLS-RPT or BIMI findings', async () => {
    const ids = (await report('null-mx.com')).findings.map((f) => f.id);
    expect(ids.filter((id) => /^(dkim|mta-sts|tls-rpt|bimi)\./.test(id))).toEqual([]);
  });

  it('carries the registration with registrar contacts from the registrar follow-up', async () => {
    const r = await report('acme-google.com');
    expect(r.registration?.registrar?.abuseEmail).toBe('abuse@registrar-ejemplo.example');
    expect(r.registration?.expires).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('names a Unicode domain for display and punycode for the record', async () => {
    const r = await report('https://www.panadería-ejemplo.es/pan');
    expect([r.domain, r.unicode]).toEqual(['xn--panadera-ejemplo-fsb.es', 'panadería-ejemplo.es']);
  });
});
