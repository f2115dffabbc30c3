import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fakeResolver } from '../../../test/helpers/fake-resolver.ts';
import { googleWorkspaceZone } from '../../../test/helpers/mail-zones.ts';
import { evaluateTlsRpt, parseTlsRpt } from './tls-rpt.ts';

describe('parseTlsRpt', () => {
  it('reads mailto: and https: report URIs', () => {
    expect(parseTlsRpt('v=TLSRPTv1; rua=mailto:tls@example.com,https://reports.example.net/tls')).toEqual({
      ok: true,
      record: { rua: ['mailto:tls@example.com', 'https://reports.example.net/tls'] },
    });
  });

  it('requires the version first and a rua', () => {
    expect(parseTlsRpt('rua=mailto:tls@example.com; v=TLSRPTv1')).toEqual({
      ok: false,
      part: 'rua=mailto:tls@example.com',
    });
    expect(parseTlsRpt('v=TLSRPTv1;')).toEqual({ ok: false, part: 'rua' });
  });

  it('rejects other URI schemes', () => {
    expect(parseTlsRpt('v=TLSRPTv1; rua=http://example.com/r')).toEqual({
      ok: false,
      part: 'rua=http://example.com/r',
    });
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(typeof parseTlsRpt(text).ok).toBe('boolean');
      }),
    );
  });
});

describe('evaluateTlsRpt', () => {
  it('returns the record and no finding when one is published', async () => {
    const result = await evaluateTlsRpt('example.com', fakeResolver(googleWorkspaceZone()));
    expect(result).toEqual({
      tlsRpt: { record: 'v=TLSRPTv1; rua=mailto:tlsrpt@example.com' },
      findings: [],
      errors: [],
    });
  });

  it('reports tls-rpt.missing when there is none', async () => {
    const result = await evaluateTlsRpt('example.com', fakeResolver({ 'example.com': {} }));
    expect(result.findings).toEqual([
      { id: 'tls-rpt.missing', severity: 'info', args: ['_smtp._tls.example.com'] },
    ]);
  });

  it('reports tls-rpt.syntax for a record senders cannot use', async () => {
    const resolver = fakeResolver({ '_smtp._tls.example.com': { TXT: ['v=TLSRPTv1; rua=tls@example.com'] } });
    const result = await evaluateTlsRpt('example.com', resolver);
    expect(result.tlsRpt).toBeNull();
    expect(result.findings).toEqual([
      {
        id: 'tls-rpt.syntax',
        severity: 'warning',
        args: ['v=TLSRPTv1; rua=tls@example.com', 'rua=tls@example.com'],
      },
    ]);
  });

  it('reports tls-rpt.syntax for two records (RFC 8460 §3)', async () => {
    const resolver = fakeResolver({
      '_smtp._tls.example.com': {
        TXT: ['v=TLSRPTv1; rua=mailto:a@example.com', 'v=TLSRPTv1; rua=mailto:b@example.com'],
      },
    });
    const result = await evaluateTlsRpt('example.com', resolver);
    expect(result.findings.map((f) => f.id)).toEqual(['tls-rpt.syntax']);
  });

  it('reports a failed query as an error, not as missing', async () => {
    const resolver = fakeResolver({ '_smtp._tls.example.com': { fail: { reason: 'network' } } });
    const result = await evaluateTlsRpt('example.com', resolver);
    expect(result.findings).toEqual([]);
    expect(result.errors).toEqual([
      { source: 'dns', code: 'network', message: 'network (fake)', query: '_smtp._tls.example.com TXT' },
    ]);
  });
});
