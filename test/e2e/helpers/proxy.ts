import { createServer, request as httpRequest, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';

/**
 * Firefox has no `--host-rules`: its proxy prefs stand in for it. This proxy sends every request to
 * one local port whatever the host: plain HTTP arrives as an absolute URL and is forwarded with its
 * Host header; HTTPS arrives as CONNECT and is tunnelled byte for byte (the test web server tells
 * TLS from HTTP by the first byte, so one port serves both).
 */
export async function startHostProxy(targetPort: number): Promise<{ port: number; stop(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let path = req.url ?? '/';
    try {
      const url = new URL(path);
      path = `${url.pathname}${url.search}`;
    } catch {
      // Already a path.
    }
    const upstream = httpRequest(
      { host: '127.0.0.1', port: targetPort, method: req.method, path, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  server.on('connect', (_req, client, head) => {
    const upstream = connect(targetPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    const drop = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', drop);
    client.on('error', drop);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
