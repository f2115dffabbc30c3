import { request } from 'node:https';
import { describe, expect, inject, it } from 'vitest';
import { mapFetch } from './map-fetch.ts';

const ports = { httpPort: inject('webHttpPort'), httpsPort: inject('webHttpsPort') };
const fetchTestHost = mapFetch(ports);

function httpsGet(host: string, path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port: ports.httpsPort,
        path,
        headers: { host },
        servername: host,
        rejectUnauthorized: false,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'] ?? '', body }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('the test web server', () => {
  it('serves an MTA-STS policy over HTTPS as text/plain, by Host header', async () => {
    const policy = await httpsGet('mta-sts.acme-google.com', '/.well-known/mta-sts.txt');
    expect(policy.status).toBe(200);
    expect(policy.type).toMatch(/^text\/plain/);
    expect(policy.body).toContain('mode: enforce\r\n');
    expect(policy.body).toContain('mx: *.aspmx.l.google.com\r\n');
  });

  it('answers 404 where no policy is published', async () => {
    const missing = await httpsGet('mta-sts.sts-unreachable.com', '/.well-known/mta-sts.txt');
    expect(missing.status).toBe(404);
  });

  it('gives unknown hosts a default page at / and 404 elsewhere', async () => {
    const home = await httpsGet('unknown-host.example', '/');
    expect(home.status).toBe(200);
    expect(home.type).toMatch(/^text\/html/);
    expect((await httpsGet('unknown-host.example', '/page.html')).status).toBe(404);
  });

  it('serves a site index page over plain HTTP', async () => {
    const response = await fetchTestHost('http://www.acme-google.com/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('acme-google.com');
  });

  it('serves www.<name> from the site of <name> when it has no folder of its own', async () => {
    const [www, apex] = await Promise.all([
      fetchTestHost('https://www.dmarc-none.com/').then((r) => r.text()),
      fetchTestHost('https://dmarc-none.com/').then((r) => r.text()),
    ]);
    expect(www).toBe(apex);
    expect(www).toContain('dmarc-none.com');
  });

  it('does not serve files outside the host directory', async () => {
    const escaped = await httpsGet(
      'acme-google.com',
      '/..%2fmta-sts.acme-google.com%2f.well-known%2fmta-sts.txt',
    );
    expect(escaped.status).toBe(404);
  });
});

describe('the combined port', () => {
  it('answers plain HTTP and HTTPS on the same port', async () => {
    const port = inject('webPort');
    const both = mapFetch({ httpPort: port, httpsPort: port });
    const plain = await both('http://acme-google.com/');
    expect(await plain.text()).toContain('acme-google.com');
    const secure = await both('https://mta-sts.acme-google.com/.well-known/mta-sts.txt');
    expect(await secure.text()).toContain('version: STSv1');
  });
});

describe('mapFetch', () => {
  it('sends https://mta-sts.<domain>/ to the local web server, certificate and all', async () => {
    const response = await fetchTestHost('https://mta-sts.contoso-m365.com/.well-known/mta-sts.txt');
    expect(response.ok).toBe(true);
    expect(response.url).toBe('https://mta-sts.contoso-m365.com/.well-known/mta-sts.txt');
    expect(await response.text()).toContain('mx: *.mail.protection.outlook.com');
  });

  it('returns the 404 as a response, not an error', async () => {
    const response = await fetchTestHost('https://mta-sts.sts-unreachable.com/.well-known/mta-sts.txt');
    expect(response.status).toBe(404);
  });

  it('leaves loopback URLs (the resolver, the RDAP server) to the real fetch', async () => {
    const seen: string[] = [];
    const fetchWithSpy = mapFetch(ports, {
      fallback: (input, init) => {
        seen.push(input);
        return fetch(input, init);
      },
    });
    const response = await fetchWithSpy(`http://127.0.0.1:${ports.httpPort}/`);
    expect(response.status).toBe(200);
    expect(seen).toEqual([`http://127.0.0.1:${ports.httpPort}/`]);
  });

  it('honours an abort signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('gave up'));
    await expect(
      fetchTestHost('https://mta-sts.acme-google.com/.well-known/mta-sts.txt', { signal: controller.signal }),
    ).rejects.toThrow('gave up');
  });
});
