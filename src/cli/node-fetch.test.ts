import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createSecureServer, constants as http2Constants, type Settings } from 'node:http2';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import {
  type AddressInfo,
  createServer as createTcpServer,
  type LookupFunction,
  type Socket,
} from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki } from '../../test/helpers/test-pki.ts';
import { guardedFetch } from '../core/http/guarded-fetch.ts';
import { nodeFetch } from './node-fetch.ts';

/**
 * The command line's fetch is node:http, not undici: these are the guard's promises (guarded-fetch.ts)
 * kept over it, against a real server on loopback.
 */
const execFileAsync = promisify(execFile);
const { NGHTTP2_CANCEL, NGHTTP2_REFUSED_STREAM } = http2Constants;

let server: Server;
let origin = '';
let closedEarly = 0;
const received: { method: string; length: string | undefined; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        length: request.headers['content-length'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      route(request.url ?? '', response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function route(path: string, response: import('node:http').ServerResponse): void {
  if (path === '/text') {
    response.setHeader('Content-Type', 'text/plain');
    response.setHeader('Cache-Control', ['max-age=60', 'public']);
    response.end('hola');
  } else if (path === '/redirect') {
    response.writeHead(302, { location: '/text' }).end();
  } else if (path === '/endless') {
    // Chunked and never-ending: only the cap can stop it.
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    response.on('close', () => {
      if (!response.writableFinished) closedEarly++;
    });
    const chunk = Buffer.alloc(16 * 1024, 120);
    const pump = () => {
      while (!response.destroyed && response.write(chunk));
      if (!response.destroyed) response.once('drain', pump);
    };
    pump();
  } else if (path === '/stalls') {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.write('version: STSv1\r\n');
  } else {
    response.writeHead(404).end();
  }
}

const fetch = nodeFetch();

describe('the command line fetch (node:http) under the guard', () => {
  it('gives the status, headers by lower-case name, repeated fields joined, and the body', async () => {
    const answer = await guardedFetch({ kind: 'rdap', url: `${origin}/text`, fetch, timeoutMs: 2000 });
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(answer.status).toBe(200);
    expect(answer.headers.get('Content-Type')).toBe('text/plain');
    expect(answer.headers.get('cache-control')).toBe('max-age=60, public');
    expect(new TextDecoder().decode(answer.body)).toBe('hola');
  });

  it('sends a byte body with its length, as a DoH POST does', async () => {
    const answer = await guardedFetch({
      kind: 'doh',
      url: `${origin}/text`,
      fetch,
      timeoutMs: 2000,
      method: 'POST',
      headers: { 'content-type': 'application/dns-message' },
      body: new Uint8Array([1, 2, 3]),
    });
    expect(answer.ok).toBe(true);
    expect(received.at(-1)).toEqual({ method: 'POST', length: '3', body: '\u0001\u0002\u0003' });
  });

  it('never follows a redirect itself, so that the guard judges where it points', async () => {
    const response = await fetch(`${origin}/redirect`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/text');
  });

  it('stops reading at the cap and closes the connection of an endless body', async () => {
    const before = closedEarly;
    const answer = await guardedFetch({ kind: 'mta-sts', url: `${origin}/endless`, fetch, timeoutMs: 2000 });
    expect(answer.ok || answer.code).toBe('too-large');
    await expect.poll(() => closedEarly).toBe(before + 1);
  });

  it('ends at the deadline a body that never finishes', async () => {
    const started = performance.now();
    const answer = await guardedFetch({ kind: 'mta-sts', url: `${origin}/stalls`, fetch, timeoutMs: 300 });
    expect(answer.ok || answer.code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('fails as a network error naming the cause when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const answer = await guardedFetch({
      kind: 'rdap',
      url: `http://127.0.0.1:${port}/`,
      fetch,
      timeoutMs: 2000,
    });
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.code).toBe('network');
    expect(answer.detail).toContain('ECONNREFUSED');
  });

  it('refuses a scheme other than http and https', async () => {
    await expect(fetch('ftp://127.0.0.1/', {})).rejects.toThrow(/ftp/);
  });

  it('rejects at once when the signal has already ended the call', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(fetch(`${origin}/text`, { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

describe('the command line fetch over https', () => {
  let dir = '';
  let secure: HttpsServer;
  let port = 0;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'node-fetch-pki-'));
    const pki = await makeTestPki(dir, [{ name: 'localhost', dns: ['localhost'] }]);
    const leaf = pki.leaves.localhost;
    if (!leaf) throw new Error('no leaf');
    secure = createHttpsServer({ key: leaf.key, cert: leaf.cert }, (_request, response) =>
      response.end('ok'),
    );
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    port = (secure.address() as AddressInfo).port;
  });
  afterAll(async () => {
    secure.closeAllConnections();
    await new Promise((resolve) => secure.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a certificate no trusted authority signed', async () => {
    const answer = await guardedFetch({
      kind: 'rdap',
      url: `https://localhost:${port}/`,
      fetch,
      timeoutMs: 2000,
    });
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.code).toBe('network');
    // node:tls's code for a chain it cannot verify (UNABLE_TO_VERIFY_LEAF_SIGNATURE and its kin).
    expect(answer.detail).toMatch(/CERT|VERIFY/);
  });
});

describe('the command line fetch over HTTP/2 (RFC 8484 §5.2) and its HTTP/1.1 fallback', () => {
  let dir = '';
  let ca = '';
  let leaf: { key: Buffer; cert: Buffer };
  const servers: { close(): Promise<void> }[] = [];
  // Every test host is this machine: the leaf certificate names localhost.
  const lookup: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'node-fetch-h2-'));
    const pki = await makeTestPki(dir, [{ name: 'localhost', dns: ['localhost'] }]);
    ca = readFileSync(pki.caFile, 'utf8');
    const made = pki.leaves.localhost;
    if (!made) throw new Error('no leaf');
    leaf = made;
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  /** An HTTP/2-only server; counts its TLS connections, its streams and those the client reset. */
  async function h2Server(serverSettings: Settings = {}) {
    const seen = { connections: 0, protocols: [] as string[], reset: 0, streams: 0 };
    const server = createSecureServer(
      { key: leaf.key, cert: leaf.cert, settings: serverSettings },
      (request, response) => {
        const path = request.url;
        seen.streams++;
        if (path === '/slow') {
          setTimeout(() => response.end('slow'), 20);
          return;
        }
        if (path === '/refuse-first' && seen.streams === 1) {
          request.stream.close(NGHTTP2_REFUSED_STREAM);
          return;
        }
        if (path === '/goaway-first' && seen.streams === 1) {
          // Closing: this stream is the last one processed, the request sent beside it is not.
          request.stream.session?.goaway(0, request.stream.id);
          response.end('first');
          return;
        }
        if (path === '/refuse-first' || path === '/goaway-first') {
          response.end('again');
          return;
        }
        if (path === '/echo') {
          const chunks: Buffer[] = [];
          request.on('data', (chunk: Buffer) => chunks.push(chunk));
          request.on('end', () => {
            response.writeHead(200, { 'content-type': 'application/dns-message' });
            response.end(Buffer.concat(chunks));
          });
        } else if (path === '/text') {
          response.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'max-age=60' });
          response.end('hola');
        } else if (path === '/endless') {
          response.writeHead(200, { 'content-type': 'application/octet-stream' });
          request.stream.once('close', () => {
            if (request.stream.rstCode === NGHTTP2_CANCEL) seen.reset++;
          });
          const chunk = Buffer.alloc(16 * 1024, 120);
          const pump = () => {
            while (!response.destroyed && !request.stream.closed && response.write(chunk));
            if (!response.destroyed && !request.stream.closed) response.once('drain', pump);
          };
          pump();
        } else if (path === '/silent') {
          // Headers never come.
        } else if (path === '/goaway') {
          response.end('bye');
          request.stream.session?.close();
        } else {
          response.writeHead(404).end();
        }
      },
    );
    server.on('secureConnection', (socket) => {
      seen.connections++;
      seen.protocols.push(socket.alpnProtocol || 'none');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const sessions = new Set<import('node:http2').ServerHttp2Session>();
    server.on('session', (session) => sessions.add(session));
    servers.push({
      close: () =>
        new Promise<void>((resolve) => {
          for (const session of sessions) session.destroy();
          server.close(() => resolve());
        }),
    });
    return { origin: `https://localhost:${(server.address() as AddressInfo).port}`, seen };
  }

  it('asks an HTTP/2 origin over one connection, every request a stream of it', async () => {
    const { origin: h2, seen } = await h2Server();
    const fetchH2 = nodeFetch({ ca, lookup });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        guardedFetch({
          kind: 'doh',
          url: `${h2}/echo`,
          fetch: fetchH2,
          timeoutMs: 3000,
          method: 'POST',
          headers: { 'Content-Type': 'application/dns-message' },
          body: new TextEncoder().encode(`question ${i}`),
        }),
      ),
    );
    expect(
      answers.map((answer) => (answer.ok ? new TextDecoder().decode(answer.body) : answer.code)),
    ).toEqual(Array.from({ length: 20 }, (_, i) => `question ${i}`));
    expect(seen).toMatchObject({ connections: 1, protocols: ['h2'] });
  });

  it('answers every request to a server that allows two streams at once, over one connection', async () => {
    const { origin: h2, seen } = await h2Server({ maxConcurrentStreams: 2 });
    const fetchH2 = nodeFetch({ ca, lookup });
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        guardedFetch({ kind: 'rdap', url: `${h2}/slow`, fetch: fetchH2, timeoutMs: 5000 }),
      ),
    );
    expect(answers.filter((answer) => answer.ok)).toHaveLength(30);
    expect(seen.connections).toBe(1);
  });

  it('asks again a request the server refused unprocessed (REFUSED_STREAM, RFC 9113 §8.7)', async () => {
    const { origin: h2, seen } = await h2Server();
    const answer = await guardedFetch({
      kind: 'rdap',
      url: `${h2}/refuse-first`,
      fetch: nodeFetch({ ca, lookup }),
      timeoutMs: 3000,
    });
    expect(answer.ok && new TextDecoder().decode(answer.body)).toBe('again');
    expect(seen.streams).toBe(2);
  });

  it('asks again, on a new connection, a request a GOAWAY left unprocessed', async () => {
    const { origin: h2, seen } = await h2Server();
    const fetchH2 = nodeFetch({ ca, lookup });
    const answers = await Promise.all(
      [1, 2].map(() =>
        guardedFetch({ kind: 'rdap', url: `${h2}/goaway-first`, fetch: fetchH2, timeoutMs: 3000 }),
      ),
    );
    expect(
      answers.map((answer) => (answer.ok ? new TextDecoder().decode(answer.body) : answer.code)).sort(),
    ).toEqual(['again', 'first']);
    expect(seen.connections).toBe(2);
  });

  it('gives the status and headers of an HTTP/2 answer, its pseudo-fields left out', async () => {
    const { origin: h2 } = await h2Server();
    const response = await nodeFetch({ ca, lookup })(`${h2}/text`, {});
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.headers.get('Content-Type')).toBe('text/plain');
    expect(response.headers.get('cache-control')).toBe('max-age=60');
    expect(response.headers.has(':status')).toBe(false);
    expect(await response.text()).toBe('hola');
  });

  it('stops an endless HTTP/2 body at the cap by resetting only its stream', async () => {
    const { origin: h2, seen } = await h2Server();
    const fetchH2 = nodeFetch({ ca, lookup });
    const endless = await guardedFetch({
      kind: 'mta-sts',
      url: `${h2}/endless`,
      fetch: fetchH2,
      timeoutMs: 3000,
    });
    expect(endless.ok || endless.code).toBe('too-large');
    await expect.poll(() => seen.reset).toBe(1);
    const after = await guardedFetch({ kind: 'rdap', url: `${h2}/text`, fetch: fetchH2, timeoutMs: 3000 });
    expect(after.ok).toBe(true);
    expect(seen.connections).toBe(1);
  });

  it('ends at the deadline an HTTP/2 stream that never answers', async () => {
    const { origin: h2 } = await h2Server();
    const started = performance.now();
    const answer = await guardedFetch({
      kind: 'rdap',
      url: `${h2}/silent`,
      fetch: nodeFetch({ ca, lookup }),
      timeoutMs: 300,
    });
    expect(answer.ok || answer.code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('opens a new connection once the server has closed the last one', async () => {
    const { origin: h2, seen } = await h2Server();
    const fetchH2 = nodeFetch({ ca, lookup });
    const first = await guardedFetch({ kind: 'rdap', url: `${h2}/goaway`, fetch: fetchH2, timeoutMs: 3000 });
    expect(first.ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await guardedFetch({ kind: 'rdap', url: `${h2}/text`, fetch: fetchH2, timeoutMs: 3000 });
    expect(second.ok).toBe(true);
    expect(seen.connections).toBe(2);
  });

  it('falls back to HTTP/1.1 where the server offers only that, on the connection it negotiated', async () => {
    let connections = 0;
    const secure = createHttpsServer({ key: leaf.key, cert: leaf.cert }, (_request, response) =>
      response.end('uno'),
    );
    secure.on('secureConnection', () => connections++);
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    servers.push({
      close: () =>
        new Promise<void>((resolve) => {
          secure.closeAllConnections();
          secure.close(() => resolve());
        }),
    });
    const url = `https://localhost:${(secure.address() as AddressInfo).port}/`;
    const fetch1 = nodeFetch({ ca, lookup });
    const first = await guardedFetch({ kind: 'rdap', url, fetch: fetch1, timeoutMs: 3000 });
    expect(first.ok && new TextDecoder().decode(first.body)).toBe('uno');
    // The handshake that found HTTP/1.1 carried the first request: none was made in vain.
    expect(connections).toBe(1);
    const more = await Promise.all(
      [1, 2, 3].map(() => guardedFetch({ kind: 'rdap', url, fetch: fetch1, timeoutMs: 3000 })),
    );
    expect(more.every((answer) => answer.ok)).toBe(true);
  });

  it('gives up at once on an aborted request while its connection is still being made, and drops the handshake', async () => {
    // Accepts TCP and never speaks TLS.
    const held: Socket[] = [];
    let dropped = 0;
    const mute = createTcpServer((socket) => {
      held.push(socket);
      // Read (and ignore) the ClientHello, so that the client's close is seen.
      socket.resume();
      socket.on('close', () => dropped++);
    });
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    servers.push({
      close: () =>
        new Promise<void>((resolve) => {
          for (const socket of held) socket.destroy();
          mute.close(() => resolve());
        }),
    });
    const controller = new AbortController();
    const started = performance.now();
    const pending = nodeFetch({ ca, lookup })(`https://localhost:${(mute.address() as AddressInfo).port}/`, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(1000);
    // No other request waited for it: the half-made connection is closed, not left to hold the process.
    await expect.poll(() => dropped).toBe(1);
  });

  it('never holds the process open once its requests are answered', async () => {
    const { origin: h2 } = await h2Server();
    const caFile = join(dir, 'ca.pem');
    const script = [
      `import { nodeFetch } from ${JSON.stringify(join(import.meta.dirname, 'node-fetch.ts'))};`,
      `import { readFileSync } from 'node:fs';`,
      `const fetch = nodeFetch({ ca: readFileSync(${JSON.stringify(caFile)}, 'utf8'), lookup: (h, o, cb) => o.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4) });`,
      `const response = await fetch(${JSON.stringify(`${h2}/text`)}, {});`,
      `console.log(response.status, await response.text());`,
    ].join('\n');
    const started = performance.now();
    const { stdout } = await execFileAsync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        timeout: 10_000,
      },
    );
    expect(stdout.trim()).toBe('200 hola');
    // Exits when done, far sooner than any idle timeout of the connection would close it.
    expect(performance.now() - started).toBeLessThan(8000);
  });
});
