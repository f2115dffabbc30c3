import type { ServerResponse } from 'node:http';
import {
  type FakeDohRecord,
  type FakeDohServer,
  startFakeDohServer,
  streamBytes,
} from './fake-doh-server.ts';
import { type RdapServer, startRdapServer, syntheticDomain } from './rdap-server.ts';

/**
 * A resolver and an RDAP service where some domains are healthy and others are served by a hostile
 * server: JSON nested 20,000 deep, 150 KB names, an 80 MB body, a 40 MB DoH answer, a CNAME loop,
 * a registrar link into the user's network, 64 KiB TXT records built to make regexes backtrack.
 * Everything is on 127.0.0.1; no domain publishes an MTA-STS record a sender would fetch.
 */
export interface HostileWorld {
  dohUrl: string;
  bootstrapUrl: string;
  /** The domains, healthy ones first. */
  domains: string[];
  doh: FakeDohServer;
  rdap: RdapServer;
  stop(): Promise<void>;
}

export const HEALTHY = ['good.com', 'fine.org'];
export const HOSTILE = {
  /** RDAP answer nested 20,000 deep in every member the parser reads, and 150 KB name server names. */
  deepRdap: 'deep-rdap.com',
  /** RDAP answer streaming 80 MB. */
  hugeRdap: 'huge-rdap.com',
  /** RDAP answer whose body never ends. */
  slowRdap: 'slow-rdap.com',
  /** A registrar `related` link to a private address over http. */
  privateLink: 'private-link.com',
  /** The DoH answer to its TXT question streams 40 MB. */
  hugeDns: 'huge-dns.com',
  /** Its MX question is answered with a CNAME loop. */
  cnameLoop: 'cname-loop.com',
  /** 64 KiB TLS-RPT, MTA-STS, DKIM and BIMI records built to make a regex backtrack. */
  longTxt: 'long-txt.com',
} as const;

/** `[[[…"x"…]]]` nested `depth` deep, as text: JSON.stringify itself recurses and would overflow. */
function deepArrayText(depth: number, inner = '"x"'): string {
  return `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
}

/** `{"entities":[{"entities":[…]}]}` nested `depth` deep, as text (260 KB for 20,000). */
function deepEntitiesText(depth: number): string {
  const open = '{"entities":[';
  return `${open.repeat(depth)}{}${']}'.repeat(depth)}`;
}

/** A domain object with hostile members, as JSON text. */
function deepDomainText(name: string, depth = 20_000): string {
  const longName = `${'.'.repeat(150_000)}x`;
  const dotted = `${'a.'.repeat(75_000)}example`;
  const answer = syntheticDomain({ name, nameservers: [`ns1.${name}`, longName, dotted] });
  const text = JSON.stringify({
    ...answer,
    entities: [
      {
        objectClassName: 'entity',
        roles: ['registrar'],
        handle: 'DEEP',
        vcardArray: [
          'vcard',
          [
            ['version', {}, 'text', '4.0'],
            ['fn', {}, 'text', '@DEEP_FN@'],
          ],
        ],
        entities: '@DEEP_ENTITIES@',
      },
    ],
    remarks: '@DEEP_REMARKS@',
  });
  return text
    .replace('"@DEEP_FN@"', deepArrayText(depth))
    .replace('"@DEEP_ENTITIES@"', `[${deepEntitiesText(depth)}]`)
    .replace('"@DEEP_REMARKS@"', deepArrayText(depth, '{}'));
}

const SOA = (zone: string): FakeDohRecord => ({
  name: zone,
  type: 'SOA',
  data: {
    mname: `ns1.${zone}`,
    rname: `hostmaster.${zone}`,
    serial: 1,
    refresh: 3600,
    retry: 600,
    expire: 86400,
    minimum: 300,
  },
});

/** A zone that answers every question a report asks, healthily. */
function healthyZone(zone: string): FakeDohRecord[] {
  return [
    SOA(zone),
    { name: zone, type: 'NS', data: `ns1.dns-a.net` },
    { name: zone, type: 'NS', data: `ns2.dns-b.org` },
    { name: zone, type: 'A', data: '192.0.2.10' },
    { name: zone, type: 'MX', data: { preference: 10, exchange: `mx1.${zone}` } },
    { name: zone, type: 'MX', data: { preference: 20, exchange: `mx2.${zone}` } },
    { name: `mx1.${zone}`, type: 'A', data: '192.0.2.25' },
    { name: `mx2.${zone}`, type: 'A', data: '192.0.2.26' },
    { name: zone, type: 'TXT', data: ['v=spf1 mx -all'] },
    { name: `_dmarc.${zone}`, type: 'TXT', data: [`v=DMARC1; p=reject; rua=mailto:d@${zone}`] },
    { name: `_smtp._tls.${zone}`, type: 'TXT', data: [`v=TLSRPTv1; rua=mailto:t@${zone}`] },
  ];
}

/** TXT data as 255-octet strings (RFC 1035 §3.3.14), one record `total` characters long. */
function longTxt(text: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += 255) parts.push(text.slice(i, i + 255));
  return parts;
}

function longTxtZone(zone: string): FakeDohRecord[] {
  // About 60 KB each: one such record per answer keeps the message under 65,535 octets.
  const size = 60_000;
  const tlsRpt = `v=TLSRPTv1; rua=mailto:a@${'b.'.repeat(size / 2)};`;
  const mtaSts = `v=STSv1; id=${'a'.repeat(size)}`;
  const dkim = `v=DKIM1; k=rsa; p=${' '.repeat(size)}`;
  const bimi = `v=BIMI1; l=https://${'.'.repeat(size)}x`;
  return [
    ...healthyZone(zone).filter((r) => !r.name.startsWith('_smtp._tls.')),
    { name: `_smtp._tls.${zone}`, type: 'TXT', data: longTxt(tlsRpt) },
    { name: `_mta-sts.${zone}`, type: 'TXT', data: longTxt(mtaSts) },
    { name: `default._domainkey.${zone}`, type: 'TXT', data: longTxt(dkim) },
    { name: `default._bimi.${zone}`, type: 'TXT', data: longTxt(bimi) },
  ];
}

function registration(name: string, links?: { rel: string; href: string; type?: string }[]) {
  return syntheticDomain({
    name,
    nameservers: ['ns1.dns-a.net', 'ns2.dns-b.org'],
    ...(links ? { links } : {}),
  });
}

export async function startHostileWorld(): Promise<HostileWorld> {
  const all = [...HEALTHY, ...Object.values(HOSTILE)];
  const records = all.flatMap((zone) => (zone === HOSTILE.longTxt ? longTxtZone(zone) : healthyZone(zone)));
  // cname-loop.com's mail host is an alias that comes back to itself.
  const loopZone = HOSTILE.cnameLoop;
  const withLoop = records.filter(
    (r) => !(r.name === loopZone && r.type === 'MX') && r.name !== `mx1.${loopZone}`,
  );
  withLoop.push(
    { name: loopZone, type: 'MX', data: { preference: 10, exchange: `mail.${loopZone}` } },
    { name: `mail.${loopZone}`, type: 'CNAME', data: `relay.${loopZone}` },
    { name: `relay.${loopZone}`, type: 'CNAME', data: `mail.${loopZone}` },
  );
  const doh = await startFakeDohServer({ records: withLoop });
  doh.fault(HOSTILE.hugeDns, 'TXT', { streamBytes: 40 * 1024 * 1024 });

  const rdap = await startRdapServer();
  for (const name of HEALTHY) rdap.setDomain(name, registration(name));
  for (const name of [HOSTILE.hugeDns, HOSTILE.cnameLoop, HOSTILE.longTxt])
    rdap.setDomain(name, registration(name));
  rdap.setDomain(
    HOSTILE.privateLink,
    registration(HOSTILE.privateLink, [
      { rel: 'related', href: 'http://192.168.1.1/domain/private-link.com', type: 'application/rdap+json' },
    ]),
  );
  const deepText = deepDomainText(HOSTILE.deepRdap);
  rdap.setHandler(HOSTILE.deepRdap, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rdap+json' }).end(deepText);
  });
  rdap.setHandler(HOSTILE.hugeRdap, (_req, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/rdap+json' });
    res.write('{"objectClassName":"domain","ldhName":"huge-rdap.com","remarks":"');
    streamBytes(res, 80 * 1024 * 1024);
  });
  rdap.setHandler(HOSTILE.slowRdap, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rdap+json' });
    res.write('{"objectClassName":"domain",');
  });

  return {
    dohUrl: doh.url,
    bootstrapUrl: rdap.bootstrapUrl,
    domains: all,
    doh,
    rdap,
    async stop() {
      await Promise.all([doh.close(), rdap.stop()]);
    },
  };
}
