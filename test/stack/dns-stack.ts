import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Daemon, removeOnExit, runTool, startDaemon, waitFor } from './daemon.ts';
import { dnsdistConfig, type KnotZone, knotConfig, unboundConfig } from './daemon-configs.ts';
import { buildQuery, isAuthenticated, udpQuery } from './dns-query.ts';
import { type DohProxy, type DohQuestion, startDohProxy } from './doh-proxy.ts';

export type { DohQuestion };

import { freePorts } from './free-port.ts';
import { type Delegation, parentZonesFor, parentZoneText } from './parent-zones.ts';
import { readZoneFacts, type ZoneFacts } from './zone-file.ts';

export interface DnsStackOptions {
  /** Directory of `<zone>.zone` files; default test/stack/zones. */
  zonesDir?: string;
  /** Added to every DoH request by the front proxy (benchmark). */
  delayMs?: number;
}

export interface DnsStack {
  /** Plain-HTTP RFC 8484 endpoint: http://127.0.0.1:<port>/dns-query */
  dohUrl: string;
  /** Unbound's port on 127.0.0.1 (UDP and TCP), e.g. for kdig. */
  dnsPort: number;
  /** Knot's port on 127.0.0.1 (authoritative answers, no recursion). */
  authPort: number;
  zonesDir: string;
  /** Re-read the zone files (edited, added or removed ones) and flush the resolver's cache. */
  reload(): Promise<void>;
  /** DoH requests the front proxy has seen. */
  requests(): number;
  /** The question of every DoH request so far, in arrival order (repeats show up as duplicates). */
  questions(): DohQuestion[];
  stop(): Promise<void>;
}

export const DEFAULT_ZONES_DIR = fileURLToPath(new URL('./zones/', import.meta.url));

/** TLDs that Knot signs; Unbound gets their keys as trust anchors. */
const SIGNED_TLDS: readonly string[] = ['org'];

export async function startDnsStack(options: DnsStackOptions = {}): Promise<DnsStack> {
  const zonesDir = resolve(options.zonesDir ?? DEFAULT_ZONES_DIR);
  // Fail fast on a broken zone file: that is not something a retry fixes.
  await readZones(zonesDir);
  let lastError: unknown;
  // Ports are picked free and handed to the daemons, another process can grab one in between.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(zonesDir, options.delayMs ?? 0);
    } catch (error) {
      if (error instanceof ZoneLoadError) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

/** Knot refused a zone file: a retry will not help, the message says which file and why. */
export class ZoneLoadError extends Error {}

/** Knot's own error lines (a zone file it could not parse or that failed its checks). */
function knotErrors(knot: Daemon, mark: number): ZoneLoadError | undefined {
  const errors = knot.linesSince(mark).filter((line) => /\berror: \[/.test(line));
  return errors.length > 0
    ? new ZoneLoadError(`Knot could not load the zones:\n${errors.join('\n')}`)
    : undefined;
}

interface ZoneSource {
  facts: ZoneFacts;
  file: string;
}

async function readZones(zonesDir: string): Promise<ZoneSource[]> {
  const names = (await readdir(zonesDir)).filter((name) => name.endsWith('.zone')).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = join(zonesDir, name);
      const facts = readZoneFacts(await readFile(file, 'utf8'), name.slice(0, -'.zone'.length));
      if (facts.nameServers.length === 0) throw new Error(`${file}: no NS records at the apex`);
      return { facts, file };
    }),
  );
}

async function startOnce(zonesDir: string, delayMs: number): Promise<DnsStack> {
  const dir = await mkdtemp(join(tmpdir(), 'di-dns-stack-'));
  const keepDir = removeOnExit(dir);
  const [knotPort, unboundPort, dnsdistPort, dnsdistDohPort] = (await freePorts(4)) as [
    number,
    number,
    number,
    number,
  ];
  const paths = {
    knotConf: join(dir, 'knot.conf'),
    unboundConf: join(dir, 'unbound.conf'),
    dnsdistConf: join(dir, 'dnsdist.conf'),
    generated: join(dir, 'generated'),
  };
  await mkdir(paths.generated);
  await mkdir(join(dir, 'kasp'));
  await mkdir(join(dir, 'knot-db'));
  const daemons: Daemon[] = [];
  let proxy: DohProxy | undefined;
  let serial = 0;
  let zoneNames: string[] = [];

  /** Writes Knot's configuration, keys and the generated parent zones for the current zone files. */
  const prepareKnot = async (): Promise<string[]> => {
    const zones = await readZones(zonesDir);
    const parents = parentZonesFor(zones.map((zone) => zone.facts));
    const signed = new Set([
      ...SIGNED_TLDS.filter((tld) => parents.includes(tld)),
      ...zones.filter(({ facts }) => facts.markers.size > 0).map(({ facts }) => facts.origin),
    ]);
    const knotZones: KnotZone[] = [
      ...parents.map((name) => ({
        name,
        file: join(paths.generated, `${name || 'root'}.zone`),
        signed: false,
      })),
      ...zones.map(({ facts, file }) => ({ name: facts.origin, file, signed: false })),
    ].map((zone) => ({ ...zone, signed: signed.has(zone.name) }));
    await writeFile(paths.knotConf, knotConfig(dir, knotPort, knotZones));
    const dsByZone = new Map<string, string[]>();
    for (const { facts } of zones) {
      if (facts.markers.size === 0) continue;
      const ds = await childDs(paths.knotConf, facts.origin);
      dsByZone.set(facts.origin, facts.markers.has('bogus-ds') ? ds.map(corruptDs) : ds);
    }
    for (const tld of SIGNED_TLDS) if (signed.has(tld)) await childDs(paths.knotConf, tld);
    serial++;
    for (const parent of parents) {
      const children: Delegation[] =
        parent === ''
          ? parents.filter((tld) => tld !== '').map((tld) => ({ child: tldFacts(tld), ds: [] }))
          : zones
              .filter(
                ({ facts }) => facts.origin.split('.').length === 2 && facts.origin.endsWith(`.${parent}`),
              )
              .map(({ facts }) => ({ child: facts, ds: dsByZone.get(facts.origin) ?? [] }));
      await writeFile(
        join(paths.generated, `${parent || 'root'}.zone`),
        parentZoneText(parent, serial, children),
      );
    }
    return knotZones.map((zone) => zone.name);
  };

  const knotServesAll = async (names: string[]): Promise<boolean> => {
    const answers = await Promise.all(
      names.map((name) => udpQuery(knotPort, name || '.', 'SOA', { rd: false })),
    );
    return answers.every((answer) => answer.rcode === 'NOERROR' && (answer.answers?.length ?? 0) > 0);
  };

  const unboundValidates = async (): Promise<boolean> => {
    const answer = await udpQuery(unboundPort, SIGNED_TLDS[0] ?? '.', 'SOA');
    return answer.rcode === 'NOERROR' && isAuthenticated(answer);
  };

  const writeUnboundConfig = (names: string[]) =>
    writeFile(paths.unboundConf, unboundConfig(dir, unboundPort, knotPort, names));

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await proxy?.stop();
      await Promise.all(daemons.map((daemon) => daemon.stop()));
      await rm(dir, { recursive: true, force: true });
      keepDir();
    })();
    return stopped;
  };

  try {
    zoneNames = await prepareKnot();
    const knot = startDaemon('knotd', 'knotd', ['-c', paths.knotConf], dir);
    daemons.push(knot);
    await waitFor(
      'Knot to serve every zone',
      () => knotServesAll(zoneNames),
      [knot],
      () => knotErrors(knot, 0),
    );

    // The trust anchor is whatever Knot signs the TLD with in this run (RFC 4035 §4.4 style anchor).
    const anchors: string[] = [];
    for (const tld of SIGNED_TLDS.filter((name) => zoneNames.includes(name))) {
      const keys = await runTool('kdig', [
        '@127.0.0.1',
        '-p',
        String(knotPort),
        `${tld}.`,
        'DNSKEY',
        '+noall',
        '+answer',
      ]);
      anchors.push(...keys.split('\n').filter((line) => /\sDNSKEY\s/.test(line)));
    }
    await writeFile(join(dir, 'trust-anchor.txt'), `${anchors.join('\n')}\n`);
    await writeUnboundConfig(zoneNames);
    await writeFile(paths.dnsdistConf, dnsdistConfig(dnsdistPort, dnsdistDohPort, unboundPort));
    const unbound = startDaemon('unbound', 'unbound', ['-d', '-c', paths.unboundConf], dir);
    const dnsdist = startDaemon(
      'dnsdist',
      'dnsdist',
      ['--supervised', '--disable-syslog', '-C', paths.dnsdistConf],
      dir,
    );
    daemons.push(unbound, dnsdist);
    proxy = await startDohProxy(dnsdistDohPort, delayMs);
    await waitFor('Unbound to validate', unboundValidates, daemons);
    await waitFor(
      'dnsdist to answer DoH',
      async () => {
        // Straight to dnsdist, so that readiness probes do not count as requests.
        const response = await fetch(`http://127.0.0.1:${dnsdistDohPort}/dns-query`, {
          method: 'POST',
          headers: { 'content-type': 'application/dns-message' },
          body: buildQuery('org', 'SOA'),
        });
        await response.arrayBuffer();
        return response.ok;
      },
      daemons,
    );
  } catch (error) {
    await stop();
    throw error;
  }

  const activeProxy = proxy;
  let reloading: Promise<void> = Promise.resolve();
  return {
    dohUrl: `http://127.0.0.1:${activeProxy.port}/dns-query`,
    dnsPort: unboundPort,
    authPort: knotPort,
    zonesDir,
    requests: () => activeProxy.requests(),
    questions: () => activeProxy.questions(),
    reload() {
      // One reload at a time: each rewrites the same configuration and generated zones.
      reloading = reloading.catch(() => {}).then(reloadNow);
      return reloading;
    },
    stop,
  };

  async function reloadNow(): Promise<void> {
    if (stopped) throw new Error('the DNS stack is stopped');
    const names = await prepareKnot();
    const [knot] = daemons as [Daemon];
    const mark = knot.lineCount();
    try {
      await runTool('knotc', ['-c', paths.knotConf, '-b', 'reload']);
      await runTool('knotc', ['-c', paths.knotConf, '-b', 'zone-reload']);
    } catch (error) {
      throw knotErrors(knot, mark) ?? error;
    }
    await waitFor(
      'Knot to serve every zone',
      () => knotServesAll(names),
      daemons,
      () => knotErrors(knot, mark),
    );
    const late = knotErrors(knot, mark);
    if (late) throw late;
    // Unbound's reload re-reads the stub list and empties every cache, bogus and negative answers too.
    await writeUnboundConfig(names);
    await runTool('unbound-control', ['-c', paths.unboundConf, 'reload']);
    await waitFor('Unbound to validate', unboundValidates, daemons);
  }
}

function tldFacts(tld: string): ZoneFacts {
  const host = `a.nic.${tld}`;
  return {
    origin: tld,
    nameServers: [host],
    addresses: new Map([[host, [{ type: 'A', address: '192.0.2.253' }]]]),
    markers: new Set(),
  };
}

/** The zone's DS records (SHA-256), generating its signing key first if it has none yet. */
async function childDs(knotConf: string, zone: string): Promise<string[]> {
  const keys = await runTool('keymgr', ['-c', knotConf, `${zone}.`, 'list']);
  if (keys.trim() === '') {
    await runTool('keymgr', [
      '-c',
      knotConf,
      `${zone}.`,
      'generate',
      'algorithm=ecdsap256sha256',
      'ksk=yes',
      'zsk=yes',
    ]);
  }
  const ds = await runTool('keymgr', ['-c', knotConf, `${zone}.`, 'ds']);
  return ds
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[1] === 'DS' && fields[4] === '2')
    .map((fields) => fields.slice(2).join(' '));
}

/** Same key tag and algorithm, a digest of nothing: the DS matches no key, the child is bogus. */
function corruptDs(ds: string): string {
  const [tag, algorithm, digestType, digest = ''] = ds.split(' ');
  const flipped = digest.replace(/^./, (ch) => (ch === '0' ? '1' : '0'));
  return `${tag} ${algorithm} ${digestType} ${flipped}`;
}
