import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeResolver } from '../../../test/helpers/fake-resolver.ts';
import {
  GOOGLE_MTA_STS_POLICY,
  GOOGLE_MX_HOSTS,
  googleWorkspaceZone,
} from '../../../test/helpers/mail-zones.ts';
import type { FetchLike } from '../types.ts';
import { evaluateMtaSts } from './mta-sts.ts';

/**
 * The same checks against Node's real fetch and a real HTTP server on loopback: what a fake fetch
 * cannot show is how undici treats redirect: 'manual', a streamed body and an abort.
 */
let server: Server;
let origin = '';
let policyPath = '/ok';

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url === '/.well-known/mta-sts.txt' ? policyPath : request.url;
    if (path === '/ok') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end(GOOGLE_MTA_STS_POLICY);
    } else if (path === '/redirect') {
      response.writeHead(302, { location: '/ok' }).end();
    } else if (path === '/huge') {
      // Chunked, no Content-Length: the cap must stop reading.
      response.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'x'.repeat(16 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 64 && response.write(chunk)) sent++;
        if (sent < 64) response.once('drain', pump);
        else response.end();
      };
      pump();
    } else if (path === '/slow') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('version: STSv1\r\n');
      // Never finishes the body.
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Node's fetch, with the policy host pointed at the loopback server. */
const loopbackFetch: FetchLike = (url, init) =>
  fetch(url.replace('https://mta-sts.example.com', origin), init);

async function check(path: string) {
  policyPath = path;
  return evaluateMtaSts('example.com', fakeResolver(googleWorkspaceZone()), loopbackFetch, GOOGLE_MX_HOSTS, {
    timeoutMs: 500,
  });
}

describe('evaluateMtaSts over real HTTP', () => {
  it('reads a policy served as text/plain', async () => {
    const result = await check('/ok');
    expect(result.findings).toEqual([]);
    expect(result.mtaSts?.mode).toBe('enforce');
  });

  it('does not follow a redirect', async () => {
    const result = await check('/redirect');
    expect(result.findings[0]?.args?.[1]).toBe('HTTP 302 → /ok');
  });

  it('stops reading a body past 64 KiB', async () => {
    const result = await check('/huge');
    expect(result.findings[0]?.args?.[1]).toBe('> 65536 bytes');
  });

  it('times out a body that never ends', async () => {
    const result = await check('/slow');
    expect(result.findings[0]?.args?.[1]).toBe('timeout (500 ms)');
  });

  it('reports a 404', async () => {
    const result = await check('/missing');
    expect(result.findings[0]?.args?.[1]).toBe('HTTP 404');
  });
});
