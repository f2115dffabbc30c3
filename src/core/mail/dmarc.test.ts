import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FakeZoneEntry, fakeResolver } from '../../../test/helpers/fake-resolver.ts';
import { googleWorkspaceZone } from '../../../test/helpers/mail-zones.ts';
import { evaluateDmarc, parseDmarc } from './dmarc.ts';

function withDmarc(records: string[], extra: Record<string, FakeZoneEntry> = {}) {
  return fakeResolver({
    'example.com': { TXT: ['v=spf1 -all'] },
    '_dmarc.example.com': { TXT: records },
    ...extra,
  });
}

const ids = (findings: { id: string }[]) => findings.map((f) => f.id);

describe('parseDmarc', () => {
  it('reads the policy tags with RFC 7489 defaults', () => {
    const result = parseDmarc('v=DMARC1; p=quarantine; rua=mailto:d@example.com');
    expect(result).toEqual({
      ok: true,
      record: {
        policy: 'quarantine',
        pct: 100,
        adkim: 'r',
        aspf: 'r',
        fo: ['0'],
        rua: [{ uri: 'mailto:d@example.com', address: 'd@example.com', host: 'example.com' }],
        ruf: [],
      },
    });
  });

  it('reads sp, np, pct, alignment, fo and DMARCbis t and psd', () => {
    const result = parseDmarc(
      'v=DMARC1;p=reject;sp=quarantine;np=reject;pct=50;adkim=s;aspf=s;fo=1:d;t=y;psd=n;',
    );
    expect(result.ok && result.record).toMatchObject({
      policy: 'reject',
      subdomainPolicy: 'quarantine',
      nonexistentPolicy: 'reject',
      pct: 50,
      adkim: 's',
      aspf: 's',
      fo: ['1', 'd'],
      testing: true,
      psd: 'n',
    });
  });

  it('reads several report URIs with size limits and spaces around commas', () => {
    const result = parseDmarc(
      'v=DMARC1; p=none; rua=mailto:a@example.com!10m , mailto:b@Reports.Example.NET',
    );
    expect(result.ok && result.record.rua).toEqual([
      {
        uri: 'mailto:a@example.com',
        address: 'a@example.com',
        host: 'example.com',
        maxSize: 10 * 1024 * 1024,
      },
      { uri: 'mailto:b@Reports.Example.NET', address: 'b@reports.example.net', host: 'reports.example.net' },
    ]);
  });

  it('ignores unknown tags (§6.3)', () => {
    expect(parseDmarc('v=DMARC1; p=none; foo=bar; rf=afrf; ri=86400').ok).toBe(true);
  });

  it('requires v=DMARC1 first', () => {
    expect(parseDmarc('p=none; v=DMARC1')).toEqual({
      ok: false,
      error: { code: 'version-not-first', part: 'p=none' },
    });
    expect(parseDmarc('v=DMARC2; p=none')).toMatchObject({ ok: false, error: { code: 'version-not-first' } });
  });

  it('requires p', () => {
    expect(parseDmarc('v=DMARC1; rua=mailto:d@example.com')).toEqual({
      ok: false,
      error: { code: 'missing-policy', part: 'p' },
    });
  });

  it('rejects unknown values of known tags', () => {
    for (const [record, part] of [
      ['v=DMARC1; p=block', 'p=block'],
      ['v=DMARC1; p=none; sp=maybe', 'sp=maybe'],
      ['v=DMARC1; p=none; np=all', 'np=all'],
      ['v=DMARC1; p=none; adkim=x', 'adkim=x'],
      ['v=DMARC1; p=none; aspf=strict', 'aspf=strict'],
      ['v=DMARC1; p=none; pct=101', 'pct=101'],
      ['v=DMARC1; p=none; pct=-1', 'pct=-1'],
      ['v=DMARC1; p=none; fo=2', 'fo=2'],
    ]) {
      expect(parseDmarc(record as string)).toEqual({ ok: false, error: { code: 'bad-value', part } });
    }
  });

  it('rejects report URIs that are not mailto: addresses', () => {
    expect(parseDmarc('v=DMARC1; p=none; rua=d@example.com')).toMatchObject({
      ok: false,
      error: { code: 'bad-uri' },
    });
    expect(parseDmarc('v=DMARC1; p=none; rua=https://example.com/r')).toMatchObject({ ok: false });
    expect(parseDmarc('v=DMARC1; p=none; ruf=mailto:d@example.com!big')).toMatchObject({ ok: false });
  });

  it('accepts an empty tag between separators, as receivers do (v=DMARC1; p=reject;; rua=…)', () => {
    expect(parseDmarc('v=DMARC1; p=reject;; rua=mailto:d@example.com')).toMatchObject({
      ok: true,
      record: { policy: 'reject', rua: [{ address: 'd@example.com' }] },
    });
    expect(parseDmarc('v=DMARC1; ; p=quarantine ;')).toMatchObject({
      ok: true,
      record: { policy: 'quarantine' },
    });
  });

  it('rejects a repeated tag and a malformed part', () => {
    expect(parseDmarc('v=DMARC1; p=none; p=reject')).toEqual({
      ok: false,
      error: { code: 'duplicate-tag', part: 'p' },
    });
    expect(parseDmarc('v=DMARC1; p=none; rua')).toEqual({
      ok: false,
      error: { code: 'malformed', part: 'rua' },
    });
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(typeof parseDmarc(text).ok).toBe('boolean');
      }),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            'v=DMARC1',
            ';',
            ' ',
            'p=',
            'none',
            'rua=',
            'mailto:',
            '@',
            '%',
            '!',
            'x.com',
            ',',
            '=',
          ),
        ),
        (parts) => {
          expect(typeof parseDmarc(parts.join('')).ok).toBe('boolean');
        },
      ),
    );
  });
});

describe('evaluateDmarc', () => {
  it('reports nothing on a healthy domain and summarises the policy', async () => {
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
      pct: 100,
      rua: ['mailto:dmarc@example.com'],
    });
  });

  it('reports dmarc.missing when _dmarc has no DMARC record', async () => {
    const { dmarc, findings } = await evaluateDmarc('example.com', withDmarc(['some other text']));
    expect(dmarc).toBeNull();
    expect(findings).toEqual([{ id: 'dmarc.missing', severity: 'warning', args: ['example.com'] }]);
  });

  it('reports dmarc.missing on NXDOMAIN', async () => {
    const { findings } = await evaluateDmarc('example.com', fakeResolver({}));
    expect(ids(findings)).toEqual(['dmarc.missing']);
  });

  it('reports a failed query as an error and nothing missing', async () => {
    const resolver = fakeResolver({ '_dmarc.example.com': { fail: { reason: 'servfail' } } });
    const { findings, errors } = await evaluateDmarc('example.com', resolver);
    expect(findings).toEqual([]);
    expect(errors).toEqual([
      { source: 'dns', code: 'network', message: 'servfail (fake)', query: '_dmarc.example.com TXT' },
    ]);
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

  it('reports dmarc.syntax with the offending part', async () => {
    const { findings } = await evaluateDmarc(
      'example.com',
      withDmarc(['v=DMARC1; p=rejected; rua=mailto:d@example.com']),
    );
    expect(findings).toEqual([
      {
        id: 'dmarc.syntax',
        severity: 'critical',
        args: ['v=DMARC1; p=rejected; rua=mailto:d@example.com', 'p=rejected'],
      },
    ]);
  });

  it('reports dmarc.policy-none', async () => {
    const record = 'v=DMARC1; p=none; rua=mailto:d@example.com';
    const { dmarc, findings } = await evaluateDmarc('example.com', withDmarc([record]));
    expect(dmarc?.policy).toBe('none');
    expect(findings).toEqual([{ id: 'dmarc.policy-none', severity: 'warning', args: [record] }]);
  });

  it('reports dmarc.partial below pct=100', async () => {
    const record = 'v=DMARC1; p=quarantine; pct=25; rua=mailto:d@example.com';
    const { dmarc, findings } = await evaluateDmarc('example.com', withDmarc([record]));
    expect(dmarc?.pct).toBe(25);
    expect(findings).toEqual([{ id: 'dmarc.partial', severity: 'info', args: ['25', record] }]);
  });

  it('reports pct below 100 with p=none too (checks.md: "pct below 100"; sp may still apply it)', async () => {
    const record = 'v=DMARC1; p=none; sp=reject; pct=10; rua=mailto:d@example.com';
    const { findings } = await evaluateDmarc('example.com', withDmarc([record]));
    expect(findings).toEqual([
      { id: 'dmarc.policy-none', severity: 'warning', args: [record] },
      { id: 'dmarc.partial', severity: 'info', args: ['10', record] },
    ]);
  });

  it('reports dmarc.no-reports without rua', async () => {
    const record = 'v=DMARC1; p=reject; sp=quarantine';
    const { dmarc, findings } = await evaluateDmarc('example.com', withDmarc([record]));
    expect(dmarc?.subdomainPolicy).toBe('quarantine');
    expect(findings).toEqual([{ id: 'dmarc.no-reports', severity: 'info', args: [record] }]);
  });
});

describe('external report authorisation (RFC 7489 §7.1)', () => {
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

  it('compares organizational domains under multi-label public suffixes', async () => {
    const resolver = fakeResolver({
      '_dmarc.example.co.uk': {
        TXT: ['v=DMARC1; p=reject; rua=mailto:d@reports.example.co.uk,mailto:e@other.co.uk'],
      },
    });
    const { findings } = await evaluateDmarc('example.co.uk', resolver);
    expect(findings.map((f) => f.args?.[1])).toEqual(['example.co.uk._report._dmarc.other.co.uk']);
  });
});
