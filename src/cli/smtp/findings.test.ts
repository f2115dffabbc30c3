import { describe, expect, it } from 'vitest';
import { translateFindings } from '../../core/findings.ts';
import { bundledTranslator } from '../../core/i18n/bundled.ts';
import { smtpErrors, smtpFindings } from './findings.ts';
import type { CertificateFacts, HostProbe } from './probe.ts';

// checks.md "Provider status and mail servers": the smtp.* ids, their severities and evidence.

const NOW = Date.parse('2026-12-01T12:00:00Z');
const en = bundledTranslator('en');
const judge = (probes: HostProbe[], mtaStsMode: string | null = null, now = NOW) =>
  smtpFindings(probes, { port: 25, now, mtaStsMode, translate: en });
const words = (probes: HostProbe[], mtaStsMode: string | null = null, language: 'en' | 'es' = 'en') =>
  translateFindings(
    smtpFindings(probes, { port: 25, now: NOW, mtaStsMode, translate: bundledTranslator(language) }),
    bundledTranslator(language),
  );

const reached = { address: '198.51.100.7', greeting: '220 mx.example.com ESMTP' };
const cert = (validTo: string, validFrom = '2026-01-01T00:00:00.000Z'): CertificateFacts => ({
  subject: 'mx.example.com',
  names: ['mx.example.com'],
  issuer: 'Example CA',
  validFrom,
  validTo,
});
const healthy = (host: string, validTo = '2027-06-01T00:00:00.000Z'): HostProbe => ({
  ...reached,
  host,
  status: 'tls',
  trusted: true,
  problems: [],
  certificate: cert(validTo),
  protocol: 'TLSv1.3',
});
const refused = (host: string): HostProbe => ({
  status: 'unreachable',
  host,
  attempts: [{ address: '198.51.100.9', reason: 'refused', code: 'network', message: 'connection refused' }],
});
const expired: HostProbe = {
  ...reached,
  host: 'mx.example.com',
  status: 'tls',
  trusted: false,
  problems: [{ kind: 'expired', code: 'CERT_HAS_EXPIRED' }],
  certificate: cert('2020-02-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z'),
  protocol: 'TLSv1.3',
};

describe('smtp.unreachable', () => {
  it('is critical when no MX host accepts a connection', () => {
    expect(judge([refused('mx1.example.com'), refused('mx2.example.com')])).toMatchObject([
      { id: 'smtp.unreachable', severity: 'critical' },
      { id: 'smtp.unreachable', severity: 'critical' },
    ]);
  });

  it('is a warning when another MX host answers', () => {
    expect(judge([healthy('mx1.example.com'), refused('mx2.example.com')])).toEqual([
      expect.objectContaining({ id: 'smtp.unreachable', severity: 'warning' }),
    ]);
  });

  it('names the host, the port and what each address did', () => {
    const probe: HostProbe = {
      status: 'unreachable',
      host: 'mx.example.com',
      attempts: [
        { address: '198.51.100.9', reason: 'timeout', code: 'timeout', message: 'no reply', ms: 8000 },
        { address: '10.0.0.25', reason: 'not-public', code: 'blocked', message: 'not a public address' },
        { address: '198.51.100.10', reason: 'rejected', code: 'network', message: '554 no service here' },
      ],
    };
    const [finding] = words([probe]);
    expect(finding?.detail).toContain('mx.example.com did not answer on port 25');
    expect(finding?.detail).toContain('198.51.100.9: no answer within 8000 ms');
    expect(finding?.detail).toContain('10.0.0.25: not a public address');
    expect(finding?.detail).toContain('198.51.100.10: answered "554 no service here" instead of 220');
  });
});

describe('smtp.no-starttls', () => {
  it('is a warning naming the host, the greeting and what EHLO offered', () => {
    const probe: HostProbe = {
      ...reached,
      host: 'mx.example.com',
      status: 'no-starttls',
      evidence: 'EHLO: SIZE, 8BITMIME',
    };
    const [finding] = words([probe]);
    expect(finding).toMatchObject({ id: 'smtp.no-starttls', severity: 'warning' });
    expect(finding?.detail).toContain('mx.example.com (198.51.100.7) answered "220 mx.example.com ESMTP"');
    expect(finding?.detail).toContain('EHLO: SIZE, 8BITMIME');
  });
});

describe('smtp.certificate-invalid', () => {
  it('is a warning with the TLS error and the certificate dates', () => {
    const [finding] = words([expired]);
    expect(finding).toMatchObject({ id: 'smtp.certificate-invalid', severity: 'warning' });
    expect(finding?.detail).toContain('the certificate has expired (CERT_HAS_EXPIRED)');
    expect(finding?.detail).toContain('valid from 2020-01-01 to 2020-02-01');
    expect(finding?.detail).not.toContain('will refuse');
  });

  it('is critical when MTA-STS is in enforce mode, and says senders will refuse delivery', () => {
    const [finding] = words([expired], 'enforce');
    expect(finding?.severity).toBe('critical');
    expect(finding?.detail).toContain('senders that honour MTA-STS will refuse to deliver');
    expect(judge([expired], 'testing')[0]?.severity).toBe('warning');
  });

  it('follows the report clock: a certificate node:tls accepted has expired by then', () => {
    const later = Date.parse('2027-07-01T00:00:00Z');
    expect(judge([healthy('mx.example.com')], null, later)).toMatchObject([
      { id: 'smtp.certificate-invalid', severity: 'warning' },
    ]);
  });

  it('says when the handshake itself failed', () => {
    const probe: HostProbe = {
      ...reached,
      host: 'mx.example.com',
      status: 'tls',
      trusted: false,
      problems: [{ kind: 'handshake', message: 'wrong version number' }],
      certificate: null,
      protocol: null,
    };
    expect(words([probe])[0]?.detail).toContain(
      'the TLS handshake failed: wrong version number (no certificate was presented)',
    );
  });
});

describe('smtp.certificate-expires-soon', () => {
  it('is a warning within 14 days, naming the date', () => {
    const [finding] = words([healthy('mx.example.com', '2026-12-15T12:00:00.000Z')]);
    expect(finding).toMatchObject({ id: 'smtp.certificate-expires-soon', severity: 'warning' });
    expect(finding?.detail).toContain('expires on 2026-12-15, in 14 days');
  });

  it('is not reported 15 days ahead', () => {
    expect(judge([healthy('mx.example.com', '2026-12-16T12:00:00.000Z')])).toEqual([]);
  });
});

describe('smtpErrors', () => {
  it('reports a session that broke after the greeting, and addresses refused as not public', () => {
    const failed: HostProbe = {
      ...reached,
      host: 'mx.example.com',
      status: 'failed',
      stage: 'ehlo',
      code: 'timeout',
      message: 'no reply within 8000 ms',
    };
    const blocked: HostProbe = {
      status: 'unreachable',
      host: 'mx2.example.com',
      attempts: [
        { address: '10.0.0.25', reason: 'not-public', code: 'blocked', message: 'not a public address' },
      ],
    };
    expect(judge([failed])).toEqual([]);
    expect(smtpErrors([failed, blocked, refused('mx3.example.com')], 25)).toEqual([
      {
        source: 'smtp',
        code: 'timeout',
        message: 'EHLO: no reply within 8000 ms',
        query: 'mx.example.com [198.51.100.7]:25',
      },
      {
        source: 'smtp',
        code: 'blocked',
        message: 'not a public address: not connected',
        query: 'mx2.example.com [10.0.0.25]:25',
      },
    ]);
  });
});

describe('in Spanish', () => {
  it('says every part in Spanish, evidence phrases included', () => {
    const [unreachable] = words([refused('mx.example.com')], null, 'es');
    expect(unreachable?.title).toBe('Un servidor de correo no responde.');
    expect(unreachable?.detail).toContain('198.51.100.9: conexión rechazada');
    const [invalid] = words([expired], 'enforce', 'es');
    expect(invalid?.detail).toContain('el certificado ha vencido');
    expect(invalid?.detail).toContain('se negarán a entregar correo');
  });
});
