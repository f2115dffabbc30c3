import { isIPv6 } from 'node:net';
import { checkServerIdentity, type PeerCertificate, rootCertificates } from 'node:tls';
import type { ErrorCode } from '../../core/types.ts';
import { mayConnect } from './address-policy.ts';
import { type FailureReason, SmtpConnection, SmtpFailure } from './connection.ts';
import { cleanEvidence } from './evidence.ts';
import { ehloKeywords, replyText, type SmtpReply } from './reply.ts';

/**
 * What a sender sees of one MX host: connect, the 220 greeting, EHLO, STARTTLS (RFC 3207), the TLS
 * handshake with the certificate checked against the host name and the trust store, then QUIT.
 * No MAIL command is ever sent. Never throws: every outcome is a value.
 */

export interface ProbeTarget {
  /** The MX host name: the TLS server name and the name the certificate must carry. */
  host: string;
  /** Its addresses as the report's resolver found them (the chosen DoH resolver, never the system's). */
  addresses: string[];
}

export interface ProbeOptions {
  port: number;
  /** For each step: connecting, each reply, the TLS handshake. */
  timeoutMs: number;
  /** PEM certificates to trust besides the system's store (--smtp-ca). */
  extraCa: string[];
  /** Loopback test servers (--smtp-port); every other non-public address stays refused. */
  allowLoopback: boolean;
}

export interface AttemptFailure {
  address: string;
  reason: FailureReason | 'not-public' | 'rejected';
  code: ErrorCode;
  message: string;
  ms?: number;
}

/** Why senders cannot verify the connection; `code` is the OpenSSL/node:tls code, as evidence. */
type CertificateProblemKind =
  | 'expired'
  | 'not-yet-valid'
  | 'self-signed'
  | 'untrusted'
  | 'name-mismatch'
  | 'none';
export type CertificateProblem =
  | { kind: CertificateProblemKind; code?: string }
  | { kind: 'handshake'; message: string };

export interface CertificateFacts {
  subject: string;
  names: string[];
  issuer: string;
  validFrom: string | null;
  validTo: string | null;
}

interface Reached {
  host: string;
  address: string;
  /** The 220 greeting, cleaned and truncated: evidence. */
  greeting: string;
}

export type HostProbe =
  | { status: 'unreachable'; host: string; attempts: AttemptFailure[] }
  | (Reached & { status: 'no-starttls'; evidence: string })
  | (Reached & {
      status: 'tls';
      trusted: boolean;
      /** Why the certificate (or the handshake) cannot be trusted; empty when it can. */
      problems: CertificateProblem[];
      certificate: CertificateFacts | null;
      protocol: string | null;
    })
  | (Reached & { status: 'failed'; stage: 'ehlo' | 'starttls' | 'tls'; code: ErrorCode; message: string });

/** A sender tries the next address when one fails (RFC 5321 §5.1); a few are enough to tell. */
const MAX_ADDRESSES = 3;

export async function probeHost(target: ProbeTarget, options: ProbeOptions): Promise<HostProbe> {
  const host = target.host.toLowerCase().replace(/\.$/, '');
  const attempts: AttemptFailure[] = [];
  for (const address of preferIpv4(target.addresses).slice(0, MAX_ADDRESSES)) {
    if (!mayConnect(address, options)) {
      attempts.push({ address, reason: 'not-public', code: 'blocked', message: 'not a public address' });
      continue;
    }
    let connection: SmtpConnection;
    try {
      connection = await SmtpConnection.open(address, options.port, options.timeoutMs);
    } catch (error) {
      attempts.push(attemptFailure(address, error));
      continue;
    }
    let greeting: SmtpReply;
    try {
      greeting = await connection.reply(options.timeoutMs);
    } catch (error) {
      connection.destroy();
      attempts.push(attemptFailure(address, error));
      continue;
    }
    if (greeting.code !== 220) {
      // RFC 5321 §3.1: a 554 greeting means "no SMTP service here"; the client then QUITs.
      await connection.quit(options.timeoutMs);
      const text = cleanEvidence(replyText(greeting));
      attempts.push({ address, reason: 'rejected', code: 'network', message: text });
      continue;
    }
    const reached = { host, address, greeting: cleanEvidence(replyText(greeting)) };
    return session(connection, reached, options);
  }
  return { status: 'unreachable', host, attempts };
}

async function session(
  connection: SmtpConnection,
  reached: Reached,
  options: ProbeOptions,
): Promise<HostProbe> {
  const { timeoutMs } = options;
  let stage: 'ehlo' | 'starttls' | 'tls' = 'ehlo';
  try {
    connection.send(`EHLO ${addressLiteral(connection.localAddress)}`);
    const ehlo = await connection.reply(timeoutMs);
    if (ehlo.code !== 250) {
      await connection.quit(timeoutMs);
      return { ...reached, status: 'no-starttls', evidence: cleanEvidence(`EHLO: ${replyText(ehlo)}`) };
    }
    const keywords = ehloKeywords(ehlo);
    if (!keywords.includes('STARTTLS')) {
      await connection.quit(timeoutMs);
      const offered = keywords.length ? keywords.join(', ') : '-';
      return { ...reached, status: 'no-starttls', evidence: cleanEvidence(`EHLO: ${offered}`) };
    }
    stage = 'starttls';
    connection.send('STARTTLS');
    const ready = await connection.reply(timeoutMs);
    if (ready.code !== 220) {
      await connection.quit(timeoutMs);
      return { ...reached, status: 'no-starttls', evidence: cleanEvidence(`STARTTLS: ${replyText(ready)}`) };
    }
    stage = 'tls';
    return await handshake(connection, reached, options);
  } catch (error) {
    connection.destroy();
    const failure = asFailure(error);
    if (failure.reason === 'tls') {
      // The handshake itself failed: no certificate a sender could verify.
      const problems: CertificateProblem[] = [{ kind: 'handshake', message: cleanEvidence(failure.message) }];
      return { ...reached, status: 'tls', trusted: false, problems, certificate: null, protocol: null };
    }
    return {
      ...reached,
      status: 'failed',
      stage,
      code: failure.code,
      message: cleanEvidence(failure.message),
    };
  }
}

async function handshake(
  connection: SmtpConnection,
  reached: Reached,
  options: ProbeOptions,
): Promise<HostProbe> {
  const secure = await connection.startTls(
    {
      servername: reached.host,
      ...(options.extraCa.length ? { ca: [...rootCertificates, ...options.extraCa] } : {}),
    },
    options.timeoutMs,
  );
  const peer = secure.getPeerCertificate();
  const certificate = peer && Object.keys(peer).length ? certificateFacts(peer) : null;
  const problems: CertificateProblem[] = [];
  const chainError = secure.authorizationError ? String(secure.authorizationError) : null;
  if (chainError && chainError !== 'ERR_TLS_CERT_ALTNAME_INVALID') {
    problems.push({ kind: VERIFY_ERRORS[chainError] ?? 'untrusted', code: chainError });
  }
  // node:tls checks the name only once the chain verified; the user needs to hear of both.
  const identity = certificate ? checkServerIdentity(reached.host, peer) : undefined;
  if (identity || chainError === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    problems.push({ kind: 'name-mismatch', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  }
  if (!certificate) problems.push({ kind: 'none' });
  const protocol = secure.getProtocol();
  await connection.quit(options.timeoutMs);
  return {
    ...reached,
    status: 'tls',
    trusted: secure.authorized && problems.length === 0,
    problems,
    certificate,
    protocol,
  };
}

function certificateFacts(peer: PeerCertificate): CertificateFacts {
  const names = (peer.subjectaltname ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.startsWith('DNS:'))
    .map((name) => cleanEvidence(name.slice(4), 255));
  return {
    subject: cleanEvidence(firstOf(peer.subject?.CN) ?? '', 255),
    names: names.slice(0, 20),
    issuer: cleanEvidence(firstOf(peer.issuer?.CN) ?? firstOf(peer.issuer?.O) ?? '', 255),
    validFrom: isoDate(peer.valid_from),
    validTo: isoDate(peer.valid_to),
  };
}

function firstOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function isoDate(text: string | undefined): string | null {
  if (!text) return null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** The verification errors (OpenSSL's names) a mail server's certificate commonly has. */
const VERIFY_ERRORS: Record<string, CertificateProblemKind> = {
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed',
};

/** RFC 5321 §4.1.3: the EHLO argument when the client has no name of its own to give. */
function addressLiteral(address: string | undefined): string {
  if (!address) return '[127.0.0.1]';
  return isIPv6(address) ? `[IPv6:${address}]` : `[${address}]`;
}

/** IPv4 first: many networks have no IPv6 route, and an unroutable try costs a whole timeout. */
function preferIpv4(addresses: string[]): string[] {
  return [...addresses.filter((a) => !isIPv6(a)), ...addresses.filter((a) => isIPv6(a))];
}

function attemptFailure(address: string, error: unknown): AttemptFailure {
  const failure = asFailure(error);
  return {
    address,
    reason: failure.reason,
    code: failure.code,
    message: cleanEvidence(failure.message),
    ...(failure.ms !== undefined ? { ms: failure.ms } : {}),
  };
}

function asFailure(error: unknown): SmtpFailure {
  if (error instanceof SmtpFailure) return error;
  return new SmtpFailure('network', error instanceof Error ? error.message : String(error));
}
