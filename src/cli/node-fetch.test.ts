import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki } from '../../test/helpers/test-pki.ts';
import { guardedFetch } from '../core/http/guarded-fetch.ts';
import { nodeFetch } from './node-fetch.ts';

/**
 * The command line's fetch is node:http, not undici: these are the guard's promises (guarded-fetch.ts)
 * kept over it, against a real server on loopback.
 */
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
