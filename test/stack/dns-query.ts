import { createSocket } from 'node:dgram';
import * as dnsPacket from '@leichtgewicht/dns-packet';

export interface QueryFlags {
  /** Checking Disabled: ask the resolver not to validate. */
  cd?: boolean;
  /** Recursion Desired (resolvers); off for questions to the authoritative server. */
  rd?: boolean;
}

// The package's types describe OPT data as options only; at run time it reads these fields (RFC 6891).
const EDNS_DO = {
  type: 'OPT',
  name: '.',
  udpPayloadSize: 1232,
  flags: dnsPacket.DNSSEC_OK,
  options: [],
} as unknown as dnsPacket.Answer;

export function buildQuery(name: string, type: string, flags: QueryFlags = {}): Uint8Array<ArrayBuffer> {
  const bits =
    (flags.rd === false ? 0 : dnsPacket.RECURSION_DESIRED) |
    // AD in a query asks for the AD bit in the answer (RFC 6840 §5.7).
    dnsPacket.AUTHENTIC_DATA |
    (flags.cd ? dnsPacket.CHECKING_DISABLED : 0);
  const wire = dnsPacket.encode({
    type: 'query',
    id: Math.floor(Math.random() * 65_536),
    flags: bits,
    questions: [{ name, type: type as dnsPacket.Question['type'] }],
    additionals: [EDNS_DO],
  });
  return new Uint8Array(wire);
}

/** One question over UDP to 127.0.0.1:port (Knot or Unbound); rejects on timeout. */
export function udpQuery(
  port: number,
  name: string,
  type: string,
  flags: QueryFlags = {},
  timeoutMs = 1000,
): Promise<dnsPacket.Packet> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no answer from 127.0.0.1:${port} for ${name} ${type}`));
    }, timeoutMs);
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
    socket.once('message', (message) => {
      clearTimeout(timer);
      socket.close();
      try {
        resolve(dnsPacket.decode(new Uint8Array(message)));
      } catch (error) {
        reject(error);
      }
    });
    // Connected, so that "port unreachable" fails at once instead of after the timeout.
    socket.connect(port, '127.0.0.1', () => socket.send(buildQuery(name, type, flags)));
  });
}

/** One question over DoH (RFC 8484 POST, application/dns-message). */
export async function dohQuery(
  url: string,
  name: string,
  type: string,
  flags: QueryFlags = {},
): Promise<dnsPacket.Packet> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/dns-message', accept: 'application/dns-message' },
    body: buildQuery(name, type, flags),
  });
  if (!response.ok) throw new Error(`DoH ${url} answered HTTP ${response.status}`);
  return dnsPacket.decode(new Uint8Array(await response.arrayBuffer()));
}

export function isAuthenticated(packet: dnsPacket.Packet): boolean {
  return ((packet.flags ?? 0) & dnsPacket.AUTHENTIC_DATA) !== 0;
}
