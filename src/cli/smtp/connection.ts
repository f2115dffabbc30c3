import { connect as netConnect, type Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { type ConnectionOptions, type TLSSocket, connect as tlsConnect } from 'node:tls';
import type { ErrorCode } from '../../core/types.ts';
import { MAX_LINE_CHARS, MAX_REPLY_LINES, parseReply, type SmtpReply } from './reply.ts';

/** Why a step failed, for the words of a finding; `code` is the machine-readable kind of report.md. */
export type FailureReason = 'refused' | 'timeout' | 'closed' | 'malformed' | 'too-large' | 'network' | 'tls';

const CODES: Record<FailureReason, ErrorCode> = {
  refused: 'network',
  timeout: 'timeout',
  closed: 'network',
  malformed: 'malformed',
  'too-large': 'too-large',
  network: 'network',
  tls: 'network',
};

/** A step of the session that did not work. `message` is the English text of ReportError. */
export class SmtpFailure extends Error {
  readonly code: ErrorCode;
  constructor(
    readonly reason: FailureReason,
    message: string,
    /** For timeouts: how long was waited. */
    readonly ms?: number,
  ) {
    super(message);
    this.code = CODES[reason];
  }
}

/** More unread text than any one reply may hold: the server is not speaking SMTP. */
const MAX_BUFFER_CHARS = MAX_LINE_CHARS * MAX_REPLY_LINES;

/**
 * One client side of an SMTP session: commands go out one at a time, each reply is awaited with
 * a timeout (no pipelining, RFC 2920 is not needed for four commands), and STARTTLS swaps the
 * socket for a TLS one in place.
 */
export class SmtpConnection {
  private buffer = '';
  private decoder = new StringDecoder('utf8');
  private closed: SmtpFailure | null = null;
  private wake: (() => void) | null = null;

  private constructor(private socket: Socket) {
    this.listen(socket);
  }

  /** Connects to an address (never a name: nothing here asks the system resolver). */
  static open(address: string, port: number, timeoutMs: number): Promise<SmtpConnection> {
    return new Promise((resolve, reject) => {
      const socket = netConnect({ host: address, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new SmtpFailure('timeout', `no connection within ${timeoutMs} ms`, timeoutMs));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new SmtpConnection(socket));
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        socket.destroy();
        reject(networkFailure(error));
      });
    });
  }

  /** The address this side used: the EHLO argument (RFC 5321 §4.1.3 address literal). */
  get localAddress(): string | undefined {
    return this.socket.localAddress;
  }

  send(command: string): void {
    if (!this.closed) this.socket.write(`${command}\r\n`);
  }

  /** The next complete reply; fails on a timeout, a closed connection or text that is no reply. */
  async reply(timeoutMs: number): Promise<SmtpReply> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const parsed = parseReply(this.buffer);
      if (parsed.kind === 'reply') {
        this.buffer = parsed.rest;
        return parsed.reply;
      }
      if (parsed.kind === 'malformed') {
        throw new SmtpFailure('malformed', `not an SMTP reply: ${JSON.stringify(parsed.line.slice(0, 80))}`);
      }
      if (parsed.kind === 'too-large') throw new SmtpFailure('too-large', 'reply longer than any SMTP reply');
      if (this.closed) throw this.closed;
      const left = deadline - Date.now();
      if (left <= 0 || !(await this.nextData(left))) {
        throw new SmtpFailure('timeout', `no reply within ${timeoutMs} ms`, timeoutMs);
      }
    }
  }

  /**
   * Completes STARTTLS after the server's 220: the TLS handshake over the same socket. The
   * certificate is not refused here (rejectUnauthorized: false) so that the caller can say what is
   * wrong with it; `authorized` and `authorizationError` carry the verdict of node:tls, which checks
   * the chain against the trust store and the name with checkServerIdentity (RFC 6125).
   */
  startTls(options: ConnectionOptions, timeoutMs: number): Promise<TLSSocket> {
    const raw = this.socket;
    raw.removeAllListeners('data');
    raw.removeAllListeners('end');
    raw.removeAllListeners('close');
    raw.removeAllListeners('error');
    // RFC 3207 §4.2: nothing the server said before the handshake may be taken as said after it.
    this.buffer = '';
    this.decoder = new StringDecoder('utf8');
    return new Promise((resolve, reject) => {
      const secure = tlsConnect({ ...options, socket: raw, rejectUnauthorized: false });
      const timer = setTimeout(() => {
        secure.destroy();
        reject(new SmtpFailure('timeout', `no TLS handshake within ${timeoutMs} ms`, timeoutMs));
      }, timeoutMs);
      secure.once('secureConnect', () => {
        clearTimeout(timer);
        secure.removeAllListeners('error');
        this.socket = secure;
        this.listen(secure);
        resolve(secure);
      });
      secure.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        secure.destroy();
        reject(new SmtpFailure('tls', error.message));
      });
    });
  }

  /** QUIT (RFC 5321 §4.1.1.10), a short wait for the 221, then the socket is gone either way. */
  async quit(timeoutMs: number): Promise<void> {
    try {
      this.send('QUIT');
      await this.reply(Math.min(timeoutMs, 2000));
    } catch {
      // The session's result is known already; a server that hangs up without 221 changes nothing.
    } finally {
      this.destroy();
    }
  }

  destroy(): void {
    this.closed ??= new SmtpFailure('closed', 'connection closed');
    this.socket.destroy();
  }

  private listen(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.buffer += this.decoder.write(chunk);
      if (this.buffer.length > MAX_BUFFER_CHARS) {
        this.closed = new SmtpFailure('too-large', 'the server sent more than any SMTP reply holds');
        socket.destroy();
      }
      this.wake?.();
    });
    const closed = () => this.hangUp(new SmtpFailure('closed', 'the server closed the connection'));
    socket.on('end', closed);
    socket.on('close', closed);
    socket.on('error', (error: NodeJS.ErrnoException) => this.hangUp(networkFailure(error)));
  }

  private hangUp(failure: SmtpFailure): void {
    this.closed ??= failure;
    this.wake?.();
  }

  /** Resolves true when more text (or the end) arrived, false after `ms` without any. */
  private nextData(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve(false);
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve(true);
      };
    });
  }
}

function networkFailure(error: NodeJS.ErrnoException): SmtpFailure {
  if (error.code === 'ECONNREFUSED') return new SmtpFailure('refused', 'connection refused');
  if (error.code === 'ECONNRESET') return new SmtpFailure('closed', 'connection reset');
  return new SmtpFailure('network', error.message);
}
