import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http';
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { decode } from '@leichtgewicht/dns-packet';

/** The question of one DoH request, as the proxy saw it (for counting repeats in the benchmark). */
export interface DohQuestion {
  /** Lower case, no trailing dot; "" when the request carried no readable DNS message. */
  name: string;
  type: string;
  cd: boolean;
  method: string;
}

export interface DohProxy {
  port: number;
  requests(): number;
  questions(): DohQuestion[];
  stop(): Promise<void>;
}

// Browser pages and the extension's service worker call the resolver cross-origin.
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, accept',
  'access-control-max-age': '600',
};

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host']);

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  // HTTP/2 pseudo-headers (":path"…) are no HTTP/1.1 fields.
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name) && !name.startsWith(':')),
  );
}

interface Exchange {
  incoming: IncomingMessage | Http2ServerRequest;
  outgoing: ServerResponse | Http2ServerResponse;
}

/** One request passed on to the DoH server at `port` on loopback, its answer back with CORS. */
function forward({ incoming, outgoing }: Exchange, port: number, agent: Agent, body: Buffer): void {
  const upstream = request(
    {
      host: '127.0.0.1',
      port,
      method: incoming.method,
      path: incoming.url,
      headers: forwardable(incoming.headers),
      agent,
    },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, { ...forwardable(answer.headers), ...CORS });
      answer.pipe(outgoing);
    },
  );
  upstream.on('error', (error) => {
    if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain', ...CORS });
    outgoing.end(`DoH upstream error: ${error.message}`);
  });
  upstream.end(body);
}

/** Answers a CORS preflight, or calls `then` with the request's whole body. */
function withBody({ incoming, outgoing }: Exchange, then: (body: Buffer) => void): void {
  if (incoming.method === 'OPTIONS') {
    outgoing.writeHead(204, CORS).end();
    return;
  }
  const chunks: Buffer[] = [];
  incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
  incoming.on('end', () => then(Buffer.concat(chunks)));
}

/**
 * An HTTP/2 front (TLS, any certificate: the browsers under test ignore certificate errors) for a
 * DoH endpoint on loopback (`target`, e.g. the proxy below), as public resolvers serve DoH (RFC 8484 §5.2 recommends HTTP/2). Over HTTP/1.1 a
 * browser opens at most six connections to one host and queues the rest of a report's 40 queries;
 * over HTTP/2 they all go out at once on one connection, as they would to a real resolver.
 */
export async function startHttp2DohFront(
  target: string,
  tls: { key: Buffer; cert: Buffer },
): Promise<{ url: string; connections(): { h2: number; http1: number }; stop(): Promise<void> }> {
  const upstream = new URL(target);
  const connections = { h2: 0, http1: 0 };
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const server = createSecureServer({ ...tls, allowHTTP1: true }, (incoming, outgoing) => {
    const exchange = { incoming, outgoing };
    withBody(exchange, (body) => forward(exchange, Number(upstream.port), agent, body));
  });
  // What each client negotiated (ALPN): how many TLS handshakes a report costs it.
  server.on('secureConnection', (socket) => {
    if (socket.alpnProtocol === 'h2') connections.h2 += 1;
    else connections.http1 += 1;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}${upstream.pathname}`,
    connections: () => ({ ...connections }),
    async stop() {
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A pass-through HTTP proxy in front of dnsdist's DoH listener: it holds every DoH request for
 * `delayMs` (the benchmark's stand-in for a network round trip) and counts them. Method, path,
 * `?dns=` query and body go through byte for byte.
 */
export async function startDohProxy(upstreamPort: number, delayMs: number): Promise<DohProxy> {
  const seen: DohQuestion[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const server = createServer((incoming, outgoing) => {
    const exchange = { incoming, outgoing };
    withBody(exchange, (body) => {
      seen.push(questionOf(incoming.method ?? '', incoming.url ?? '', body));
      if (delayMs > 0) setTimeout(() => forward(exchange, upstreamPort, agent, body), delayMs);
      else forward(exchange, upstreamPort, agent, body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    requests: () => seen.length,
    questions: () => [...seen],
    async stop() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function questionOf(method: string, url: string, body: Buffer): DohQuestion {
  try {
    const wire =
      method === 'GET'
        ? Buffer.from(new URL(url, 'http://proxy').searchParams.get('dns') ?? '', 'base64url')
        : body;
    const packet = decode(new Uint8Array(wire));
    const question = packet.questions?.[0];
    return {
      name: (question?.name ?? '').toLowerCase().replace(/\.$/, ''),
      type: String(question?.type ?? ''),
      cd: packet.flag_cd ?? false,
      method,
    };
  } catch {
    return { name: '', type: '', cd: false, method };
  }
}
