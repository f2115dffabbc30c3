import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { FetchLike } from '../../src/core/types.ts';

export interface WebServerPorts {
  httpPort: number;
  httpsPort: number;
}

export interface MapFetchOptions {
  /** Hosts to send to the local web server; default: every host except loopback addresses. */
  isTestHost?: (host: string) => boolean;
  /** Used for the other hosts (the DoH resolver, the RDAP server); default: global fetch. */
  fallback?: FetchLike;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A FetchLike that sends http(s)://<test host>/... to the local web server with the original Host
 * header and SNI, accepting its self-signed certificate: what DNS plus a real certificate would do
 * on the internet. Redirects are not followed (MTA-STS forbids them, RFC 8461 §3.3).
 */
export function mapFetch(ports: WebServerPorts, options: MapFetchOptions = {}): FetchLike {
  const isTestHost = options.isTestHost ?? ((host: string) => !LOOPBACK.has(host));
  const fallback = options.fallback ?? ((input, init) => fetch(input, init));
  return async (input, init = {}) => {
    const url = new URL(input);
    const secure = url.protocol === 'https:';
    if ((!secure && url.protocol !== 'http:') || !isTestHost(url.hostname)) return fallback(input, init);
    init.signal?.throwIfAborted();
    const method = (init.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    headers.host = url.host;
    const body = init.body == null ? undefined : Buffer.from(await new Response(init.body).arrayBuffer());
    const answer = await new Promise<IncomingMessage>((resolve, reject) => {
      const options = {
        host: '127.0.0.1',
        port: secure ? ports.httpsPort : ports.httpPort,
        method,
        path: `${url.pathname}${url.search}`,
        headers,
        signal: init.signal ?? undefined,
      };
      const outgoing = secure
        ? httpsRequest({ ...options, servername: url.hostname, rejectUnauthorized: false }, resolve)
        : httpRequest(options, resolve);
      outgoing.once('error', (error) => reject(init.signal?.aborted ? init.signal.reason : error));
      outgoing.end(body);
    });
    const chunks: Buffer[] = [];
    for await (const chunk of answer) chunks.push(chunk as Buffer);
    const status = answer.statusCode ?? 502;
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
        responseHeaders.append(name, item);
      }
    }
    const nullBody = method === 'HEAD' || status === 204 || status === 205 || status === 304;
    const response = new Response(nullBody ? null : Buffer.concat(chunks), {
      status,
      statusText: answer.statusMessage ?? '',
      headers: responseHeaders,
    });
    // Response.url is read-only and empty for constructed responses; callers may log or check it.
    Object.defineProperty(response, 'url', { value: url.href });
    return response;
  };
}
