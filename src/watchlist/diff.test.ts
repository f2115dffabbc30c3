import { describe, expect, it } from 'vitest';
import { diffSummaries } from './diff.ts';
import { carryForward, summarizeReport } from './summary.ts';
import { finding, registration, report } from './test-helpers.ts';

const base = summarizeReport(report());
const later = (overrides: Parameters<typeof report>[0]) =>
  summarizeReport(report({ checkedAt: '2026-11-27T12:00:00.000Z', ...overrides }));
const kinds = (changes: { kind: string }[]) => changes.map((c) => c.kind);

describe('diffSummaries', () => {
  it('finds nothing between two identical checks', () => {
    expect(diffSummaries(base, later({}))).toEqual([]);
  });

  it('reports a new mail provider with both names', () => {
    const next = later({
      mail: {
        ...report().mail,
        mx: [{ preference: 0, exchange: 'example-com.mail.protection.outlook.com', addresses: [] }],
        provider: { id: 'microsoft-365', name: 'Microsoft 365' },
      },
    });
    const changes = diffSummaries(base, next);
    expect(changes).toContainEqual({
      at: '2026-11-27T12:00:00.000Z',
      kind: 'mail-provider',
      before: 'Google Workspace',
      after: 'Microsoft 365',
    });
    expect(changes.find((c) => c.kind === 'mx')).toMatchObject({
      before: 'aspmx.l.google.com',
      after: 'example-com.mail.protection.outlook.com',
    });
  });

  it('reports a gateway put in front of the mailbox provider', () => {
    const next = later({ mail: { ...report().mail, gateway: { id: 'mimecast', name: 'Mimecast' } } });
    expect(diffSummaries(base, next)).toEqual([
      { at: next.checkedAt, kind: 'mail-gateway', before: null, after: 'Mimecast' },
    ]);
  });

  it('ignores MX order and case', () => {
    const mail = report().mail;
    const a = summarizeReport(report({ mail: { ...mail, mx: [mx('A.example.'), mx('b.example')] } }));
    const b = later({ mail: { ...mail, mx: [mx('b.example'), mx('a.example')] } });
    expect(diffSummaries(a, b)).toEqual([]);
  });

  it('reports a changed NS set', () => {
    const next = later({ dns: { nameservers: ['ns1.other.net', 'ns2.other.net'], dnssec: 'insecure' } });
    expect(kinds(diffSummaries(base, next))).toEqual(['ns']);
  });

  it('reports a new registrar', () => {
    const reg = registration({
      registrar: { name: 'Other', ianaId: null, url: null, abuseEmail: null, abusePhone: null },
    });
    expect(diffSummaries(base, later({ registration: reg }))).toEqual([
      { at: '2026-11-27T12:00:00.000Z', kind: 'registrar', before: 'Example Registrar', after: 'Other' },
    ]);
  });

  it('reads a later expiry date as a renewal', () => {
    const next = later({ registration: registration({ expires: '2028-01-01T00:00:00Z' }) });
    expect(kinds(diffSummaries(base, next))).toEqual(['expiry-renewed']);
  });

  it('reads an earlier expiry date as shortened', () => {
    const next = later({ registration: registration({ expires: '2026-12-01T00:00:00Z' }) });
    expect(kinds(diffSummaries(base, next))).toEqual(['expiry-shortened']);
  });

  it('does not call the same instant written differently a change', () => {
    const next = later({ registration: registration({ expires: '2027-01-01T00:00:00.000+00:00' }) });
    expect(diffSummaries(base, next)).toEqual([]);
  });

  it('reports changed EPP statuses', () => {
    const next = later({ registration: registration({ status: ['client hold'] }) });
    expect(diffSummaries(base, next)).toContainEqual(
      expect.objectContaining({ kind: 'status', before: 'client transfer prohibited', after: 'client hold' }),
    );
  });

  it('reports changed SPF and DMARC records', () => {
    const mail = report().mail;
    const next = later({
      mail: { ...mail, spf: { record: 'v=spf1 -all', lookups: 0, all: '-all' }, dmarc: null },
    });
    expect(kinds(diffSummaries(base, next))).toEqual(['spf', 'dmarc']);
  });

  it('reports findings that appeared and were resolved, with their severity', () => {
    const a = summarizeReport(report({ findings: [finding('dmarc.policy-none', 'warning')] }));
    const b = later({ findings: [finding('spf.pass-all', 'critical')] });
    expect(diffSummaries(a, b)).toEqual([
      expect.objectContaining({ kind: 'finding-appeared', findingId: 'spf.pass-all', severity: 'critical' }),
      expect.objectContaining({
        kind: 'finding-resolved',
        findingId: 'dmarc.policy-none',
        severity: 'warning',
      }),
    ]);
  });

  it('does not read a failed MX lookup as "MX records removed"', () => {
    const next = later({
      mail: { ...report().mail, mx: [], provider: null },
      errors: [{ source: 'dns', code: 'timeout', message: 'timeout', query: 'example.com MX' }],
    });
    expect(kinds(diffSummaries(base, next))).toEqual([]);
  });

  it('does not compare registration when the TLD has no RDAP', () => {
    expect(kinds(diffSummaries(base, later({ registration: null })))).toEqual([]);
  });
});

describe('carryForward', () => {
  it('keeps the last known values and findings of the parts a check could not see', () => {
    const before = summarizeReport(report({ findings: [finding('spf.neutral-all', 'warning')] }));
    const failed = later({
      mail: { ...report().mail, spf: null },
      findings: [finding('dns.lookup-failed', 'warning')],
      errors: [{ source: 'dns', code: 'timeout', message: 'SERVFAIL', query: 'example.com TXT' }],
    });
    const merged = carryForward(before, failed);
    expect(merged.spf).toBe(before.spf);
    expect(merged.findings.map((f) => f.id).sort()).toEqual(['dns.lookup-failed', 'spf.neutral-all']);
    expect(diffSummaries(before, merged).map((c) => c.kind)).toEqual(['finding-appeared']);
  });

  it('keeps the registration when the RDAP lookup failed', () => {
    const failed = later({
      registration: undefined,
      errors: [{ source: 'rdap', code: 'timeout', message: 'HTTP 503' }],
    });
    const merged = carryForward(base, failed);
    expect([merged.registrar, merged.expires]).toEqual([base.registrar, base.expires]);
  });
});

function mx(exchange: string) {
  return { preference: 10, exchange, addresses: [] };
}
