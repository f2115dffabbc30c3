import { readFile } from 'node:fs/promises';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostProbe, type ProbeOptions, probeHost } from '../../src/cli/smtp/probe.ts';
import { SMTP_ADDRESSES, type SmtpWorld, startSmtpWorld } from '../helpers/smtp-servers.ts';

// probeHost against real SMTP servers on loopback (Nodemailer's smtp-server, certificates from a CA
// made for the run): what a sender would see of each MX host, without DNS in the way.

let world: SmtpWorld;
let options: ProbeOptions;
beforeAll(async () => {
  world = await startSmtpWorld();
  options = {
    port: world.port,
    timeoutMs: 2000,
    extraCa: [await readFile(world.caFile, 'utf8')],
    allowLoopback: true,
  };
}, 30_000);
afterAll(() => world?.stop());

function tls(probe: HostProbe) {
  if (probe.status !== 'tls') throw new Error(`expected a TLS session, got ${JSON.stringify(probe)}`);
  return probe;
}

describe('probeHost', () => {
  it('completes greeting, EHLO, STARTTLS and a verified handshake with a healthy server, then QUITs', async () => {
    const probe = tls(
      await probeHost({ host: 'mx.smtp-ok.com', addresses: [SMTP_ADDRESSES.healthy] }, options),
    );
    expect(probe.trusted).toBe(true);
    expect(probe.problems).toEqual([]);
    expect(probe.greeting).toMatch(/^220 healthy\.test ESMTP/);
    expect(probe.certificate?.names).toContain('mx.smtp-ok.com');
    expect(probe.protocol).toMatch(/^TLSv1\.[23]$/);
    // The server saw TLS with our server name, and never a MAIL command.
    await expect.poll(() => world.sessions.filter((s) => s.server === 'healthy' && s.secure)).not.toEqual([]);
    const session = world.sessions.find((s) => s.server === 'healthy' && s.secure);
    expect(session?.servername).toBe('mx.smtp-ok.com');
    expect(world.mailCommands).toBe(0);
  });

  it('checks the certificate against the trust store: without the test CA it is untrusted', async () => {
    const probe = tls(
      await probeHost(
        { host: 'mx.smtp-ok.com', addresses: [SMTP_ADDRESSES.healthy] },
        { ...options, extraCa: [] },
      ),
    );
    expect(probe.trusted).toBe(false);
    expect(probe.problems).toEqual([{ kind: 'untrusted', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }]);
  });

  it('says so when the EHLO answer offers no STARTTLS, with the extensions it does offer', async () => {
    const probe = await probeHost(
      { host: 'mx.smtp-plain.com', addresses: [SMTP_ADDRESSES.noStarttls] },
      options,
    );
    expect(probe.status).toBe('no-starttls');
    if (probe.status !== 'no-starttls') return;
    expect(probe.evidence).toMatch(/^EHLO: .*PIPELINING/);
    expect(probe.evidence).not.toContain('STARTTLS');
    expect(probe.greeting).toMatch(/^220 noStarttls\.test/);
    // RFC 5321 §4.1.3: without a name of its own, the client says EHLO with its address literal.
    await expect
      .poll(() => world.sessions.find((s) => s.server === 'noStarttls')?.clientHostname)
      .toBe('[127.0.0.1]');
  });

  it('names an expired certificate and its dates', async () => {
    const probe = tls(
      await probeHost({ host: 'mx.smtp-expired.com', addresses: [SMTP_ADDRESSES.expired] }, options),
    );
    expect(probe.trusted).toBe(false);
    expect(probe.problems).toEqual([{ kind: 'expired', code: 'CERT_HAS_EXPIRED' }]);
    expect(probe.certificate?.validTo).toBe('2020-02-01T00:00:00.000Z');
  });

  it('names a certificate for another host', async () => {
    const probe = tls(
      await probeHost({ host: 'mx.smtp-wrongname.com', addresses: [SMTP_ADDRESSES.wrongName] }, options),
    );
    expect(probe.trusted).toBe(false);
    expect(probe.problems).toEqual([{ kind: 'name-mismatch', code: 'ERR_TLS_CERT_ALTNAME_INVALID' }]);
    expect(probe.certificate?.names).toEqual(['mail.other-host.net']);
  });

  it('reports a refused connection as unreachable', async () => {
    const probe = await probeHost(
      { host: 'mx.smtp-refused.com', addresses: [SMTP_ADDRESSES.refused] },
      options,
    );
    expect(probe).toMatchObject({
      status: 'unreachable',
      attempts: [{ address: SMTP_ADDRESSES.refused, reason: 'refused', code: 'network' }],
    });
  });

  it('gives up on a server that never greets after the timeout', async () => {
    const before = world.silentConnections;
    const started = Date.now();
    const probe = await probeHost(
      { host: 'mx.smtp-silent.com', addresses: [SMTP_ADDRESSES.silent] },
      { ...options, timeoutMs: 400 },
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(probe).toMatchObject({
      status: 'unreachable',
      attempts: [{ reason: 'timeout', code: 'timeout', ms: 400 }],
    });
    expect(world.silentConnections).toBe(before + 1);
  });

  it('tries the next address when one fails, as a sender does', async () => {
    const probe = tls(
      await probeHost(
        { host: 'mx.smtp-ok.com', addresses: [SMTP_ADDRESSES.refused, SMTP_ADDRESSES.healthy] },
        options,
      ),
    );
    expect(probe.address).toBe(SMTP_ADDRESSES.healthy);
    expect(probe.trusted).toBe(true);
  });

  it('never connects to an address senders on the internet cannot reach', async () => {
    const before = world.sessions.length;
    const probe = await probeHost(
      { host: 'mx.example.com', addresses: ['192.0.2.25', '10.1.2.3', SMTP_ADDRESSES.healthy] },
      { ...options, allowLoopback: false },
    );
    expect(probe).toMatchObject({
      status: 'unreachable',
      attempts: [
        { address: '192.0.2.25', reason: 'not-public', code: 'blocked' },
        { address: '10.1.2.3', reason: 'not-public', code: 'blocked' },
        { address: SMTP_ADDRESSES.healthy, reason: 'not-public', code: 'blocked' },
      ],
    });
    expect(world.sessions.length).toBe(before);
  });
});

describe('probeHost against servers that misbehave (raw sockets)', () => {
  /** A one-off server on 127.0.0.1 that runs `script` on each connection. */
  async function rawServer(script: (socket: Socket) => void) {
    const server = createServer(script);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const sockets = new Set<Socket>();
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('error', () => undefined);
    });
    return {
      port: (server.address() as AddressInfo).port,
      close: () => {
        for (const s of sockets) s.destroy();
        server.close();
      },
    };
  }
  const probeOn = (port: number) =>
    probeHost({ host: 'mx.example.com', addresses: ['127.0.0.1'] }, { ...options, port, timeoutMs: 400 });

  it('reads a multi-line greeting, and cleans control characters out of it', async () => {
    const server = await rawServer((s) => {
      s.write('220-mx.example.com \u001b[31mred\r\n220 ready\r\n');
      s.on('data', (d) => {
        if (String(d).startsWith('EHLO')) s.write('250-mx.example.com\r\n250 SIZE 1000\r\n');
        if (String(d).startsWith('QUIT')) s.end('221 bye\r\n');
      });
    });
    try {
      const probe = await probeOn(server.port);
      expect(probe).toMatchObject({ status: 'no-starttls', greeting: '220 mx.example.com ?[31mred / ready' });
    } finally {
      server.close();
    }
  });

  it('counts a 554 greeting ("no SMTP service here", RFC 5321 §3.1) as not accepting', async () => {
    const server = await rawServer((s) => s.write('554 no service for you\r\n'));
    try {
      expect(await probeOn(server.port)).toMatchObject({
        status: 'unreachable',
        attempts: [{ reason: 'rejected', message: '554 no service for you' }],
      });
    } finally {
      server.close();
    }
  });

  it('counts a server that does not speak SMTP as not accepting (malformed)', async () => {
    const server = await rawServer((s) => s.write('HTTP/1.1 400 Bad Request\r\n\r\n'));
    try {
      expect(await probeOn(server.port)).toMatchObject({
        status: 'unreachable',
        attempts: [{ reason: 'malformed', code: 'malformed' }],
      });
    } finally {
      server.close();
    }
  });

  it('reports a session that stalls after the greeting as failed at that step, not as a finding', async () => {
    const server = await rawServer((s) => s.write('220 mx.example.com ESMTP\r\n'));
    try {
      expect(await probeOn(server.port)).toMatchObject({ status: 'failed', stage: 'ehlo', code: 'timeout' });
    } finally {
      server.close();
    }
  });

  it('says a refused STARTTLS is no STARTTLS, with the reply', async () => {
    const server = await rawServer((s) => {
      s.write('220 mx.example.com ESMTP\r\n');
      s.on('data', (d) => {
        const line = String(d);
        if (line.startsWith('EHLO')) s.write('250-mx.example.com\r\n250 STARTTLS\r\n');
        if (line.startsWith('STARTTLS')) s.write('454 TLS not available due to temporary reason\r\n');
        if (line.startsWith('QUIT')) s.end('221 bye\r\n');
      });
    });
    try {
      expect(await probeOn(server.port)).toMatchObject({
        status: 'no-starttls',
        evidence: 'STARTTLS: 454 TLS not available due to temporary reason',
      });
    } finally {
      server.close();
    }
  });
});
