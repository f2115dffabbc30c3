import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { makeTestPki } from './test-pki.ts';

/**
 * Real SMTP servers (Nodemailer's smtp-server) on loopback for `check --smtp`, one state per address,
 * all on one port. The smtp-* test zones (test/stack/SCENARIOS.md) point their MX hosts here.
 */
export const SMTP_ADDRESSES = {
  healthy: '127.0.0.10',
  noStarttls: '127.0.0.11',
  expired: '127.0.0.12',
  wrongName: '127.0.0.13',
  /** Nothing listens here: connections are refused. */
  refused: '127.0.0.14',
  /** Accepts and never says a word. */
  silent: '127.0.0.15',
  expiresSoon: '127.0.0.16',
} as const;

export interface SmtpSession {
  server: keyof typeof SMTP_ADDRESSES;
  secure: boolean;
  servername: string | undefined;
  /** The client's EHLO argument. */
  clientHostname: string | undefined;
}

export interface SmtpWorld {
  port: number;
  /** PEM of the test CA that signed every certificate here (for --smtp-ca). */
  caFile: string;
  /** Sessions the servers saw end, and MAIL commands (which must stay at zero: nothing is ever sent). */
  sessions: SmtpSession[];
  mailCommands: number;
  /** Connections the silent server accepted. */
  silentConnections: number;
  stop(): Promise<void>;
}

export async function startSmtpWorld(): Promise<SmtpWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'di-smtp-'));
  const pki = await makeTestPki(dir, [
    { name: 'healthy', dns: ['mx.smtp-ok.com', 'mx1.smtp-partial.com'] },
    {
      name: 'expired',
      dns: ['mx.smtp-expired.com'],
      startDate: '20200101000000Z',
      endDate: '20200201000000Z',
    },
    { name: 'wrong-name', dns: ['mail.other-host.net'] },
    { name: 'soon', dns: ['mx.smtp-soon.com'], days: 5 },
  ]);
  const leaf = (name: string) => pki.leaves[name] as { key: Buffer; cert: Buffer };
  const silentSockets = new Set<Socket>();
  const servers: [string, SMTPServer | Server][] = [];
  const world: SmtpWorld = {
    port: 0,
    caFile: pki.caFile,
    sessions: [],
    mailCommands: 0,
    silentConnections: 0,
    async stop() {
      for (const socket of silentSockets) socket.destroy();
      await Promise.all(servers.map(([, server]) => new Promise<void>((done) => server.close(() => done()))));
      await rm(dir, { recursive: true, force: true });
    },
  };
  const smtp = (server: SmtpSession['server'], options: SMTPServerOptions) =>
    new SMTPServer({
      name: `${server}.test`,
      banner: 'domain-insight test server',
      logger: false,
      authOptional: true,
      disabledCommands: ['AUTH'],
      disableReverseLookup: true,
      onMailFrom(_address, _session, callback) {
        world.mailCommands++;
        callback(new Error('this test server takes no mail'));
      },
      onClose(session) {
        world.sessions.push({
          server,
          secure: Boolean(session.secure),
          servername: session.servername || undefined,
          clientHostname: session.hostNameAppearsAs,
        });
      },
      ...options,
    });
  const silent = createServer((socket) => {
    world.silentConnections++;
    silentSockets.add(socket);
    socket.on('close', () => silentSockets.delete(socket));
    socket.on('error', () => undefined);
  });
  servers.push(
    [SMTP_ADDRESSES.healthy, smtp('healthy', { ...leaf('healthy') })],
    [SMTP_ADDRESSES.noStarttls, smtp('noStarttls', { hideSTARTTLS: true })],
    [SMTP_ADDRESSES.expired, smtp('expired', { ...leaf('expired') })],
    [SMTP_ADDRESSES.wrongName, smtp('wrongName', { ...leaf('wrong-name') })],
    [SMTP_ADDRESSES.expiresSoon, smtp('expiresSoon', { ...leaf('soon') })],
    [SMTP_ADDRESSES.silent, silent],
  );
  world.port = await listenAll(servers);
  return world;
}

/** One port for every address: the first server picks it, the others follow (retried on a clash). */
async function listenAll(servers: [string, SMTPServer | Server][]): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const [first, ...rest] = servers;
    if (!first) throw new Error('no servers');
    const port = await listen(first[1], first[0], 0);
    try {
      for (const [address, server] of rest) await listen(server, address, port);
      return port;
    } catch (error) {
      await Promise.all(servers.map(([, s]) => new Promise<void>((done) => s.close(() => done()))));
      if (attempt >= 4) throw error;
    }
  }
}

function listen(server: SMTPServer | Server, address: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    const emitter = server as Server;
    emitter.once('error', onError);
    server.listen(port, address, () => {
      emitter.off('error', onError);
      const net = 'server' in server ? server.server : server;
      const bound = net.address();
      resolve(typeof bound === 'object' && bound ? bound.port : port);
    });
  });
}
