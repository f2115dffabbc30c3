import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ReportWithSmtp } from '../src/cli/smtp/check.ts';
import type { RdapServer } from './helpers/rdap-server.ts';
import { cli as runInProcess } from './helpers/run-cli.ts';
import { SMTP_ADDRESSES, type SmtpWorld, startSmtpWorld } from './helpers/smtp-servers.ts';
import { startRdapWorld } from './world/rdap-world.ts';

// `domain-insight check --smtp` end to end: the real DNS stack resolves the smtp-* scenario zones
// (test/stack/SCENARIOS.md), whose MX hosts point at real SMTP servers on loopback addresses, one
// state per address (test/helpers/smtp-servers.ts). --smtp-port moves the probe off port 25 (and
// allows loopback); --smtp-ca trusts the run's test CA besides the system's store.

let rdap: RdapServer;
let smtp: SmtpWorld;
beforeAll(async () => {
  [rdap, smtp] = await Promise.all([startRdapWorld(), startSmtpWorld()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([rdap?.stop(), smtp?.stop()]);
});

const cli = (...argv: string[]) => runInProcess(argv);

const stack = () => ['--doh', inject('dohUrl'), '--rdap-bootstrap', rdap.bootstrapUrl];
const withSmtp = () => ['--smtp', '--smtp-port', String(smtp.port), '--smtp-ca', smtp.caFile, ...stack()];

async function report(domain: string, ...extra: string[]): Promise<ReportWithSmtp> {
  const { stdout } = await cli('check', domain, '--json', ...withSmtp(), ...extra);
  return JSON.parse(stdout) as ReportWithSmtp;
}

const smtpFindings = (r: ReportWithSmtp) =>
  r.findings.filter((f) => f.id.startsWith('smtp.')).map((f) => [f.id, f.severity]);

describe('check --smtp, one state per mail server', () => {
  it('finds nothing wrong with a healthy server: greeting, STARTTLS, a verified certificate', async () => {
    const r = await report('smtp-ok.com');
    expect(smtpFindings(r)).toEqual([]);
    expect(r.checks.smtp).toEqual({ state: 'found', severity: 'none' });
    expect(r.smtp.hosts).toMatchObject([
      { status: 'tls', host: 'mx.smtp-ok.com', address: SMTP_ADDRESSES.healthy, trusted: true },
    ]);
    expect(smtp.mailCommands).toBe(0);
  });

  it.each([
    ['smtp-plain.com', 'no STARTTLS', 'smtp.no-starttls', 'warning', /EHLO: .*PIPELINING/],
    [
      'smtp-expired.com',
      'an expired certificate',
      'smtp.certificate-invalid',
      'warning',
      /has expired.*2020-02-01/,
    ],
    [
      'smtp-wrongname.com',
      'a certificate for another name',
      'smtp.certificate-invalid',
      'warning',
      /does not name mx\.smtp-wrongname\.com.*mail\.other-host\.net/,
    ],
    [
      'smtp-refused.com',
      'a refused connection',
      'smtp.unreachable',
      'critical',
      /127\.0\.0\.14: connection refused/,
    ],
    [
      'smtp-soon.com',
      'a certificate that expires in 5 days',
      'smtp.certificate-expires-soon',
      'warning',
      /expires on \d{4}-\d\d-\d\d, in 5 days/,
    ],
  ])('%s (%s): %s, %s', async (domain, _state, id, severity, evidence) => {
    const r = await report(domain);
    expect(smtpFindings(r)).toEqual([[id, severity]]);
    expect(r.findings.find((f) => f.id === id)?.detail).toMatch(evidence);
    expect(r.checks.smtp).toEqual({ state: 'found', severity });
  });

  it('smtp-silent.com (greeting never sent): smtp.unreachable, critical, after the timeout', async () => {
    const before = smtp.silentConnections;
    const r = await report('smtp-silent.com', '--timeout', '1500');
    expect(smtpFindings(r)).toEqual([['smtp.unreachable', 'critical']]);
    expect(r.findings.find((f) => f.id === 'smtp.unreachable')?.detail).toContain(
      '127.0.0.15: no answer within 1500 ms',
    );
    expect(smtp.silentConnections).toBe(before + 1);
  });

  it('smtp-partial.com: one of two MX hosts refuses, so smtp.unreachable is a warning naming it', async () => {
    const r = await report('smtp-partial.com');
    expect(smtpFindings(r)).toEqual([['smtp.unreachable', 'warning']]);
    expect(r.findings.find((f) => f.id === 'smtp.unreachable')?.detail).toMatch(/^mx2\.smtp-partial\.com /);
  });

  it('smtp-enforce.com: under MTA-STS enforce an invalid certificate is critical: senders will refuse', async () => {
    const r = await report('smtp-enforce.com');
    expect(r.mail.mtaSts?.mode).toBe('enforce');
    expect(smtpFindings(r)).toEqual([['smtp.certificate-invalid', 'critical']]);
    expect(r.findings.find((f) => f.id === 'smtp.certificate-invalid')?.detail).toContain(
      'senders that honour MTA-STS will refuse to deliver',
    );
  });
});

describe('check --smtp and the verdict', () => {
  it('counts smtp findings in the verdict and the exit status', async () => {
    const plain = JSON.parse(
      (await cli('check', 'smtp-refused.com', '--json', ...stack())).stdout,
    ) as ReportWithSmtp;
    expect(plain.checks.smtp).toBeUndefined();
    expect(plain.verdict).toBe('warning');
    const probed = await report('smtp-refused.com');
    expect(probed.verdict).toBe('critical');
    expect(probed.findings[0]?.id).toBe('smtp.unreachable');
    expect((await cli('check', 'smtp-refused.com', ...withSmtp(), '--fail-on', 'critical')).code).toBe(1);
    expect((await cli('check', 'smtp-refused.com', ...stack(), '--fail-on', 'critical')).code).toBe(0);
  });

  it('is not applicable for a null MX or no MX: nothing is connected to', async () => {
    const sessions = smtp.sessions.length;
    for (const domain of ['null-mx.com', 'no-mx.com']) {
      const r = await report(domain);
      expect(r.checks.smtp, domain).toEqual({ state: 'not-applicable', severity: 'none' });
      expect(r.smtp.hosts).toEqual([]);
    }
    expect(smtp.sessions.length).toBe(sessions);
  });

  it('is unknown, and the report incomplete, when DNS could not say where the mail servers are', async () => {
    const resolver = createServer((_req, res) => res.writeHead(500).end('oops'));
    await new Promise<void>((r) => resolver.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(resolver.address() as AddressInfo).port}/dns-query`;
      const { stdout } = await cli('check', 'smtp-ok.com', '--json', ...withSmtp(), '--doh', url);
      const r = JSON.parse(stdout) as ReportWithSmtp;
      expect(r.checks.smtp).toEqual({ state: 'unknown', severity: 'none' });
      expect(r.complete).toBe(false);
    } finally {
      resolver.close();
    }
  });

  it('never connects to an MX address on a private or documentation network (code blocked)', async () => {
    // selfhosted.net's MX has 203.0.113.80 (TEST-NET-3): unreachable for every sender, so for us too.
    const { stdout } = await cli('check', 'selfhosted.net', '--json', '--smtp', ...stack());
    const r = JSON.parse(stdout) as ReportWithSmtp;
    expect(smtpFindings(r)).toEqual([['smtp.unreachable', 'critical']]);
    expect(r.findings.find((f) => f.id === 'smtp.unreachable')?.detail).toContain(
      '203.0.113.80: not a public address',
    );
    expect(r.errors).toContainEqual(
      expect.objectContaining({
        source: 'smtp',
        code: 'blocked',
        query: 'mail.selfhosted.net [203.0.113.80]:25',
      }),
    );
  });
});

describe('check --smtp, human output', () => {
  it('lists each mail server and the findings in English', async () => {
    const { stdout } = await cli('check', 'smtp-expired.com', ...withSmtp());
    expect(stdout).toContain(`Mail servers (SMTP, port ${smtp.port})`);
    expect(stdout).toMatch(/mx\.smtp-expired\.com \[127\.0\.0\.12\] {2}220 .*certificate not valid/);
    expect(stdout).toContain("A mail server's certificate cannot be trusted. [smtp.certificate-invalid]");
  });

  it('says the same in Spanish with --lang es', async () => {
    const { stdout } = await cli('check', 'smtp-expired.com', ...withSmtp(), '--lang', 'es');
    expect(stdout).toContain(`Servidores de correo (SMTP, puerto ${smtp.port})`);
    expect(stdout).toContain('certificado no válido');
    expect(stdout).toContain('No se puede confiar en el certificado de un servidor de correo.');
    expect(stdout).toContain('el certificado ha vencido (CERT_HAS_EXPIRED)');
  });

  it('refuses --smtp-port without --smtp, and an --smtp-ca file that holds no certificate', async () => {
    const lonely = await cli('check', 'smtp-ok.com', '--smtp-port', '2525', ...stack());
    expect(lonely.code).toBe(2);
    expect(lonely.stderr).toContain('--smtp-port needs --smtp');
    const notPem = await cli('check', 'smtp-ok.com', '--smtp', '--smtp-ca', 'package.json', ...stack());
    expect(notPem.code).toBe(2);
    expect(notPem.stderr).toContain('holds no PEM certificate');
  });
});

describe('the installed command with --smtp', () => {
  it('trusts a CA given in NODE_EXTRA_CA_CERTS, as node:tls does for every program', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(
      process.execPath,
      [
        'bin/domain-insight.js',
        'check',
        'smtp-ok.com',
        '--json',
        '--smtp',
        '--smtp-port',
        String(smtp.port),
        ...stack(),
      ],
      {
        cwd: new URL('..', import.meta.url).pathname,
        env: { ...process.env, NODE_EXTRA_CA_CERTS: smtp.caFile },
      },
    );
    const r = JSON.parse(stdout) as ReportWithSmtp;
    expect(r.smtp.hosts).toMatchObject([{ status: 'tls', trusted: true }]);
    expect(smtpFindings(r)).toEqual([]);
  });
});
