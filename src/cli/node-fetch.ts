import type { Agent as HttpAgent, request as httpRequest, IncomingMessage } from 'node:http';
import type { IncomingHttpHeaders, IncomingHttpStatusHeader } from 'node:http2';
import type { Agent as HttpsAgent } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { FetchLike } from '../core/types.ts';
import {
  abortError,
  notProcessed,
  type TlsOriginOptions,
  type Transport,
  tlsOrigins,
} from './tls-origins.ts';

/**
 * The command line's fetch, on node:http, node:https and node:http2. Node's global fetch is undici,
 * which Node loads the first time `fetch` is touched: about 40 ms of a single check's start-up on
 * these machines, and about 1 ms of CPU per request after that, on a run that makes 30 to 40 of them.
 * Each transport is loaded only when a URL needs it: `--help` loads none, and a run over plain http,
 * such as a resolver on loopback, need not pay for TLS. An https origin that offers HTTP/2 gets one connection for all
 * its requests (tls-origins.ts).
 *
 * It answers what the core asks of a fetch and no more (guarded-fetch.ts is the only caller): the
 * method, headers and a byte body; redirects never followed (the guard follows them itself, by its
 * own rules); the status, headers and a body read chunk by chunk or cancelled; the signal, which
 * ends the request and its body. Certificates are checked as node:tls does for every program
 * (NODE_EXTRA_CA_CERTS included). No cookies or credentials are ever sent, as the core asks.
 */
export type NodeFetchOptions = TlsOriginOptions;

interface Http1 {
  request: typeof httpRequest;
  agent: HttpAgent | HttpsAgent;
}

export function nodeFetch(options: NodeFetchOptions = {}): FetchLike {
  // Keep-alive: a report asks the same resolver 30 times or more, most of them at once.
  let http: Promise<Http1> | undefined;
  const loadHttp = () => {
    http ??= import('node:http').then(({ Agent, request }) => ({
      request,
      agent: new Agent({ keepAlive: true }),
    }));
    return http;
  };
  const origins = tlsOrigins(options);
  let https: Promise<Http1> | undefined;
  const loadHttps = () => {
    https ??= import('node:https').then(({ Agent, request }) => ({
      request,
      agent: new Agent({ keepAlive: true, ...(options.ca ? { ca: options.ca } : {}) }),
    }));
    return https;
  };
  return async (input, init = {}) => {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new TypeError(`fetch failed: ${JSON.stringify(input.slice(0, 200))} is not a URL`);
    }
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:')
      throw new TypeError(`fetch failed: ${url.protocol} is not fetched`);
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw abortError();
    const lookup = options.lookup ? { lookup: options.lookup } : {};
    if (!secure) return http1Request(url, init, await loadHttp(), null, lookup);
    for (let attempt = 1; ; attempt++) {
      let route: Transport;
      try {
        route = await origins.transport(url, signal);
      } catch (error) {
        if (signal?.aborted) throw abortError();
        throw fetchFailed(error);
      }
      if (route.protocol === 'http/1.1')
        return http1Request(url, init, await loadHttps(), route.socket, lookup);
      try {
        return await http2Request(route.open, url, init);
      } catch (error) {
        // Not processed by the server (a refused stream, a session closing): safe to ask again.
        if (!(error instanceof Unprocessed) || attempt >= UNPROCESSED_ATTEMPTS || signal?.aborted)
          throw error instanceof Unprocessed ? error.failure : error;
      }
    }
  };
}

/** As the platform's fetch fails: the guard reads the cause's code (ECONNREFUSED, a certificate error). */
function fetchFailed(cause: unknown): TypeError {
  return Object.assign(new TypeError('fetch failed'), { cause });
}

/** Tries of a request the server did not process (RFC 9113 §8.7) before it is a network error. */
const UNPROCESSED_ATTEMPTS = 3;

/** A request the server never processed; `failure` is what the caller sees if it is not tried again. */
class Unprocessed extends Error {
  constructor(readonly failure: Error) {
    super(failure.message);
  }
}

/** One request over HTTP/1.1: through the keep-alive agent, or on a socket just negotiated for it. */
function http1Request(
  url: URL,
  init: RequestInit,
  transport: Http1,
  socket: TLSSocket | null,
  lookup: { lookup?: LookupFunction },
): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const signal = init.signal ?? undefined;
    const body = requestBody(init.body);
    const headers: Record<string, string> = { ...headerRecord(init.headers) };
    if (body) headers['content-length'] = String(body.byteLength);
    const request = transport.request(url, {
      method: init.method ?? 'GET',
      headers,
      ...(socket ? { createConnection: () => socket } : { agent: transport.agent, ...lookup }),
    });
    let settled = false;
    const onAbort = () => {
      request.destroy(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    request.once('response', (message: IncomingMessage) => {
      settled = true;
      resolve(
        streamResponse(message, {
          status: message.statusCode ?? 0,
          statusText: message.statusMessage ?? '',
          fields: http1Fields(message.rawHeaders),
          url: url.href,
          done: () => signal?.removeEventListener('abort', onAbort),
          cancel: () => message.destroy(),
        }),
      );
    });
    request.once('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      if (settled) return;
      settled = true;
      reject(signal?.aborted ? abortError() : fetchFailed(error));
    });
    request.end(body);
  });
}

/** One request as a stream of the origin's HTTP/2 session. */
async function http2Request(
  open: Extract<Transport, { protocol: 'h2' }>['open'],
  url: URL,
  init: RequestInit,
): Promise<Response> {
  const signal = init.signal ?? undefined;
  const body = requestBody(init.body);
  const headers: Record<string, string> = {};
  // HTTP/2 field names are lower case (RFC 9113 §8.2.1).
  for (const [name, value] of Object.entries(headerRecord(init.headers))) headers[name.toLowerCase()] = value;
  if (body) headers['content-length'] = String(body.byteLength);
  let stream: ReturnType<typeof open>;
  try {
    stream = open(
      { ':method': init.method ?? 'GET', ':path': `${url.pathname}${url.search}`, ...headers },
      !body,
    );
  } catch (error) {
    // The session closed before the request could be sent on it.
    throw new Unprocessed(fetchFailed(error));
  }
  if (signal?.aborted) {
    stream.close(NGHTTP2_CANCEL);
    throw abortError();
  }
  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      signal?.removeEventListener('abort', onAbort);
      if (settled) return;
      settled = true;
      reject(error);
    };
    const onAbort = () => {
      fail(abortError());
      stream.close(NGHTTP2_CANCEL);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.once('response', (fields: IncomingHttpHeaders & IncomingHttpStatusHeader) => {
      settled = true;
      resolve(
        streamResponse(stream, {
          status: Number(fields[':status'] ?? 0),
          statusText: '',
          fields: http2Fields(fields),
          url: url.href,
          done: () => signal?.removeEventListener('abort', onAbort),
          cancel: () => stream.close(NGHTTP2_CANCEL),
        }),
      );
    });
    const unprocessed = (error?: Error) => notProcessed(stream, error);
    stream.once('error', (error) =>
      fail(unprocessed(error) ? new Unprocessed(fetchFailed(error)) : fetchFailed(error)),
    );
    // A stream reset without an error code still ends the request.
    stream.once('close', () => {
      const error = fetchFailed(new Error(`${url.host} closed the stream without an answer`));
      fail(unprocessed() ? new Unprocessed(error) : error);
    });
    if (body) stream.end(body);
  });
}

/** RST_STREAM's CANCEL (RFC 9113 §7), as node:http2's constants name it. */
const NGHTTP2_CANCEL = 0x8;

interface ResponseHead {
  status: number;
  statusText: string;
  /** Lower-case names, repeated fields joined. */
  fields: Map<string, string>;
  url: string;
  /** Called once the body has been read to its end or cancelled. */
  done: () => void;
  /** Stops the body and frees what carries it (the HTTP/1.1 socket, the HTTP/2 stream). */
  cancel: () => void;
}

/**
 * The parts of a Response the core reads. The body is a reader over the message's own stream, so
 * that the guard's byte cap stops reading at the first chunk past it and cancelling frees the socket.
 */
function streamResponse(stream: Readable, head: ResponseHead): Response {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const finish = () => {
    head.done();
    head.cancel();
  };
  stream.once('end', head.done);
  const reader = {
    async read(): Promise<ReadableStreamReadResult<Uint8Array>> {
      const step = await chunks.next();
      if (step.done) return { done: true, value: undefined };
      const chunk = step.value;
      return { done: false, value: new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength) };
    },
    async cancel(): Promise<void> {
      finish();
    },
    releaseLock(): void {},
  };
  const { status } = head;
  const headers = headerView(head.fields);
  const response = {
    status,
    statusText: head.statusText,
    ok: status >= 200 && status < 300,
    type: 'basic',
    url: head.url,
    redirected: false,
    headers,
    body: {
      getReader: () => reader,
      cancel: () => reader.cancel(),
    },
    async arrayBuffer(): Promise<ArrayBuffer> {
      const parts: Buffer[] = [];
      for (let step = await chunks.next(); !step.done; step = await chunks.next()) parts.push(step.value);
      const bytes = Buffer.concat(parts);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
    async text(): Promise<string> {
      return new TextDecoder().decode(await response.arrayBuffer());
    },
  };
  // The core types its fetch as the platform's; this object has every member the core reads.
  return response as unknown as Response;
}

/** HTTP/1.1's raw name/value list: names in lower case, repeated fields joined as fetch's Headers joins them. */
function http1Fields(raw: string[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    const before = fields.get(name);
    fields.set(name, before === undefined ? value : `${before}, ${value}`);
  }
  return fields;
}

/** HTTP/2's header object, without its pseudo-fields (`:status`); repeated fields joined. */
function http2Fields(headers: IncomingHttpHeaders): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    fields.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
  }
  return fields;
}

function headerView(fields: Map<string, string>): Headers {
  const headers = {
    get: (name: string) => fields.get(name.toLowerCase()) ?? null,
    has: (name: string) => fields.has(name.toLowerCase()),
    forEach: (each: (value: string, name: string) => void) => {
      for (const [name, value] of fields) each(value, name);
    },
    entries: () => fields.entries(),
    [Symbol.iterator]: () => fields.entries(),
  };
  return headers as unknown as Headers;
}

function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  if (!headers) return {};
  if (Array.isArray(headers)) return Object.fromEntries(headers);
  // A Headers object (anything iterable as name/value pairs); the core itself passes a plain record.
  if (Symbol.iterator in headers) return Object.fromEntries(headers as Iterable<[string, string]>);
  return headers as Record<string, string>;
}

function requestBody(body: RequestInit['body']): Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  throw new TypeError('fetch failed: only byte and text bodies are sent');
}
