/**
 * A watchlist sweep against the real DNS stack and the local RDAP server, RDAP pacing off: 100, 200
 * and 300 domains (each sweep starts with cold DoH and RDAP caches), to show the cost per domain
 * stays flat as the list grows. The sweep is the product's own (WatchlistService + SweepRunner,
 * storage in memory); the checks are the core's buildReport, as in the worker.
 * Run: npx tsx bench/watchlist-sweep.ts   (BENCH_DELAY_MS adds a delay per DoH request; default 0)
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WatchlistService } from '../src/background/watchlist-service.ts';
import { bundledTranslator } from '../src/core/i18n/bundled.ts';
import { bootstrapFor, buildReport, resolverFor } from '../src/core/report.ts';
import { DEFAULT_SETTINGS } from '../src/shared/settings.ts';
import { normaliseDomain } from '../src/watchlist/normalise.ts';
import { MemoryStorage } from '../src/watchlist/test-helpers.ts';
import { DEFAULT_ZONES_DIR, startDnsStack } from '../test/stack/dns-stack.ts';
import { mapFetch } from '../test/stack/map-fetch.ts';
import { startWebServer } from '../test/stack/web-server.ts';
import { registrationAnswer, startRdapWorld } from '../test/world/rdap-world.ts';

const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 0);
const SIZES = [100, 200, 300];

async function main() {
  const total = Math.max(...SIZES);
  const zonesDir = await mkdtemp(join(tmpdir(), 'bench-sweep-zones-'));
  await cp(DEFAULT_ZONES_DIR, zonesDir, { recursive: true });
  const template = (await readFile(join(DEFAULT_ZONES_DIR, 'acme-google.com.zone'), 'utf8'))
    .split('\n')
    .filter((line) => !line.startsWith('_mta-sts'))
    .join('\n');
  const names = Array.from({ length: total }, (_, i) => `sweep-${String(i).padStart(3, '0')}.com`);
  for (const name of names)
    await writeFile(join(zonesDir, `${name}.zone`), template.replaceAll('acme-google.com', name));
  const stack = await startDnsStack({ zonesDir, delayMs: DELAY_MS });
  const web = await startWebServer();
  const rdap = await startRdapWorld();
  for (const name of names) {
    rdap.setDomain(
      name,
      registrationAnswer({ domain: name, createdDaysAgo: 900, expiresInDays: 300 }, Date.now()),
    );
  }
  let rdapRequests = 0;
  const inner = mapFetch({ httpPort: web.httpPort, httpsPort: web.httpsPort });
  const fetch: typeof inner = (input, init) => {
    if (input.startsWith(rdap.url)) rdapRequests++;
    return inner(input, init);
  };
  const settings = {
    ...DEFAULT_SETTINGS,
    dohUrl: stack.dohUrl,
    rdapBootstrapUrl: rdap.bootstrapUrl,
    rdapPacingMs: 0,
  };
  try {
    const rows: string[] = [];
    for (const size of [SIZES[0] as number, ...SIZES]) {
      // The first round only warms Unbound's cache, so every measured round sees the same resolver.
      const warmup = rows.length === 0 && size === SIZES[0] && !('warmed' in main);
      const base = {
        dohUrl: stack.dohUrl,
        rdapBootstrapUrl: rdap.bootstrapUrl,
        fetch,
        now: Date.now,
        timeoutMs: 5000,
      };
      const shared = {
        ...base,
        translate: bundledTranslator('en'),
        expiry: { warningDays: 30, criticalDays: 7 },
        resolver: resolverFor(base),
        bootstrap: bootstrapFor(base),
      };
      const storage = new MemoryStorage();
      const service = new WatchlistService({
        storage,
        now: Date.now,
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        holder: 'bench',
        settings: async () => settings,
        checkDomain: async (domain) => {
          const outcome = await buildReport(domain, shared);
          if (!outcome.ok) throw new Error(outcome.reason);
          return outcome.report;
        },
        normalise: normaliseDomain,
        serverFor: (d) => d.slice(d.lastIndexOf('.') + 1),
        notify: async () => {},
        changed: async () => {},
        t: bundledTranslator('en'),
        formatDate: (iso) => iso,
      });
      await service.import(names.slice(0, size).join('\n'), 'list');
      const dohBefore = stack.requests();
      const rdapBefore = rdapRequests;
      const writesBefore = storage.writes;
      const started = performance.now();
      await service.checkAll();
      while ((await service.status()).running) await new Promise((r) => setTimeout(r, 20));
      const wall = performance.now() - started;
      const list = await service.read();
      const checked = list.domains.filter((e) => e.lastReport).length;
      const failed = list.domains.filter(
        (e) => e.lastError || (e.lastReport?.unknown.length ?? 0) > 0,
      ).length;
      if (warmup) {
        Object.assign(main, { warmed: true });
        continue;
      }
      const stored = JSON.stringify(storage.data.get('watchlist')).length;
      rows.push(
        `${String(size).padStart(4)} domains  ${(wall / 1000).toFixed(2).padStart(6)} s  ` +
          `${(wall / size).toFixed(1).padStart(6)} ms/domain  checked ${checked}, incomplete ${failed}  ` +
          `DoH ${stack.requests() - dohBefore}  RDAP ${rdapRequests - rdapBefore}  ` +
          `storage writes ${storage.writes - writesBefore}  watchlist ${(stored / 1024).toFixed(0)} KiB`,
      );
    }
    console.log(`watchlist sweep, RDAP pacing off, concurrency 4, ${DELAY_MS} ms added per DoH request:`);
    for (const row of rows) console.log(row);
  } finally {
    await Promise.allSettled([stack.stop(), web.stop(), rdap.stop()]);
    await rm(zonesDir, { recursive: true, force: true });
  }
}

await main();
