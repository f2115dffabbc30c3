import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { FetchLike } from '../core/types.ts';

/**
 * The command line's fetch, on node:http and node:https. Node's global fetch is undici, which Node
 * loads the first time `fetch` is touched: about 40 ms of a single check's start-up on these
 * machines, and about 1 ms of CPU per request after that, on a run that makes 30 to 40 of them.
 * node:https (with node:tls) is loaded only when a URL needs it: 5 ms that a run over plain http,
 * such as a resolver on loopback, need not pay.
 *
 * It answers what the core asks of a fetch and no more (guarded-fetch.ts is the only caller): the
 * method, headers and a byte body; redirects never followed (the guard follows them itself, by its
 * own rules); the status, headers and a body read chunk by chunk or cancelled; the signal, which
 * ends the request and its body. Certificates are checked as node:tls does for every program
 * (NODE_EXTRA_CA_CERTS included). No cookies or credentials are ever sent, as the core asks.
 */
export interface NodeFetchOptions {
  /** How host names are turned into addresses; the system's resolver when absent. */
  lookup?: LookupFunction;
}

export function nodeFetch(options: NodeFetchOptions = {}): FetchLike {
  // Keep-alive: a report asks the same resolver 30 times or more, most of them at once.
  const httpAgent = new HttpAgent({ keepAlive: true });
  let https: Promise<{ request: typeof import('node:https').request; agent: HttpsAgent }> | undefined;
  const loadHttps = () => {
    https ??= import('node:https').then(({ Agent, request }) => ({
      request,
      agent: new Agent({ keepAlive: true }),
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
    const transport = secure ? await loadHttps() : { request: httpRequest, agent: httpAgent };
    return new Promise<Response>((resolve, reject) => {
      const signal = init.signal ?? undefined;
      if (signal?.aborted) {
        reject(abortError());
        return;
      }
      const body = requestBody(init.body);
      const headers: Record<string, string> = { ...headerRecord(init.headers) };
      if (body) headers['content-length'] = String(body.byteLength);
      const request = transport.request(url, {
        method: init.method ?? 'GET',
        headers,
        agent: transport.agent,
        ...(options.lookup ? { lookup: options.lookup } : {}),
      });
      let settled = false;
      const onAbort = () => {
        request.destroy(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      request.once('response', (message) => {
        settled = true;
        resolve(nodeResponse(message, url.href, () => signal?.removeEventListener('abort', onAbort)));
      });
      request.once('error', (error) => {
        signal?.removeEventListener('abort', onAbort);
        if (settled) return;
        settled = true;
        reject(
          signal?.aborted ? abortError() : Object.assign(new TypeError('fetch failed'), { cause: error }),
        );
      });
      request.end(body);
    });
  };
}

/**
 * The parts of a Response the core reads. The body is a reader over the message's own stream, so
 * that the guard's byte cap stops reading at the first chunk past it and cancelling frees the socket.
 */
function nodeResponse(message: IncomingMessage, url: string, done: () => void): Response {
  const chunks = message[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const finish = () => {
    done();
    message.destroy();
  };
  message.once('end', done);
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
  const status = message.statusCode ?? 0;
  const headers = responseHeaders(message);
  const response = {
    status,
    statusText: message.statusMessage ?? '',
    ok: status >= 200 && status < 300,
    type: 'basic',
    url,
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

/** Header names in lower case, repeated fields joined as fetch's Headers joins them. */
function responseHeaders(message: IncomingMessage): Headers {
  const fields = new Map<string, string>();
  const raw = message.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    const before = fields.get(name);
    fields.set(name, before === undefined ? value : `${before}, ${value}`);
  }
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

function abortError(): Error {
  return Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
}
