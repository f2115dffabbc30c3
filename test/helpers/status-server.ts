import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * A local status-feed host for tests: the recorded feeds of test/fixtures/status served as the
 * providers serve them, plus the ways real hosts fail (an HTML error page, a single-page app's shell
 * answered with 200, a 404). Paths: /feeds/<fixture file>, /html-error, /app-shell, /app-shell-as-json,
 * /missing, and any path set with `serve`.
 */
export interface StatusServer {
  url: string;
  /** Answer `path` with this body (a test's own variant of a recording, made in the test). */
  serve(path: string, body: string | Uint8Array, contentType?: string): void;
  /** Paths requested so far, in order. */
  requests(): string[];
  stop(): Promise<void>;
}

const FIXTURES = fileURLToPath(new URL('../fixtures/status/', import.meta.url));

export function statusFixture(file: string): unknown {
  return JSON.parse(readFileSync(FIXTURES + file, 'utf8'));
}

export function statusFixtureText(file: string): string {
  return readFileSync(FIXTURES + file, 'utf8');
}

const HTML_ERROR =
  '<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>';
const APP_SHELL =
  '<!doctype html><html><head><meta charset="utf-8"><title>Status</title></head><body><div id="root"></div><script type="module" src="/assets/index-4f2a.js"></script></body></html>';

/** AWS serves its feed as UTF-16 little-endian with a byte-order mark (SOURCES.md): so does this server. */
export function utf16WithBom(text: string): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes[0] = 0xff;
  bytes[1] = 0xfe;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    bytes[2 + i * 2] = code & 0xff;
    bytes[3 + i * 2] = code >> 8;
  }
  return bytes;
}

export async function startStatusServer(): Promise<StatusServer> {
  const custom = new Map<string, { body: string | Uint8Array; contentType: string }>();
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    seen.push(path);
    const own = custom.get(path);
    if (own) {
      res.writeHead(200, { 'content-type': own.contentType, 'access-control-allow-origin': '*' });
      res.end(own.body);
      return;
    }
    if (path.startsWith('/feeds/')) {
      const file = path.slice('/feeds/'.length);
      if (!/^[a-z0-9.-]+\.json$/.test(file)) return void res.writeHead(400).end();
      try {
        const text = readFileSync(FIXTURES + file, 'utf8');
        if (file.startsWith('aws-')) {
          res.writeHead(200, { 'content-type': 'application/json;charset=utf-16' });
          res.end(utf16WithBom(text));
        } else {
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
          res.end(text);
        }
      } catch {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      }
      return;
    }
    switch (path) {
      case '/html-error':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML_ERROR);
        return;
      case '/app-shell':
        res.writeHead(200, { 'content-type': 'text/html' }).end(APP_SHELL);
        return;
      case '/app-shell-as-json':
        res.writeHead(200, { 'content-type': 'application/json' }).end(APP_SHELL);
        return;
      default:
        res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    serve: (path, body, contentType = 'application/json') => void custom.set(path, { body, contentType }),
    requests: () => [...seen],
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
