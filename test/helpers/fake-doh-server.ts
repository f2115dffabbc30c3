import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as dnsPacket from '@leichtgewicht/dns-packet';
import { toRcode } from '@leichtgewicht/dns-packet/rcodes.js';

/**
 * A tiny RFC 8484 server on 127.0.0.1 (a free port) for unit tests of the DoH client: answers come
 * from a list of records, built with dns-packet like a recursive resolver would (CNAME chains in the
 * answer section, SOA in the authority section of negative answers), and any question can be made to
 * misbehave. For real DNS behaviour (DNSSEC validation, real resolvers) use the stack in test/stack.
 */
export interface FakeDohRecord {
  name: string;
  type: string;
  ttl?: number;
  /** dns-packet's data for the type: a string for A/NS/CNAME, `{ preference, exchange }` for MX, … */
  data: unknown;
}

export type FakeDohFault =
  /** Never answers (until the server closes). */
  | 'timeout'
  /** Drops the connection without an HTTP response. */
  | 'network'
  | 'http-500'
  | 'http-400'
  /** HTTP 200 with an HTML page, as captive portals and wrong URLs do. */
  | 'html'
  /** A correct answer cut in half. */
  | 'truncated-bytes'
  /** An empty answer with the TC bit set. */
  | 'tc'
  /** The answer to another question. */
  | 'mismatch'
  /** The query sent back as it came (QR bit clear). */
  | 'not-a-response'
  | 'servfail'
  | 'refused'
  /** What a validating resolver does for a bogus domain: SERVFAIL, unless the CD bit is set. */
  | 'bogus'
  /** A correct answer with a message id other than the query's (RFC 8484 asks for 0, some servers differ). */
  | 'nonzero-id'
  /** Exactly this HTTP answer. */
  | { status?: number; contentType?: string; body: Uint8Array | string }
  /** HTTP 200 `application/dns-message` streaming this many bytes, without Content-Length (a hostile server). */
  | { streamBytes: number };

export interface FakeDohRequest {
  method: string;
  /** Path and query string as received. */
  path: string;
  contentType: string | undefined;
  accept: string | undefined;
  /** The DNS query's wire bytes. */
  wire: Uint8Array;
  id: number;
  name: string;
  type: string;
  rd: boolean;
  cd: boolean;
  /** The EDNS0 DO bit (RFC 3225). */
  dnssecOk: boolean;
}

export interface FakeDohServer {
  url: string;
  requests: FakeDohRequest[];
  /** Make `name type` misbehave for the next `times` requests (default: every request). */
  fault(name: string, type: string, fault: FakeDohFault, times?: number): void;
  close(): Promise<void>;
}

export interface FakeDohServerOptions {
  records: FakeDohRecord[];
  /** Names (and everything under them) whose answers carry the AD bit when the query sets DO. */
  authenticated?: string[];
  /** Added before every answer, in ms. */
  delayMs?: number;
}

interface ArmedFault {
  fault: FakeDohFault;
  remaining: number;
}

export async function startFakeDohServer(options: FakeDohServerOptions): Promise<FakeDohServer> {
  const records = options.records.map((r) => ({ ...r, name: normalize(r.name), type: r.type.toUpperCase() }));
  const faults = new Map<string, ArmedFault>();
  const requests: FakeDohRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const wire = await readQuery(req);
    if (!wire) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('no DNS query');
      return;
    }
    const query = dnsPacket.decode(wire);
    const question = query.questions?.[0];
    if (!question) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('no question');
      return;
    }
    const opt = (query.additionals ?? []).find((a) => a.type === 'OPT') as { flag_do?: boolean } | undefined;
    const request: FakeDohRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      contentType: req.headers['content-type'],
      accept: req.headers.accept,
      wire,
      id: query.id ?? 0,
      name: question.name,
      type: question.type,
      rd: query.flag_rd === true,
      cd: query.flag_cd === true,
      dnssecOk: opt?.flag_do === true,
    };
    requests.push(request);
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    const fault = takeFault(`${normalize(question.name)} ${question.type}`);
    if (fault === 'timeout') return; // the socket stays open until close()
    if (fault === 'network') {
      req.socket.destroy();
      return;
    }
    if (fault === 'http-500') return void res.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
    if (fault === 'http-400')
      return void res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
    if (fault === 'html') {
      return void res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<!doctype html><html><body>Welcome to the hotel wifi</body></html>');
    }
    if (typeof fault === 'object' && 'streamBytes' in fault) {
      res.writeHead(200, { 'content-type': 'application/dns-message' });
      streamBytes(res, fault.streamBytes);
      return;
    }
    if (typeof fault === 'object') {
      return void res
        .writeHead(fault.status ?? 200, { 'content-type': fault.contentType ?? 'application/dns-message' })
        .end(fault.body);
    }
    const answer = dnsPacket.encode(buildResponse(query, question, request, fault));
    const body = fault === 'truncated-bytes' ? answer.slice(0, Math.floor(answer.length / 2)) : answer;
    res
      .writeHead(200, { 'content-type': 'application/dns-message', 'content-length': body.length })
      .end(body);
  }

  function takeFault(key: string): FakeDohFault | undefined {
    const armed = faults.get(key);
    if (!armed) return undefined;
    armed.remaining--;
    if (armed.remaining <= 0) faults.delete(key);
    return armed.fault;
  }

  function buildResponse(
    query: dnsPacket.Packet,
    question: dnsPacket.Question,
    request: FakeDohRequest,
    fault: FakeDohFault | undefined,
  ): dnsPacket.Packet {
    const name = normalize(question.name);
    const signed =
      request.dnssecOk && (options.authenticated ?? []).some((zone) => isUnder(name, normalize(zone)));
    let rcode = 'NOERROR';
    let answers: dnsPacket.Answer[] = [];
    let authorities: dnsPacket.Answer[] = [];
    let flags = dnsPacket.RECURSION_AVAILABLE | (request.rd ? dnsPacket.RECURSION_DESIRED : 0);
    if (request.cd) flags |= dnsPacket.CHECKING_DISABLED;
    if (fault === 'servfail' || (fault === 'bogus' && !request.cd)) rcode = 'SERVFAIL';
    else if (fault === 'refused') rcode = 'REFUSED';
    else if (fault === 'tc') flags |= dnsPacket.TRUNCATED_RESPONSE;
    else {
      const resolved = resolve(name, question.type);
      answers = resolved.answers;
      authorities = resolved.authorities;
      rcode = resolved.rcode;
      if (signed && fault !== 'bogus') flags |= dnsPacket.AUTHENTIC_DATA;
    }
    flags |= toRcode(rcode);
    const echoed = fault === 'mismatch' ? { ...question, name: `other-${name}` } : question;
    return {
      type: fault === 'not-a-response' ? 'query' : 'response',
      id: fault === 'nonzero-id' ? 0x4242 : (query.id ?? 0),
      flags,
      questions: [echoed],
      answers,
      authorities,
      additionals: [
        {
          type: 'OPT',
          name: '.',
          udpPayloadSize: 1232,
          flags: request.dnssecOk ? dnsPacket.DNSSEC_OK : 0,
        } as never,
      ],
    };
  }

  function resolve(
    name: string,
    type: string,
  ): { rcode: string; answers: dnsPacket.Answer[]; authorities: dnsPacket.Answer[] } {
    const answers: dnsPacket.Answer[] = [];
    let current = name;
    for (let hop = 0; hop < 8; hop++) {
      const matching = records.filter((r) => r.name === current && r.type === type);
      if (matching.length > 0) {
        answers.push(...matching.map(toAnswer));
        return { rcode: 'NOERROR', answers, authorities: [] };
      }
      const cname = records.find((r) => r.name === current && r.type === 'CNAME');
      if (!cname || type === 'CNAME') break;
      answers.push(toAnswer(cname));
      current = normalize(String(cname.data));
    }
    const exists = records.some((r) => isUnder(r.name, current));
    const soa = records
      .filter((r) => r.type === 'SOA' && isUnder(current, r.name))
      .sort((a, b) => b.name.length - a.name.length)[0];
    return { rcode: exists ? 'NOERROR' : 'NXDOMAIN', answers, authorities: soa ? [toAnswer(soa)] : [] };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/dns-query`,
    requests,
    fault(name, type, fault, times = Number.POSITIVE_INFINITY) {
      faults.set(`${normalize(name)} ${type.toUpperCase()}`, { fault, remaining: times });
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Writes `total` bytes in 64 KiB chunks, respecting back-pressure, and stops when the client goes. */
export function streamBytes(res: ServerResponse, total: number, fill = 0x41): void {
  const chunk = Buffer.alloc(64 * 1024, fill);
  let sent = 0;
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  const pump = () => {
    while (!closed && sent < total) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!closed) res.end();
  };
  pump();
}

async function readQuery(req: IncomingMessage): Promise<Uint8Array | null> {
  if (req.method === 'GET') {
    const dns = new URL(req.url ?? '/', 'http://localhost').searchParams.get('dns');
    return dns ? new Uint8Array(Buffer.from(dns, 'base64url')) : null;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return body.length > 0 ? new Uint8Array(body) : null;
}

function toAnswer(record: FakeDohRecord): dnsPacket.Answer {
  return {
    name: record.name,
    type: record.type,
    ttl: record.ttl ?? 300,
    class: 'IN',
    data: record.data,
  } as never;
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function isUnder(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}
