import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * A local RDAP service for tests: the recorded answers of test/fixtures/rdap served as domain
 * objects under per-registry paths, a generated RFC 9224 bootstrap file pointing the TLDs at it,
 * and hand-made faults. Links in the recordings that pointed at real registries and registrars are
 * rewritten to this server, so nothing ever leaves 127.0.0.1.
 *
 * Paths: /bootstrap.json, /tld/<tld>/domain/<name> (registries), /registrar/<who>/domain/<name>.
 */
export interface RdapServer {
  url: string;
  bootstrapUrl: string;
  /** Paths requested so far, in order (e.g. "/tld/com/domain/google.com"). */
  requests(): string[];
  /** Each answer's path and when its last byte was handed to the socket (Date.now()), in order. */
  answered(): { path: string; at: number }[];
  /** Answer for a domain at its TLD's registry path; `registrar` adds a thin-registry related link to it. */
  setDomain(name: string, json: unknown, options?: { registrar?: unknown }): void;
  /** A hand-written answer for a domain at its TLD's registry path (a hostile server's). */
  setHandler(name: string, handler: Handler): void;
  /** The bootstrap file answers HTTP 503 while this is on (to test a failed refresh). */
  failBootstrap(on: boolean): void;
  stop(): Promise<void>;
}

export interface RdapServerOptions {
  /** TLDs to list in the bootstrap file besides the fixtures' and com, net, org, io. */
  tlds?: string[];
  /** Added before every answer but the bootstrap file's: a registry as slow as real ones often are. */
  delayMs?: number;
}

const FIXTURES = fileURLToPath(new URL('../fixtures/rdap/', import.meta.url));

export function fixture(file: string): unknown {
  return JSON.parse(readFileSync(FIXTURES + file, 'utf8'));
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

// Not 'es': Red.es runs no RDAP service, so .es domains model `registration.no-rdap` as in the real world.
const DEFAULT_TLDS = ['com', 'net', 'org', 'io'];

/** Registry answers by domain; links to the real servers are rewritten to local paths. */
const REGISTRY_FIXTURES: Record<string, string> = {
  'google.com': 'com-verisign-google.com.json',
  'hhgames.com': 'com-verisign-hhgames.com.json',
  'themarquetry.com': 'com-verisign-themarquetry.com.json',
  'something-not-real.com': 'com-registrar-malformed-jcard.json',
  'microsoft.click': 'click-uniregistry-microsoft.click.json',
  'amazon.cyou': 'cyou-comlaude-amazon.cyou.json',
  'example.cz': 'cz-cznic-example.cz.json',
  'afnic.fr': 'fr-afnic-afnic.fr.json',
  'lemonde.fr': 'fr-afnic-lemonde.fr.json',
  'home.moscow': 'moscow-flexireg-home.moscow.json',
  'norway.no': 'no-norid-norway.no.json',
  'bitcoin.org': 'org-namecheap-bitcoin.org.json',
  'google.pw': 'pw-markmonitor-google.pw.json',
  'deep.surf': 'surf-namecheap-deep.surf.json',
  'bitcoin.top': 'top-zdns-bitcoin.top.json',
  'you.tube': 'tube-registry-you.tube.json',
  'nic.xyz': 'xyz-centralnic-nic.xyz.json',
  'abc.xyz': 'xyz-markmonitor-abc.xyz.json',
};

/** Registrar answers (the thin registry's related link leads here). */
const REGISTRAR_FIXTURES: Record<string, string> = {
  'markmonitor/google.com': 'com-markmonitor-google.com.json',
};

/** Real RDAP base URLs in the recordings → local paths. Only these hosts appear in fixture links. */
function linkRewrites(base: string): [RegExp, string][] {
  return [
    [/https:\/\/rdap\.verisign\.com\/com\/v1\//gi, `${base}/tld/com/`],
    [/https:\/\/rdap\.markmonitor\.com\/rdap\//gi, `${base}/registrar/markmonitor/`],
    // Sea Wasp's server is down in this world: a registrar follow-up that fails.
    [/https:\/\/rdap\.fabulous\.com\/rdap\//gi, `${base}/registrar/down/`],
    [/https:\/\/rdap\.registrar\.eu\/v1\//gi, `${base}/registrar/registrar-eu/`],
    [/https:\/\/rdap\.centralnic\.com\/xyz\//gi, `${base}/tld/xyz/`],
    [/https:\/\/rdap\.comlaude\.com\/rdap\//gi, `${base}/tld/cyou/`],
    [/https:\/\/rdap\.zdnsgtld\.com\/top\//gi, `${base}/tld/top/`],
    [/https:\/\/rdap\.nic\.tube\//gi, `${base}/tld/tube/`],
  ];
}

export function syntheticDomain(options: {
  name: string;
  created?: string;
  expires?: string | null;
  updated?: string;
  status?: string[];
  registrar?: string;
  abuseEmail?: string;
  nameservers?: string[];
  links?: { rel: string; href: string; type?: string }[];
}): Record<string, unknown> {
  const events = [
    { eventAction: 'registration', eventDate: options.created ?? '2015-03-01T10:00:00Z' },
    ...(options.expires === null
      ? []
      : [{ eventAction: 'expiration', eventDate: options.expires ?? '2030-03-01T10:00:00Z' }]),
    ...(options.updated ? [{ eventAction: 'last changed', eventDate: options.updated }] : []),
  ];
  return {
    objectClassName: 'domain',
    rdapConformance: ['rdap_level_0'],
    ldhName: options.name,
    status: options.status ?? ['client transfer prohibited'],
    events,
    nameservers: (options.nameservers ?? [`ns1.${options.name}`]).map((ldhName) => ({
      objectClassName: 'nameserver',
      ldhName,
    })),
    secureDNS: { delegationSigned: false },
    links: options.links ?? [],
    entities: [
      {
        objectClassName: 'entity',
        roles: ['registrar'],
        vcardArray: [
          'vcard',
          [
            ['version', {}, 'text', '4.0'],
            ['fn', {}, 'text', options.registrar ?? 'Example Registrar'],
          ],
        ],
        publicIds: [{ type: 'IANA Registrar ID', identifier: '9999' }],
        entities: [
          {
            objectClassName: 'entity',
            roles: ['abuse'],
            vcardArray: [
              'vcard',
              [
                ['version', {}, 'text', '4.0'],
                ['email', {}, 'text', options.abuseEmail ?? 'abuse@registrar.example'],
                ['tel', { type: 'voice' }, 'uri', 'tel:+1.5555550100'],
              ],
            ],
          },
        ],
      },
    ],
  };
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/rdap+json',
    'access-control-allow-origin': '*',
    ...headers,
  });
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, json: unknown, headers?: Record<string, string>) =>
  send(res, status, JSON.stringify(json), headers);

export async function startRdapServer(options: RdapServerOptions = {}): Promise<RdapServer> {
  const log: string[] = [];
  const answers: { path: string; at: number }[] = [];
  const routes = new Map<string, Handler>();
  const extraTlds = new Set([...DEFAULT_TLDS, ...(options.tlds ?? [])]);
  let bootstrapDown = false;
  let base = '';

  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    log.push(path);
    res.once('finish', () => answers.push({ path, at: Date.now() }));
    const answer = () => {
      const handler = routes.get(path.toLowerCase().replace(/\.$/, ''));
      if (handler) return handler(req, res);
      sendJson(res, 404, { errorCode: 404, title: 'Not Found', description: [`nothing at ${path}`] });
    };
    if (options.delayMs && path !== '/bootstrap.json') setTimeout(answer, options.delayMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const rewrite = (json: unknown): unknown => {
    let text = JSON.stringify(json);
    for (const [pattern, local] of linkRewrites(base)) text = text.replace(pattern, local);
    return JSON.parse(text);
  };
  const tldOf = (name: string) => name.split('.').pop() ?? '';
  const registryPath = (name: string) => `/tld/${tldOf(name)}/domain/${name.toLowerCase()}`;
  const answer =
    (json: unknown, status = 200, headers?: Record<string, string>): Handler =>
    (_req, res) =>
      sendJson(res, status, json, headers);

  routes.set('/bootstrap.json', (_req, res) => {
    if (bootstrapDown)
      return send(res, 503, '<html><body>Service Unavailable</body></html>', { 'content-type': 'text/html' });
    const tlds = new Set(extraTlds);
    for (const path of routes.keys()) {
      const match = /^\/tld\/([^/]+)\//.exec(path);
      if (match?.[1]) tlds.add(match[1]);
    }
    sendJson(
      res,
      200,
      {
        version: '1.0',
        publication: '2026-11-01T00:00:00Z',
        description: 'Local RDAP bootstrap for tests',
        services: [...tlds].sort().map((tld) => [[tld], [`${base}/tld/${tld}/`]]),
      },
      { 'content-type': 'application/json', 'cache-control': 'max-age=86400' },
    );
  });

  for (const [name, file] of Object.entries(REGISTRY_FIXTURES))
    routes.set(registryPath(name), answer(rewrite(fixture(file))));
  for (const [key, file] of Object.entries(REGISTRAR_FIXTURES)) {
    const [who, name] = key.split('/');
    routes.set(`/registrar/${who}/domain/${name}`, answer(rewrite(fixture(file))));
  }
  routes.set('/registrar/down/domain/hhgames.com', (_req, res) =>
    send(res, 503, '<html><body>Service Unavailable</body></html>', { 'content-type': 'text/html' }),
  );

  // Hand-made faults, all under .com.
  let rateLimitedOnce = 0;
  routes.set(registryPath('rate-limited-once.com'), (_req, res) => {
    rateLimitedOnce += 1;
    if (rateLimitedOnce % 2 === 1)
      return sendJson(res, 429, { errorCode: 429, title: 'Too Many Requests' }, { 'retry-after': '1' });
    sendJson(res, 200, syntheticDomain({ name: 'rate-limited-once.com' }));
  });
  let rateLimitedDate = 0;
  routes.set(registryPath('rate-limited-date.com'), (_req, res) => {
    rateLimitedDate += 1;
    if (rateLimitedDate % 2 === 1) {
      return sendJson(
        res,
        429,
        { errorCode: 429 },
        { 'retry-after': new Date(Date.now() + 2_000).toUTCString() },
      );
    }
    sendJson(res, 200, syntheticDomain({ name: 'rate-limited-date.com' }));
  });
  routes.set(
    registryPath('rate-limited-long.com'),
    answer({ errorCode: 429, title: 'Too Many Requests' }, 429, { 'retry-after': '120' }),
  );
  routes.set(registryPath('html-503.com'), (_req, res) =>
    send(res, 503, '<!doctype html><html><body><h1>503 Service Temporarily Unavailable</h1></body></html>', {
      'content-type': 'text/html',
    }),
  );
  routes.set(registryPath('html-200.com'), (_req, res) =>
    send(res, 200, '<!doctype html><html><body>Please accept our cookies</body></html>', {
      'content-type': 'text/html',
    }),
  );
  routes.set(registryPath('not-a-domain.com'), answer({ objectClassName: 'entity', handle: 'X-1' }));
  routes.set(registryPath('invalid-json.com'), (_req, res) =>
    send(res, 200, '{"objectClassName": "domain", "ldhName": '),
  );
  routes.set(registryPath('error-object.com'), answer(fixture('error-ripe-501-nameserver.json'), 501));
  routes.set(registryPath('error-200.com'), answer(fixture('error-ripe-501-nameserver.json'), 200));
  routes.set(registryPath('slow.com'), (_req, res) => {
    const timer = setTimeout(() => sendJson(res, 200, syntheticDomain({ name: 'slow.com' })), 3_000);
    res.on('close', () => clearTimeout(timer));
  });
  routes.set(registryPath('moved.com'), (_req, res) =>
    send(res, 302, '', { location: '/elsewhere/domain/moved.com' }),
  );
  routes.set('/elsewhere/domain/moved.com', answer(syntheticDomain({ name: 'moved.com' })));
  routes.set(registryPath('loop.com'), (_req, res) =>
    send(res, 301, '', { location: `${base}/loop-b/domain/loop.com` }),
  );
  routes.set('/loop-b/domain/loop.com', (_req, res) =>
    send(res, 307, '', { location: `${base}/tld/com/domain/LOOP.COM.` }),
  );
  routes.set(registryPath('many-redirects.com'), (_req, res) =>
    send(res, 302, '', { location: '/hop/1/domain/many-redirects.com' }),
  );
  for (let hop = 1; hop <= 8; hop += 1) {
    routes.set(`/hop/${hop}/domain/many-redirects.com`, (_req, res) =>
      send(res, 302, '', { location: `/hop/${hop + 1}/domain/many-redirects.com` }),
    );
  }
  routes.set(
    registryPath('self-related.com'),
    answer(
      syntheticDomain({
        name: 'self-related.com',
        links: [
          { rel: 'self', href: `${base}/tld/com/domain/self-related.com`, type: 'application/rdap+json' },
          // The same object again, only spelled differently: following it would be a loop.
          { rel: 'related', href: `${base}/tld/com/domain/SELF-RELATED.COM.`, type: 'application/rdap+json' },
        ],
      }),
    ),
  );

  return {
    url: base,
    bootstrapUrl: `${base}/bootstrap.json`,
    requests: () => [...log],
    answered: () => [...answers],
    setDomain(name, json, setOptions = {}) {
      const lower = name.toLowerCase();
      extraTlds.add(tldOf(lower));
      let registry = json;
      if (setOptions.registrar !== undefined) {
        const registrarPath = `/registrar/synthetic/domain/${lower}`;
        routes.set(registrarPath, answer(setOptions.registrar));
        const record = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
        const links = Array.isArray(record.links) ? record.links : [];
        registry = {
          ...record,
          links: [
            ...links,
            { rel: 'related', href: `${base}${registrarPath}`, type: 'application/rdap+json' },
          ],
        };
      }
      routes.set(registryPath(lower), answer(registry));
    },
    setHandler(name, handler) {
      const lower = name.toLowerCase();
      extraTlds.add(tldOf(lower));
      routes.set(registryPath(lower), handler);
    },
    failBootstrap(on) {
      bootstrapDown = on;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
