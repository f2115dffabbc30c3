import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import {
  type AddressInfo,
  connect,
  createServer as createTcpServer,
  type Socket,
  type Server as TcpServer,
} from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeOnExit, runTool } from './daemon.ts';

export interface WebServerOptions {
  /** Directory of `<host>/<path>` files; default test/stack/sites. */
  sitesDir?: string;
}

export interface WebServer {
  httpPort: number;
  httpsPort: number;
  /**
   * Speaks HTTP and HTTPS on one port (told apart by the first byte), so that a browser's
   * `--host-rules="MAP * 127.0.0.1:<port>"` serves both schemes.
   */
  port: number;
  sitesDir: string;
  stop(): Promise<void>;
}

export const DEFAULT_SITES_DIR = fileURLToPath(new URL('./sites/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  // RFC 8461 §3.2: the policy is served as text/plain.
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

const DEFAULT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test web server</title></head>
<body><h1>Test web server</h1><p>No site is configured for this host name.</p></body></html>
`;

/**
 * Serves test/stack/sites/<host>/<path> by Host header over HTTP and HTTPS (self-signed). A host
 * without a directory gets a default page at "/" and 404 elsewhere, so a missing MTA-STS policy is
 * a real 404.
 */
export async function startWebServer(options: WebServerOptions = {}): Promise<WebServer> {
  const sitesDir = resolve(options.sitesDir ?? DEFAULT_SITES_DIR);
  const certDir = await mkdtemp(join(tmpdir(), 'di-web-'));
  const keepDir = removeOnExit(certDir);
  try {
    const hosts = (await readdir(sitesDir)).filter(isHostName);
    const { key, cert } = await selfSignedCertificate(certDir, hosts);
    const handler = (request: IncomingMessage, response: ServerResponse) => {
      serve(sitesDir, request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
        response.end('internal error\n');
      });
    };
    const http = await listen(createHttpServer(handler));
    const https = await listen(createHttpsServer({ key, cert }, handler));
    const httpPort = (http.address() as AddressInfo).port;
    const httpsPort = (https.address() as AddressInfo).port;
    const both = await listen(
      createTcpServer((socket) => {
        socket.on('error', () => socket.destroy());
        socket.once('data', (first: Buffer) => {
          // 0x16 starts a TLS handshake record (RFC 8446 §5.1); anything else is plain HTTP. The bytes
          // go to the matching listener unchanged, so SNI and Host arrive as the client sent them.
          const upstream = connect(first[0] === 0x16 ? httpsPort : httpPort, '127.0.0.1');
          upstream.on('error', () => socket.destroy());
          socket.on('close', () => upstream.destroy());
          upstream.on('close', () => socket.destroy());
          upstream.write(first);
          socket.pipe(upstream).pipe(socket);
        });
      }),
    );
    const sockets = new Set<Socket>();
    both.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    return {
      httpPort,
      httpsPort,
      port: (both.address() as AddressInfo).port,
      sitesDir,
      async stop() {
        for (const socket of sockets) socket.destroy();
        await Promise.all([close(http), close(https), new Promise<void>((done) => both.close(() => done()))]);
        await rm(certDir, { recursive: true, force: true });
        keepDir();
      },
    };
  } catch (error) {
    await rm(certDir, { recursive: true, force: true });
    keepDir();
    throw error;
  }
}

async function serve(sitesDir: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
    return;
  }
  const host = hostOf(request.headers.host);
  const path = pathOf(request.url);
  const siteDir = host === undefined ? undefined : await siteDirFor(sitesDir, host);
  if (siteDir === undefined) {
    if (path === '/') return send(request, response, 200, CONTENT_TYPES['.html'] ?? '', DEFAULT_PAGE);
    return notFound(request, response);
  }
  if (path === undefined) return notFound(request, response);
  let file = join(siteDir, normalize(path));
  if (file !== siteDir && !file.startsWith(siteDir + sep)) return notFound(request, response);
  if (await isDirectory(file)) file = join(file, 'index.html');
  const body = await readFile(file).catch(() => undefined);
  if (body === undefined) return notFound(request, response);
  send(request, response, 200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', body);
}

/** A site's own folder, or for `www.<name>` the folder of `<name>`, as most sites serve both. */
async function siteDirFor(sitesDir: string, host: string): Promise<string | undefined> {
  for (const name of host.startsWith('www.') ? [host, host.slice(4)] : [host]) {
    const dir = join(sitesDir, name);
    if (await isDirectory(dir)) return dir;
  }
  return undefined;
}

function send(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
): void {
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

function notFound(request: IncomingMessage, response: ServerResponse): void {
  send(request, response, 404, 'text/plain; charset=utf-8', 'not found\n');
}

function hostOf(header: string | undefined): string | undefined {
  const host = (header ?? '').toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  return isHostName(host) ? host : undefined;
}

function isHostName(name: string): boolean {
  return /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/.test(name);
}

function pathOf(url: string | undefined): string | undefined {
  try {
    return decodeURIComponent(new URL(url ?? '/', 'http://host').pathname);
  } catch {
    return undefined;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

export async function selfSignedCertificate(
  dir: string,
  hosts: string[],
): Promise<{ key: Buffer; cert: Buffer }> {
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  const withWww = hosts.flatMap((host) => (host.startsWith('www.') ? [host] : [host, `www.${host}`]));
  const names = ['localhost', ...new Set(withWww)].map((host) => `DNS:${host}`);
  await runTool('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '7',
    '-subj',
    '/CN=domain-insight test sites',
    '-addext',
    `subjectAltName=${[...names, 'IP:127.0.0.1'].join(',')}`,
    '-keyout',
    keyFile,
    '-out',
    certFile,
  ]);
  return { key: await readFile(keyFile), cert: await readFile(certFile) };
}

function listen<T extends Server | TcpServer>(server: T): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolvePromise(server));
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolvePromise) => server.close(() => resolvePromise()));
}
