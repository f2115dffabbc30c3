import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTranslator } from '../core/i18n/translate.ts';
import type { DomainReport } from '../core/types.ts';
import { DEFAULT_SETTINGS } from '../shared/settings.ts';
import { packWatchlist } from '../watchlist/codec.ts';
import { WATCHLIST_STORAGE_KEY, type Watchlist } from '../watchlist/model.ts';
import { readSweep } from '../watchlist/sweep.ts';
import { registration, report, sampleWatchlist, testNormaliser } from '../watchlist/test-helpers.ts';
import { userDataStorage } from './caches.ts';
import { cachingFetch } from './fetch-cache.ts';
import { memoryCaches } from './test-caches.ts';
import { WatchlistService } from './watchlist-service.ts';

/**
 * Test and benchmark only: a watchlist of `count` domains with notes and a full history, swept once
 * the way the worker sweeps it, with every RDAP request answered by a recorded registry answer
 * (test/fixtures/rdap, the real output of Verisign, AFNIC, CentralNic, …) through the worker's own
 * caching fetch, and every report stored in the worker's own report cache. Storage is an in-memory
 * area that fails writes past `quotaBytes` exactly as Chromium's storage.local does.
 */
export interface ScenarioOutcome {
  bytesInUse: number;
  watchlistBytes: number;
  /** The same watchlist as plain JSON (what it would take unpacked). */
  watchlistJsonBytes: number;
  cacheBytes: number;
  domains: number;
  withResult: number;
  remainingInQueue: number;
  seeded: boolean;
}

const FIXTURES = new URL('../../test/fixtures/rdap/', import.meta.url).pathname;

function recordedAnswers(): string[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json') && !f.startsWith('iana-') && !f.startsWith('error-'))
    .sort()
    .map((f) => readFileSync(join(FIXTURES, f), 'utf8'));
}

/**
 * The benchmarks' sample watchlist with every domain made different (its own owner, contacts,
 * notes, MX and NS hosts, SPF record and history values, from a fixed pseudo-random sequence), so
 * that storage is measured on data that does not repeat itself the way real data partly does.
 */
export function variedWatchlist(count: number, historyLength: number, now: number): Watchlist {
  let seed = 42;
  const word = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return Math.floor((seed / 2 ** 31) * 36 ** 6).toString(36);
  };
  const watchlist = sampleWatchlist(count, historyLength, now);
  for (const entry of watchlist.domains) {
    entry.notes.owner = `${word()} ${word()} (${word()})`;
    entry.notes.text = Array.from({ length: 12 }, word).join(' ');
    entry.notes.registrarAccount = `${word()} ${word()}`;
    entry.notes.renewalContacts = entry.notes.renewalContacts.map(() => ({
      name: `${word()} ${word()}`,
      email: `${word()}@${word()}.example`,
      phone: `+34 ${word()}`,
    }));
    for (const change of entry.history) {
      if (change.findingId) continue;
      change.before = `mx1.${word()}.net, mx2.${word()}.net`;
      change.after = `mx1.${word()}.com, mx2.${word()}.com`;
    }
    if (entry.lastReport) {
      entry.lastReport.mx = [`mx1.${word()}.net`, `mx2.${word()}.net`];
      entry.lastReport.ns = [`ns1.${word()}.net`, `ns2.${word()}.net`];
      entry.lastReport.spf = `v=spf1 include:${word()}.example include:_spf.google.com ~all`;
    }
  }
  return watchlist;
}

export async function sweepWithRecordedAnswers(
  count: number,
  {
    historyLength,
    quotaBytes,
    now,
    varied = true,
  }: { historyLength: number; quotaBytes: number; now: number; varied?: boolean },
): Promise<ScenarioOutcome> {
  const { local, caches } = memoryCaches(() => now, { quotaBytes });
  const storage = userDataStorage(local, caches);
  const initial = (varied ? variedWatchlist : sampleWatchlist)(count, historyLength, now);
  const seeded = await storage
    .set(WATCHLIST_STORAGE_KEY, await packWatchlist(initial))
    .then(() => true)
    .catch(() => false);
  const answers = recordedAnswers();
  let served = 0;
  const registryFetch = cachingFetch(async () => {
    const body = answers[served++ % answers.length] as string;
    return new Response(body, { status: 200, headers: { 'content-type': 'application/rdap+json' } });
  }, caches.rdap);

  const service = new WatchlistService({
    storage,
    now: () => now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 2))),
    holder: 'scenario',
    settings: async () => ({ ...DEFAULT_SETTINGS, rdapPacingMs: 0 }),
    checkDomain: async (domain) => {
      // A thin registry (.com) answers, then the registrar's own server: two answers per domain.
      await (await registryFetch(`https://rdap.registry.example/domain/${domain}`)).text();
      await (await registryFetch(`https://rdap.registrar.example/domain/${domain}`)).text();
      const made: DomainReport = report({
        domain,
        unicode: domain,
        registration: registration({ expires: new Date(now + 200 * 86_400_000).toISOString() }),
      });
      await caches.reports.put(made);
      return made;
    },
    normalise: testNormaliser,
    serverFor: () => 'rdap.registry.example',
    notify: async () => {},
    changed: async () => {},
    t: createTranslator({}),
    formatDate: (iso) => iso,
  });

  if (seeded) {
    await service.checkAll();
    while ((await service.resume()).status === 'busy') await new Promise((r) => setTimeout(r, 5));
  }
  await caches.local.flush();
  const watchlist = await service.read();
  const stored = (await local.get(WATCHLIST_STORAGE_KEY))[WATCHLIST_STORAGE_KEY];
  const sweep = await readSweep(storage);
  return {
    bytesInUse: local.bytesInUse(),
    watchlistBytes: WATCHLIST_STORAGE_KEY.length + (JSON.stringify(stored)?.length ?? 0),
    watchlistJsonBytes: JSON.stringify(watchlist).length,
    cacheBytes: await caches.local.cacheBytes(),
    domains: watchlist.domains.length,
    withResult: watchlist.domains.filter((e) => e.lastReport || e.lastError).length,
    remainingInQueue: sweep.active?.remaining.length ?? 0,
    seeded,
  };
}
