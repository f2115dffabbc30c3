import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FakeZoneEntry, fakeResolver } from '../../../test/helpers/fake-resolver.ts';
import { googleWorkspaceZone } from '../../../test/helpers/mail-zones.ts';
import { evaluateDmarc } from './dmarc.ts';

function withDmarc(records: string[], extra: Record<string, FakeZoneEntry> = {}) {
  return fakeResolver({
    'example.com': { TXT: ['v=spf1 -all'] },
    '_dmarc.example.com': { TXT: records },
    ...extra,
  });
}

const ids = (findings: { id: string }[]) => findings.map((f) => f.id);
const evaluate = (record: string, extra: Record<string, FakeZoneEntry> = {}) =>
  evaluateDmarc('example.com', withDmarc([record], extra));

describe('evaluateDmarc: the summary and the healthy case', () => {
  it('reports nothing on a healthy domain and summarises the policy in force', async () => {
    const { dmarc, findings, errors } = await evaluateDmarc(
      'example.com',
      fakeResolver(googleWorkspaceZone()),
    );
    expect(findings).toEqual([]);
    expect(errors).toEqual([]);
    expect(dmarc).toEqual({
      record: 'v=DMARC1; p=reject; rua=mailto:dmarc@example.com; adkim=s; aspf=s',
      policy: 'reject',
      subdomainPolicy: 'reject',
      nonexistentSubdomainPolicy: 'reject',
      pct: 100,
      rua: ['mailto:dmarc@example.com'],
      ruf: [],
      testing: false,
      source: '_dmarc.example.com',
      from: 'domain',
    });
  });

  it('carries sp, np (RFC 9989), psd and ruf', async () => {
    const { dmarc } = await evaluate(
      'v=DMARC1; p=reject; sp=quarantine; np=reject; psd=n; rua=mailto:d@example.com; ruf=mailto:f@example.com',
    );
    expect(dmarc).toMatchObject({
      policy: 'reject',
      subdomainPolicy: 'quarantine',
      nonexistentSubdomainPolicy: 'reject',
      psd: 'n',
      ruf: ['mailto:f@example.com'],
    });
  });

  it('defaults np to sp, and sp to p (RFC 9989 §4.7)', async () => {
    expect(
      (await evaluate('v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@example.com')).dmarc,
    ).toMatchObject({
      subdomainPolicy: 'quarantine',
      nonexistentSubdomainPolicy: 'quarantine',
    });
  });
});

describe('evaluateDmarc: missing, multiple, discarded (RFC 7489 §6.6.3, RFC 9989 §4.10)', () => {
  it('reports dmarc.missing when _dmarc has no DMARC record and nothing applies from above', async () => {
    const resolver = withDmarc(['some other text']);
    const { dmarc, findings } = await evaluateDmarc('example.com', resolver);
    expect(dmarc).toBeNull();
    expect(findings).toEqual([{ id: 'dmarc.missing', severity: 'warning', args: ['example.com'] }]);
    // The tree walk asked the one name above: the top-level domain.
    expect(resolver.log).toContain('_dmarc.com TXT');
  });

  it('reports dmarc.missing on NXDOMAIN', async () => {
    expect(ids((await evaluateDmarc('example.com', fakeResolver({}))).findings)).toEqual(['dmarc.missing']);
  });

  it('reports a failed query as an error, with nothing missing and no walk', async () => {
    const resolver = fakeResolver({ '_dmarc.example.com': { fail: { reason: 'servfail' } } });
    const { findings, errors } = await evaluateDmarc('example.com', resolver);
    expect(findings).toEqual([]);
    expect(errors).toEqual([
      { source: 'dns', code: 'network', message: 'servfail (fake)', query: '_dmarc.example.com TXT' },
    ]);
    expect(resolver.log).not.toContain('_dmarc.com TXT');
  });

  it('reports a failed walk question as an error, never as missing', async () => {
    const resolver = fakeResolver({ '_dmarc.com': { fail: { reason: 'timeout' } } });
    const { findings, errors } = await evaluateDmarc('example.com', resolver);
    expect(findings).toEqual([]);
    expect(errors.map((e) => e.query)).toEqual(['_dmarc.com TXT']);
  });

  it('reports dmarc.multiple for two records', async () => {
    const { dmarc, findings } = await evaluateDmarc(
      'example.com',
      withDmarc(['v=DMARC1; p=reject', 'v=DMARC1; p=none']),
    );
    expect(dmarc).toBeNull();
    expect(findings).toEqual([
      {
        id: 'dmarc.multiple',
        severity: 'critical',
        args: ['v=DMARC1; p=reject | v=DMARC1; p=none', '_dmarc.example.com'],
      },
    ]);
  });

  it('reports dmarc.syntax, with the offending part, only when receivers discard the record', async () => {
    for (const [record, part] of [
      ['v=DMARC1; p=rejected', 'p=rejected'],
      ['v=DMARC1; adkim=s', 'p='],
      ['v=DMARC1; p=reject; sp=all; rua=ftp:', 'sp=all'],
    ]) {
      const { dmarc, findings } = await evaluate(record as string);
      expect(dmarc, record).toBeNull();
      expect(findings, record).toEqual([{ id: 'dmarc.syntax', severity: 'critical', args: [record, part] }]);
    }
  });

  it('reports a misspelled version as dmarc.syntax: receivers discard it', async () => {
    const record = 'v=dmarc1; p=reject; rua=mailto:d@example.com';
    const { dmarc, findings } = await evaluate(record);
    expect(dmarc).toBeNull();
    expect(findings).toEqual([{ id: 'dmarc.syntax', severity: 'critical', args: [record, 'v=dmarc1'] }]);
  });

  it('accepts an upper-case tag name V=DMARC1 (tag names are case-insensitive)', async () => {
    const { dmarc, findings } = await evaluate('V=DMARC1; P=reject; RUA=mailto:d@example.com');
    expect(dmarc?.policy).toBe('reject');
    expect(findings).toEqual([]);
  });
});

describe('evaluateDmarc: dmarc.tag-invalid (RFC 7489 §6.3, RFC 9989 §4.7)', () => {
  it('names the ignored parts, keeps the rest, and carries the policy in force', async () => {
    const record = 'v=DMARC1; p=reject; pct=150; ri=abc; rua=ftp://x.example.com,mailto:d@example.com';
    const { dmarc, findings } = await evaluate(record);
    expect(dmarc).toMatchObject({ policy: 'reject', pct: 100, rua: ['mailto:d@example.com'] });
    expect(findings).toContainEqual({
      id: 'dmarc.tag-invalid',
      severity: 'warning',
      args: ['pct=150, ri=abc, rua=ftp://x.example.com', record, 'reject'],
    });
  });

  it('applies p=none when p= is missing but rua= is valid (§6.6.3), without a second policy-none warning', async () => {
    const record = 'v=DMARC1; rua=mailto:d@example.com';
    const { dmarc, findings } = await evaluate(record);
    expect(dmarc).toMatchObject({ policy: 'none', subdomainPolicy: 'none' });
    expect(findings).toEqual([
      { id: 'dmarc.tag-invalid', severity: 'warning', args: ['p=', record, 'none'] },
    ]);
  });

  it('applies p=none when sp= is invalid and rua= is valid', async () => {
    const record = 'v=DMARC1; p=reject; sp=rejected; rua=mailto:d@example.com';
    const { dmarc, findings } = await evaluate(record);
    expect(dmarc?.policy).toBe('none');
    expect(findings).toEqual([
      { id: 'dmarc.tag-invalid', severity: 'warning', args: ['sp=rejected', record, 'none'] },
    ]);
  });

  it('reports an unusable rua= as ignored and as no reports', async () => {
    const record = 'v=DMARC1; p=reject; rua=https://reports.example.com/r';
    expect(ids((await evaluate(record)).findings)).toEqual(['dmarc.tag-invalid', 'dmarc.no-reports']);
  });
});

describe('evaluateDmarc: policy findings', () => {
  it('reports dmarc.policy-none', async () => {
    const record = 'v=DMARC1; p=none; rua=mailto:d@example.com';
    const { dmarc, findings } = await evaluate(record);
    expect(dmarc?.policy).toBe('none');
    expect(findings).toEqual([{ id: 'dmarc.policy-none', severity: 'warning', args: [record] }]);
  });

  it('reports dmarc.subdomain-policy-none for p=reject with sp=none or np=none', async () => {
    const record = 'v=DMARC1; p=reject; sp=none; np=none; rua=mailto:d@example.com';
    expect((await evaluate(record)).findings).toEqual([
      { id: 'dmarc.subdomain-policy-none', severity: 'warning', args: ['sp=none, np=none', record] },
    ]);
    const onlyNp = 'v=DMARC1; p=quarantine; np=none; rua=mailto:d@example.com';
    expect((await evaluate(onlyNp)).findings).toEqual([
      { id: 'dmarc.subdomain-policy-none', severity: 'warning', args: ['np=none', onlyNp] },
    ]);
  });

  it('does not report dmarc.subdomain-policy-none when the domain itself is at none or sp enforces', async () => {
    expect(ids((await evaluate('v=DMARC1; p=none; sp=none; rua=mailto:d@example.com')).findings)).toEqual([
      'dmarc.policy-none',
    ]);
    expect((await evaluate('v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@example.com')).findings).toEqual(
      [],
    );
  });

  it('reports dmarc.partial below pct=100, with dmarc.obsolete-tags (RFC 9989 removed pct)', async () => {
    const record = 'v=DMARC1; p=quarantine; pct=25; rua=mailto:d@example.com';
    const { dmarc, findings } = await evaluate(record);
    expect(dmarc?.pct).toBe(25);
    expect(findings).toEqual([
      { id: 'dmarc.partial', severity: 'info', args: ['25', record] },
      { id: 'dmarc.obsolete-tags', severity: 'info', args: ['pct=25', record] },
    ]);
  });

  it('reports pct=0 as partial (RFC 7489 §6.6.4: no message gets the policy itself)', async () => {
    const record = 'v=DMARC1; p=reject; pct=0; rua=mailto:d@example.com';
    expect((await evaluate(record)).findings).toContainEqual({
      id: 'dmarc.partial',
      severity: 'info',
      args: ['0', record],
    });
  });

  it('reports pct below 100 with p=none too (docs/checks.md: "pct below 100"; sp may still apply it)', async () => {
    const record = 'v=DMARC1; p=none; sp=reject; pct=10; rua=mailto:d@example.com';
    expect(ids((await evaluate(record)).findings)).toEqual([
      'dmarc.policy-none',
      'dmarc.partial',
      'dmarc.obsolete-tags',
    ]);
  });

  it('reports dmarc.obsolete-tags for rf and ri, but not pct=100 as partial', async () => {
    const record = 'v=DMARC1; p=reject; pct=100; rf=afrf; ri=86400; rua=mailto:d@example.com';
    expect((await evaluate(record)).findings).toEqual([
      { id: 'dmarc.obsolete-tags', severity: 'info', args: ['pct=100, rf=afrf, ri=86400', record] },
    ]);
  });

  it('reports dmarc.no-reports without rua', async () => {
    const record = 'v=DMARC1; p=reject; sp=quarantine';
    const { dmarc, findings } = await evaluate(record);
    expect(dmarc?.subdomainPolicy).toBe('quarantine');
    expect(findings).toEqual([{ id: 'dmarc.no-reports', severity: 'info', args: [record] }]);
  });
});

describe('evaluateDmarc: t=y testing mode (RFC 9989 §4.7)', () => {
  it('shows testing and the policy applied one level lower: reject → quarantine (info)', async () => {
    const record = 'v=DMARC1; p=reject; t=y; rua=mailto:d@example.com';
    const { dmarc, findings } = await evaluate(record);
    expect(dmarc).toMatchObject({ policy: 'reject', testing: true, testingPolicy: 'quarantine' });
    expect(findings).toEqual([
      { id: 'dmarc.testing', severity: 'info', args: [record, 'reject', 'quarantine'] },
    ]);
  });

  it('warns when testing leaves the domain at none: quarantine → none', async () => {
    const record = 'v=DMARC1; p=quarantine; t=y; rua=mailto:d@example.com';
    const { dmarc, findings } = await evaluate(record);
    expect(dmarc).toMatchObject({ testing: true, testingPolicy: 'none' });
    expect(findings).toEqual([
      { id: 'dmarc.testing', severity: 'warning', args: [record, 'quarantine', 'none'] },
    ]);
  });

  it('has no effect on p=none (t "has no effect on any policy that is none")', async () => {
    const record = 'v=DMARC1; p=none; t=y; rua=mailto:d@example.com';
    expect(ids((await evaluate(record)).findings)).toEqual(['dmarc.policy-none']);
  });

  it('says nothing for t=n', async () => {
    const { dmarc, findings } = await evaluate('v=DMARC1; p=reject; t=n; rua=mailto:d@example.com');
    expect(dmarc?.testing).toBe(false);
    expect(dmarc).not.toHaveProperty('testingPolicy');
    expect(findings).toEqual([]);
  });
});

describe('evaluateDmarc: the tree walk above the domain (RFC 9989 §4.10.1)', () => {
  it('applies a Public Suffix Domain record to a domain without its own, showing where it came from', async () => {
    const psdRecord = 'v=DMARC1; p=reject; sp=quarantine; np=reject; psd=y; rua=mailto:psd@bank.example';
    const resolver = fakeResolver({ '_dmarc.bank.example': { TXT: [psdRecord] } });
    const { dmarc, findings, errors } = await evaluateDmarc('giant.bank.example', resolver);
    expect(dmarc).toMatchObject({
      record: psdRecord,
      policy: 'quarantine',
      subdomainPolicy: 'quarantine',
      nonexistentSubdomainPolicy: 'reject',
      psd: 'y',
      source: '_dmarc.bank.example',
      from: 'public-suffix',
    });
    expect(findings).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('applies the Organizational Domain record to a subdomain asked directly, with sp=', async () => {
    const resolver = fakeResolver({
      '_dmarc.example.com': { TXT: ['v=DMARC1; p=reject; sp=none; rua=mailto:d@example.com'] },
    });
    const { dmarc, findings } = await evaluateDmarc('shop.example.com', resolver);
    expect(dmarc).toMatchObject({ policy: 'none', source: '_dmarc.example.com', from: 'organizational' });
    expect(ids(findings)).toEqual(['dmarc.policy-none']);
    // The report address is in the same Organizational Domain: no authorisation needed.
    expect(resolver.log.some((q) => q.includes('_report._dmarc'))).toBe(false);
  });

  it('still walks when the domain has several records, and reports them', async () => {
    const resolver = fakeResolver({
      '_dmarc.example.com': { TXT: ['v=DMARC1; p=reject', 'v=DMARC1; p=none'] },
      '_dmarc.com': { TXT: ['v=DMARC1; p=reject; psd=y; rua=mailto:d@com'] },
    });
    const { dmarc, findings } = await evaluateDmarc('example.com', resolver);
    expect(dmarc).toMatchObject({ from: 'public-suffix', source: '_dmarc.com' });
    expect(ids(findings)).toContain('dmarc.multiple');
  });

  it('does not walk when the domain has a record receivers discard (§4.10.1: no DMARC processing)', async () => {
    const resolver = fakeResolver({
      '_dmarc.example.com': { TXT: ['v=DMARC1; p=maybe'] },
      '_dmarc.com': { TXT: ['v=DMARC1; p=reject; psd=y'] },
    });
    const { dmarc } = await evaluateDmarc('example.com', resolver);
    expect(dmarc).toBeNull();
    expect(resolver.log).not.toContain('_dmarc.com TXT');
  });

  it('makes at most eight DMARC queries for a deep domain', async () => {
    const resolver = fakeResolver({});
    await evaluateDmarc(`${'a.'.repeat(20)}example.com`, resolver);
    expect(resolver.log.filter((q) => q.startsWith('_dmarc.'))).toHaveLength(8);
  });
});

describe('external report authorisation (RFC 9990 §3, RFC 7489 §7.1)', () => {
  const record =
    'v=DMARC1; p=reject; rua=mailto:a@rua.vendor.example,mailto:b@rua.vendor.example; ruf=mailto:f@other.example.org,mailto:d@mail.example.com';

  it('reports each unauthorised host once, with its addresses and the record that is missing', async () => {
    const resolver = withDmarc([record]);
    const { findings } = await evaluateDmarc('example.com', resolver);
    expect(findings).toEqual([
      {
        id: 'dmarc.external-reports-unauthorized',
        severity: 'warning',
        args: ['a@rua.vendor.example, b@rua.vendor.example', 'example.com._report._dmarc.rua.vendor.example'],
      },
      {
        id: 'dmarc.external-reports-unauthorized',
        severity: 'warning',
        args: ['f@other.example.org', 'example.com._report._dmarc.other.example.org'],
      },
    ]);
    // A subdomain of the same organizational domain needs no authorisation.
    expect(resolver.log).not.toContain('example.com._report._dmarc.mail.example.com TXT');
    expect(resolver.log.filter((q) => q.includes('_report._dmarc'))).toHaveLength(2);
  });

  it('accepts hosts that publish the authorisation record', async () => {
    const resolver = withDmarc([record], {
      'example.com._report._dmarc.rua.vendor.example': { TXT: ['v=DMARC1'] },
      'example.com._report._dmarc.other.example.org': { TXT: ['v=DMARC1;'] },
    });
    const { findings } = await evaluateDmarc('example.com', resolver);
    expect(findings).toEqual([]);
  });

  it('does not accept an authorisation record whose version is not exactly v=DMARC1 first (step 6)', async () => {
    const resolver = withDmarc(['v=DMARC1; p=reject; rua=mailto:a@vendor.example'], {
      'example.com._report._dmarc.vendor.example': {
        TXT: ['v=dmarc1', 'rua=mailto:a@vendor.example; v=DMARC1'],
      },
    });
    expect(ids((await evaluateDmarc('example.com', resolver)).findings)).toEqual([
      'dmarc.external-reports-unauthorized',
    ]);
  });

  it('accepts a wildcard authorisation as the resolver returns it', async () => {
    // `*._report._dmarc.vendor.example` answers under the asked name; a resolver returns it as such.
    const resolver = withDmarc(['v=DMARC1; p=reject; rua=mailto:a@vendor.example'], {
      'example.com._report._dmarc.vendor.example': { CNAME: 'auth.vendor.example' },
      'auth.vendor.example': { TXT: ['v=DMARC1'] },
    });
    expect((await evaluateDmarc('example.com', resolver)).findings).toEqual([]);
  });

  it('reports a failed authorisation query as an error, not as unauthorised', async () => {
    const resolver = withDmarc(['v=DMARC1; p=reject; rua=mailto:a@vendor.example'], {
      'example.com._report._dmarc.vendor.example': { fail: { reason: 'timeout' } },
    });
    const { findings, errors } = await evaluateDmarc('example.com', resolver);
    expect(findings).toEqual([]);
    expect(errors).toEqual([
      {
        source: 'dns',
        code: 'timeout',
        message: 'timeout (fake)',
        query: 'example.com._report._dmarc.vendor.example TXT',
      },
    ]);
  });

  it('reports as unauthorised, without asking, a name too long for the DNS (step 4)', async () => {
    const host = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(40)}.example.org`;
    const resolver = withDmarc([`v=DMARC1; p=reject; rua=mailto:r@${host}`]);
    const { findings } = await evaluateDmarc('example.com', resolver);
    expect(findings).toEqual([
      {
        id: 'dmarc.external-reports-unauthorized',
        severity: 'warning',
        args: [`r@${host}`, `example.com._report._dmarc.${host}`],
      },
    ]);
    expect(resolver.log.some((q) => q.includes('_report._dmarc'))).toBe(false);
  });

  it('asks about at most ten external hosts', async () => {
    const rua = Array.from({ length: 15 }, (_, i) => `mailto:r@vendor${i}.example`).join(',');
    const resolver = withDmarc([`v=DMARC1; p=reject; rua=${rua}`]);
    const { findings } = await evaluateDmarc('example.com', resolver);
    expect(findings).toHaveLength(10);
    expect(resolver.log.filter((q) => q.includes('_report._dmarc'))).toHaveLength(10);
  });

  it('compares organizational domains under multi-label public suffixes', async () => {
    const resolver = fakeResolver({
      '_dmarc.example.co.uk': {
        TXT: ['v=DMARC1; p=reject; rua=mailto:d@reports.example.co.uk,mailto:e@other.co.uk'],
      },
    });
    const { findings } = await evaluateDmarc('example.co.uk', resolver);
    expect(findings.map((f) => f.args?.[1])).toEqual(['example.co.uk._report._dmarc.other.co.uk']);
  });

  it('authorises against the domain the record came from (a PSD record found by the walk)', async () => {
    const resolver = fakeResolver({
      '_dmarc.bank.example': { TXT: ['v=DMARC1; p=reject; psd=y; rua=mailto:d@reports.example.net'] },
    });
    const { findings } = await evaluateDmarc('giant.bank.example', resolver);
    expect(findings.map((f) => f.args?.[1])).toEqual(['bank.example._report._dmarc.reports.example.net']);
  });
});

describe('evaluateDmarc: untrusted answers', () => {
  it('gives an evaluation, never a throw, whatever the _dmarc TXT strings hold', async () => {
    const piece = fc.constantFrom(
      'v=DMARC1',
      'V=dmarc1',
      ';',
      ' ',
      'p=',
      'sp=',
      'np=',
      'reject',
      'none',
      'psd=',
      'y',
      'n',
      't=y',
      'pct=',
      '0',
      'rua=',
      'ruf=',
      'mailto:',
      'r@',
      'vendor.example',
      'example.com',
      '!1k',
      ',',
      '=',
      'https://x',
    );
    const txt = fc.array(
      fc.oneof(
        fc.string({ maxLength: 60 }),
        fc.array(piece, { maxLength: 16 }).map((p) => p.join('')),
      ),
      {
        maxLength: 3,
      },
    );
    await fc.assert(
      fc.asyncProperty(txt, txt, async (own, tld) => {
        const resolver = fakeResolver({ '_dmarc.example.com': { TXT: own }, '_dmarc.com': { TXT: tld } });
        const result = await evaluateDmarc('example.com', resolver);
        expect(Array.isArray(result.findings)).toBe(true);
        if (result.dmarc) expect(['none', 'quarantine', 'reject']).toContain(result.dmarc.policy);
      }),
      { numRuns: 200 },
    );
  });
});

describe('external report overrides (RFC 9990 §3 step 9)', () => {
  const policy = 'v=DMARC1; p=reject; rua=mailto:a@vendor.example';

  it('accepts an override of rua= to the same destination host', async () => {
    const resolver = withDmarc([policy], {
      'example.com._report._dmarc.vendor.example': { TXT: ['v=DMARC1; rua=mailto:other@vendor.example'] },
    });
    expect((await evaluateDmarc('example.com', resolver)).findings).toEqual([]);
  });

  it('reports an override of rua= to another host: no report goes to either', async () => {
    const resolver = withDmarc([policy], {
      'example.com._report._dmarc.vendor.example': { TXT: ['v=DMARC1; rua=mailto:a@elsewhere.example'] },
    });
    expect((await evaluateDmarc('example.com', resolver)).findings).toEqual([
      {
        id: 'dmarc.external-reports-unauthorized',
        severity: 'warning',
        args: ['a@vendor.example', 'example.com._report._dmarc.vendor.example'],
      },
    ]);
  });

  it('ignores an override of a tag the policy does not use for that host', async () => {
    const resolver = withDmarc([policy], {
      'example.com._report._dmarc.vendor.example': { TXT: ['v=DMARC1; ruf=mailto:f@elsewhere.example'] },
    });
    expect((await evaluateDmarc('example.com', resolver)).findings).toEqual([]);
  });
});
