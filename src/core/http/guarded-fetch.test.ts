import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchLike } from '../types.ts';
import {
  BODY_CAPS,
  type GuardedRequest,
  guardedFetch,
  readBodyCapped,
  statusFailure,
} from './guarded-fetch.ts';
import { hostPolicyProblem, isLoopbackHost, schemeProblem } from './url-policy.ts';

/** A loopback server with the ways a hostile server answers; `bytesSent` shows where reading stopped. */
let server: Server;
let origin = '';
let bytesSent = 0;

function stream(res: ServerResponse, total: number, chunk = 64 * 1024): void {
  const block = Buffer.alloc(chunk, 0x61);
  let sent = 0;
  const pump = () => {
    while (sent < total) {
      sent += chunk;
      bytesSent += chunk;
      if (!res.write(block)) return void res.once('drain', pump);
    }
    res.end();
  };
  res.on('close', () => res.removeAllListeners('drain'));
  pump();
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/ok') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
    if (path === '/80mb') {
      res.writeHead(200, { 'content-type': 'application/rdap+json' });
      return stream(res, 80 * 1024 * 1024);
    }
    if (path === '/declared')
      return void res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) }).write('x');
    if (path === '/never-ends') return void res.writeHead(200).write('{');
    if (path === '/drip') {
      res.writeHead(200);
      const timer = setInterval(() => res.write('x'), 50);
      return void res.on('close', () => clearInterval(timer));
    }
    if (path === '/to-http') return void res.writeHead(302, { location: 'http://example.com/' }).end();
    if (path === '/to-private') return void res.writeHead(302, { location: 'https://192.168.1.1/' }).end();
    if (path.startsWith('/hop/')) {
      const n = Number(path.slice(5));
      return void res.writeHead(302, { location: `/hop/${n + 1}` }).end();
    }
    if (path === '/loop') return void res.writeHead(301, { location: '/loop' }).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const nodeFetch: FetchLike = (input, init) => fetch(input, init);

function get(path: string, overrides: Partial<GuardedRequest> = {}) {
  return guardedFetch({
    kind: 'rdap',
    url: `${origin}${path}`,
    fetch: nodeFetch,
    timeoutMs: 2_000,
    ...overrides,
  });
}

describe('guardedFetch: the body', () => {
  it('reads a small answer with its status and headers', async () => {
    const result = await get('/ok');
    expect(result).toMatchObject({ ok: true, status: 200, url: `${origin}/ok`, requests: 1 });
    if (result.ok) expect(new TextDecoder().decode(result.body)).toBe('hello');
  });

  it('stops reading an 80 MB body at the kind’s cap, and quickly', async () => {
    bytesSent = 0;
    const started = performance.now();
    const result = await get('/80mb');
    expect(result).toMatchObject({ ok: false, code: 'too-large' });
    expect(performance.now() - started).toBeLessThan(2_000);
    // Reading stopped near the 1 MiB cap: the server was not drained of its 80 MB.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bytesSent).toBeLessThan(16 * 1024 * 1024);
  });

  it('refuses a declared Content-Length over the cap before reading', async () => {
    expect(await get('/declared')).toMatchObject({ ok: false, code: 'too-large' });
  });

  it('caps each kind at its own size', async () => {
    expect(BODY_CAPS).toEqual({
      doh: 65_535,
      rdap: 1_048_576,
      bootstrap: 1_048_576,
      'mta-sts': 65_536,
      status: 2_097_152,
    });
    const result = await get('/80mb', { kind: 'doh' });
    expect(result).toMatchObject({ ok: false, code: 'too-large', message: expect.stringContaining('65535') });
  });

  it('one timeout covers the body: a body that never ends fails at the deadline', async () => {
    const started = performance.now();
    expect(await get('/never-ends', { timeoutMs: 300 })).toMatchObject({ ok: false, code: 'timeout' });
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('a body dripping a byte at a time still ends at the one deadline', async () => {
    const started = performance.now();
    expect(await get('/drip', { timeoutMs: 400 })).toMatchObject({ ok: false, code: 'timeout' });
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});

describe('guardedFetch: where requests may go', () => {
  it('refuses plain http to a host that is not loopback, without calling fetch', async () => {
    let calls = 0;
    const counting: FetchLike = async () => {
      calls++;
      return new Response('');
    };
    const result = await guardedFetch({
      kind: 'doh',
      url: 'http://dns.example/q',
      fetch: counting,
      timeoutMs: 100,
    });
    expect(result).toMatchObject({ ok: false, code: 'blocked', requests: 0 });
    expect(calls).toBe(0);
  });

  it('allows http to loopback only in loopback mode', async () => {
    expect(await get('/ok')).toMatchObject({ ok: true });
    expect(await get('/ok', { loopback: false })).toMatchObject({ ok: false, code: 'blocked' });
  });

  it('never follows a redirect to a lower scheme', async () => {
    const result = await guardedFetch({
      kind: 'status',
      url: 'https://status.example/feed',
      fetch: async () =>
        new Response(null, { status: 302, headers: { location: 'http://status.example/feed' } }),
      timeoutMs: 500,
    });
    expect(result).toMatchObject({ ok: false, code: 'blocked', requests: 1 });
    expect(await get('/to-http')).toMatchObject({ ok: false, code: 'blocked', requests: 1 });
  });

  it('follows a bounded number of redirects and catches loops', async () => {
    expect(await get('/hop/0')).toMatchObject({ ok: false, code: 'http-status', requests: 6 });
    expect(await get('/hop/0', { kind: 'bootstrap' })).toMatchObject({ ok: false, requests: 4 });
    expect(await get('/loop')).toMatchObject({ ok: false, message: expect.stringMatching(/^redirect loop/) });
  });

  it('follows no redirect at all for DoH and MTA-STS, and says where it pointed', async () => {
    const result = await get('/hop/0', { kind: 'mta-sts' });
    expect(result).toMatchObject({ ok: false, redirect: { status: 302, location: '/hop/1' }, requests: 1 });
  });

  it('with public hosts only, refuses IP literals and private names, in a redirect too', async () => {
    const never: FetchLike = async () => new Response('{}');
    for (const url of [
      'https://192.168.1.1/domain/x.com',
      'https://[fd00::1]/domain/x.com',
      'https://router.local/domain/x.com',
      'https://intranet/domain/x.com',
      'https://127.0.0.1/domain/x.com',
    ]) {
      const result = await guardedFetch({
        kind: 'rdap',
        url,
        fetch: never,
        timeoutMs: 100,
        publicHostsOnly: true,
        loopback: false,
      });
      expect(result, url).toMatchObject({ ok: false, code: 'blocked', requests: 0 });
    }
    expect(await get('/to-private', { publicHostsOnly: true })).toMatchObject({
      ok: false,
      code: 'blocked',
      requests: 1,
    });
  });
});

describe('guardedFetch: cancellation and misbehaving fetches', () => {
  it('stops at once when the caller aborts, mid-body', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const result = await get('/never-ends', { timeoutMs: 10_000, signal: controller.signal });
    expect(result).toMatchObject({
      ok: false,
      code: 'timeout',
      message: expect.stringContaining('cancelled'),
    });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('sends nothing for a signal that is already aborted', async () => {
    let calls = 0;
    const counting: FetchLike = async () => {
      calls++;
      return new Response('');
    };
    const result = await guardedFetch({
      kind: 'rdap',
      url: 'https://rdap.example/',
      fetch: counting,
      timeoutMs: 100,
      signal: AbortSignal.abort(),
    });
    expect(result).toMatchObject({ ok: false, code: 'timeout' });
    expect(calls).toBe(0);
  });

  it('ends at the deadline even when fetch ignores its signal', async () => {
    const deaf: FetchLike = () => new Promise(() => undefined);
    const result = await guardedFetch({
      kind: 'rdap',
      url: 'https://rdap.example/',
      fetch: deaf,
      timeoutMs: 50,
    });
    expect(result).toMatchObject({ ok: false, code: 'timeout' });
  });

  it('turns a fetch that throws, or a body that breaks, into a failure', async () => {
    const throwing: FetchLike = () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    };
    expect(
      await guardedFetch({ kind: 'rdap', url: 'https://rdap.example/', fetch: throwing, timeoutMs: 50 }),
    ).toMatchObject({ ok: false, code: 'network', detail: 'fetch failed (ECONNRESET)' });
    const broken = new ReadableStream({
      pull(controller) {
        controller.error(new Error('reset'));
      },
    });
    const breaking: FetchLike = async () => new Response(broken);
    expect(
      await guardedFetch({ kind: 'rdap', url: 'https://rdap.example/', fetch: breaking, timeoutMs: 50 }),
    ).toMatchObject({ ok: false, code: 'network' });
  });

  it('a redirect the browser hides is refused, or followed and checked where the kind allows', async () => {
    const opaque = () => {
      const response = new Response(null, { status: 200 });
      Object.defineProperty(response, 'type', { value: 'opaqueredirect' });
      return response;
    };
    const modes: string[] = [];
    const browser =
      (ended: string): FetchLike =>
      async (_url, init) => {
        modes.push(String(init?.redirect));
        if (init?.redirect === 'manual') return opaque();
        const response = new Response('{}', { status: 200 });
        Object.defineProperty(response, 'url', { value: ended });
        return response;
      };
    const base = { url: 'https://rdap.example/domain/x.com', timeoutMs: 100 } as const;
    expect(await guardedFetch({ ...base, kind: 'rdap', fetch: browser('https://x/') })).toMatchObject({
      ok: false,
      code: 'blocked',
    });
    expect(modes).toEqual(['manual']);
    modes.length = 0;
    const followed = await guardedFetch({
      ...base,
      kind: 'bootstrap',
      fetch: browser('https://data.example/dns.json'),
      hiddenRedirects: 'follow',
    });
    expect(followed).toMatchObject({ ok: true, url: 'https://data.example/dns.json', requests: 2 });
    expect(modes).toEqual(['manual', 'follow']);
    const downgraded = await guardedFetch({
      ...base,
      kind: 'bootstrap',
      fetch: browser('http://data.example/dns.json'),
      hiddenRedirects: 'follow',
    });
    expect(downgraded).toMatchObject({ ok: false, code: 'blocked' });
  });
});

describe('readBodyCapped: the same cap for a response fetched elsewhere', () => {
  it('gives the body within the cap, null past it, without reading the rest', async () => {
    expect(await readBodyCapped(new Response('hello'), 5)).toEqual(new TextEncoder().encode('hello'));
    expect(await readBodyCapped(new Response('hello!'), 5)).toBeNull();
    bytesSent = 0;
    expect(await readBodyCapped(await fetch(`${origin}/80mb`), BODY_CAPS.rdap)).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bytesSent).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('statusFailure: a status feed’s answer as a report error', () => {
  const answer = (status: number, headers: Record<string, string> = {}) => ({
    ok: true as const,
    status,
    headers: new Headers(headers),
    body: new Uint8Array(0),
    url: 'https://status.example/feed',
    visited: [],
    requests: 1,
  });

  it('reads 429 as rate-limited with the wait asked for, 404 as not-found', () => {
    expect(statusFailure(answer(200), 0)).toBeNull();
    expect(statusFailure(answer(429, { 'retry-after': '30' }), 0)).toMatchObject({
      code: 'rate-limited',
      retryAfterMs: 30_000,
    });
    expect(statusFailure(answer(404), 0)?.code).toBe('not-found');
    expect(statusFailure(answer(503), 0)?.code).toBe('http-status');
  });
});

describe('url policy', () => {
  it('knows loopback', () => {
    for (const host of ['127.0.0.1', '127.9.9.9', 'localhost', 'a.localhost', '[::1]'])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['128.0.0.1', 'localhost.example', '[::2]', '10.0.0.1'])
      expect(isLoopbackHost(host), host).toBe(false);
  });

  it('allows https anywhere, http only to loopback in loopback mode', () => {
    expect(schemeProblem(new URL('https://1.2.3.4/'), false)).toBeNull();
    expect(schemeProblem(new URL('http://127.0.0.1:8080/'), true)).toBeNull();
    expect(schemeProblem(new URL('http://127.0.0.1:8080/'), false)).not.toBeNull();
    expect(schemeProblem(new URL('http://example.com/'), true)).not.toBeNull();
    expect(schemeProblem(new URL('ftp://example.com/'), true)).not.toBeNull();
  });

  it('public hosts: names with a dot, not addresses or private-use names', () => {
    expect(hostPolicyProblem(new URL('https://rdap.verisign.com/com/v1/'), false)).toBeNull();
    // The URL parser turns every IPv4 spelling into dotted decimal first.
    for (const url of [
      'https://0x7f.1/',
      'https://2130706433/',
      'https://10.1.2.3/',
      'https://[::ffff:a00:1]/',
    ])
      expect(hostPolicyProblem(new URL(url), false), url).not.toBeNull();
    for (const url of ['https://nas.home.arpa/', 'https://db.internal/', 'https://printer.lan/'])
      expect(hostPolicyProblem(new URL(url), true), url).not.toBeNull();
    expect(hostPolicyProblem(new URL('https://127.0.0.1:9/'), true)).toBeNull();
  });
});
