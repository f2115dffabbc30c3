import type { ClientHttp2Session, ClientHttp2Stream, OutgoingHttpHeaders } from 'node:http2';
import { isIP, type LookupFunction } from 'node:net';
import type { TLSSocket } from 'node:tls';

/**
 * How the command line talks to each https origin: one HTTP/2 connection, every request a stream on
 * it, where the server offers h2 in ALPN (RFC 8484 §5.2 names HTTP/2 the minimum recommended version
 * for DoH, and public resolvers serve it); HTTP/1.1 where the server offers only that.
 *
 * Over HTTP/1.1 every request in flight needs a connection of its own: a report asks its resolver
 * about 15 questions at once, so one check opened about 21 TLS connections, each a TCP and a TLS
 * round trip before its question could leave. Over HTTP/2 a check opens one.
 *
 * The first request to an origin opens the connection and reads what ALPN chose; requests arriving
 * meanwhile wait for that one handshake. On HTTP/1.1 the negotiated socket is handed to the first
 * request (not thrown away) and later ones go through the keep-alive agent. A session that closes or
 * is sent GOAWAY is replaced on the next request. A connection holds the process open only while a
 * request is on it or waits for it: a check ends when its work ends. A handshake every waiting
 * request has given up on is abandoned.
 */
export type Transport =
  | {
      protocol: 'h2';
      /**
       * A stream for one request. Past the server's limit of streams at once (its SETTINGS),
       * nghttp2 holds the request until a stream ends; sent before those SETTINGS arrive, it may
       * be refused unprocessed, and is then safe to ask again (see notProcessed).
       */
      open(headers: OutgoingHttpHeaders, endStream: boolean): ClientHttp2Stream;
    }
  | { protocol: 'http/1.1'; socket: TLSSocket | null };

export interface TlsOriginOptions {
  /** How host names are turned into addresses; the system's resolver when absent. */
  lookup?: LookupFunction | undefined;
  /** Trusted roots in place of Node's (tests); Node's own, NODE_EXTRA_CA_CERTS included, when absent. */
  ca?: string | Buffer | undefined;
}

export interface TlsOrigins {
  /** Rejects with the handshake's error, or an AbortError the moment `signal` aborts. */
  transport(url: URL, signal?: AbortSignal): Promise<Transport>;
}

interface Negotiation {
  result: Promise<ClientHttp2Session | null>;
  /** Requests awaiting the handshake. */
  waiting: number;
  done: boolean;
  abandon(): void;
}

export function tlsOrigins(options: TlsOriginOptions = {}): TlsOrigins {
  /** Per origin: the HTTP/2 session, or null where the server speaks only HTTP/1.1. */
  const negotiated = new Map<string, Negotiation>();
  /** A negotiated HTTP/1.1 socket not yet used: the next request to its origin takes it. */
  const spare = new Map<string, TLSSocket>();
  /** Streams open per session: the session holds the process open only while there are any. */
  const open = new WeakMap<ClientHttp2Session, number>();

  const start = (url: URL): Negotiation => {
    let socket: TLSSocket | null = null;
    let abandoned = false;
    const negotiation: Negotiation = {
      result: negotiate(url, (made) => {
        socket = made;
        if (abandoned) made.destroy();
      }),
      waiting: 0,
      done: false,
      abandon: () => {
        abandoned = true;
        (socket as TLSSocket | null)?.destroy(new Error('every request for it was cancelled'));
      },
    };
    const settled = () => {
      negotiation.done = true;
    };
    negotiation.result.then(settled, () => {
      settled();
      // A failed handshake is not remembered: the next request tries again.
      if (negotiated.get(url.origin) === negotiation) negotiated.delete(url.origin);
    });
    negotiated.set(url.origin, negotiation);
    return negotiation;
  };

  const negotiate = async (
    url: URL,
    made: (socket: TLSSocket) => void,
  ): Promise<ClientHttp2Session | null> => {
    // Loaded only for https: a run over plain http (a resolver on loopback) never pays for them.
    const [{ connect: tlsConnect }, { connect: h2Connect }] = await Promise.all([
      import('node:tls'),
      import('node:http2'),
    ]);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const socket = tlsConnect({
      host,
      port: Number(url.port) || 443,
      ALPNProtocols: ['h2', 'http/1.1'],
      // No SNI for an address (RFC 6066 §3); the certificate is still checked against it.
      ...(isIP(host) ? {} : { servername: host }),
      ...(options.lookup ? { lookup: options.lookup } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
    });
    made(socket);
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      socket.once('error', onError);
      socket.once('close', () => reject(new Error(`${url.host} closed the connection during the handshake`)));
      socket.once('secureConnect', () => {
        socket.off('error', onError);
        resolve();
      });
    });
    if (socket.alpnProtocol !== 'h2') {
      // Waiting for the request that takes it; until then it holds nothing open, and an error only ends it.
      socket.unref();
      socket.on('error', () => socket.destroy());
      spare.set(url.origin, socket);
      socket.once('close', () => {
        if (spare.get(url.origin) === socket) spare.delete(url.origin);
      });
      return null;
    }
    const session = h2Connect(url.origin, {
      createConnection: () => socket,
      // Nothing is pushed to a client that never asked for it.
      settings: { enablePush: false },
    });
    session.unref();
    // Each stream reports its own failure; a broken session is replaced on the next request.
    session.on('error', () => undefined);
    session.once('goaway', (_code, lastStreamId) => {
      lastProcessed.set(session, lastStreamId);
      session.close();
    });
    return session;
  };

  /** Throws on a session closed meanwhile: the request was not sent, and may be asked again. */
  const openStream = (session: ClientHttp2Session, headers: OutgoingHttpHeaders, endStream: boolean) => {
    const stream = session.request(headers, { endStream });
    sessionOf.set(stream, session);
    // The session holds the process open only while a request is on it.
    open.set(session, (open.get(session) ?? 0) + 1);
    session.ref();
    stream.once('close', () => {
      const left = (open.get(session) ?? 1) - 1;
      open.set(session, left);
      if (left === 0 && !session.destroyed) session.unref();
    });
    return stream;
  };

  const awaitNegotiation = async (negotiation: Negotiation, signal?: AbortSignal) => {
    negotiation.waiting += 1;
    try {
      return await untilAborted(negotiation.result, signal);
    } finally {
      negotiation.waiting -= 1;
      if (negotiation.waiting === 0 && !negotiation.done) negotiation.abandon();
    }
  };

  const transport = async (url: URL, signal?: AbortSignal, retried = false): Promise<Transport> => {
    const origin = url.origin;
    const negotiation = negotiated.get(origin) ?? start(url);
    const session = await awaitNegotiation(negotiation, signal);
    if (session === null) {
      const socket = spare.get(origin);
      spare.delete(origin);
      if (!socket || socket.destroyed) return { protocol: 'http/1.1', socket: null };
      socket.ref();
      return { protocol: 'http/1.1', socket };
    }
    if (!session.closed && !session.destroyed) {
      return { protocol: 'h2', open: (headers, endStream) => openStream(session, headers, endStream) };
    }
    if (negotiated.get(origin) === negotiation) negotiated.delete(origin);
    // Once: a server that closes every new session is an error for the request, not a loop.
    if (retried) throw new Error(`${url.host} closed the HTTP/2 connection`);
    return transport(url, signal, true);
  };

  return { transport: (url, signal) => transport(url, signal) };
}

/** Per session, the last stream a GOAWAY said the server processed (RFC 9113 §6.8). */
const lastProcessed = new WeakMap<ClientHttp2Session, number>();
/** A stream's session, which node:http2 forgets once the stream is closed. */
const sessionOf = new WeakMap<ClientHttp2Stream, ClientHttp2Session>();

/** RST_STREAM's REFUSED_STREAM (RFC 9113 §7). */
const NGHTTP2_REFUSED_STREAM = 0x7;

/**
 * Whether a stream ended without the server having processed its request, so that it is safe to
 * ask again (RFC 9113 §8.7): refused (past the server's limit of streams at once), or above the last
 * stream a GOAWAY names.
 */
export function notProcessed(stream: ClientHttp2Stream, error?: Error): boolean {
  if (stream.rstCode === NGHTTP2_REFUSED_STREAM) return true;
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'ERR_HTTP2_GOAWAY_SESSION') return true;
  const session = sessionOf.get(stream);
  const last = session && lastProcessed.get(session);
  return last !== undefined && stream.id !== undefined && stream.id > last;
}

/** Settles with `work`, or rejects the moment `signal` aborts (the work itself goes on for others). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export function abortError(): Error {
  return Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
}
