import { describe, expect, it, vi } from 'vitest';
import { healthyReport } from '../../test/e2e/fixtures/reports.ts';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings.ts';
import type { WorkerContext } from './context.ts';
import { domainOf } from './lookup.ts';
import { Lookups } from './lookups.ts';
import { memoryCaches } from './test-caches.ts';
import type { WatchlistWorker } from './watchlist-worker.ts';

// The tab the toolbar popup was opened on: an incognito window's.
const tabs = new Map<number, { url: string; incognito: boolean }>([
  [1, { url: 'https://www.example.com/inbox', incognito: true }],
  [2, { url: 'https://www.example.com/inbox', incognito: false }],
]);
vi.mock('../shared/browser.ts', () => ({
  browser: { tabs: { get: async (id: number) => tabs.get(id) }, runtime: { id: 'self' } },
}));

const { createHandlers } = await import('./messaging.ts');

function worker(settings: Partial<Settings>) {
  const { local, caches } = memoryCaches(() => 1_000);
  const lookedUp: string[] = [];
  const lookups = new Lookups({
    cache: caches.reports,
    settings: async () => ({ ...DEFAULT_SETTINGS, ...settings }),
    build: async (domain) => {
      lookedUp.push(domain);
      return { ok: true, report: healthyReport(1_000, domain) };
    },
  });
  const ctx = {
    caches,
    cache: caches.reports,
    lookups,
    domainOf,
    settings: async () => ({ ...DEFAULT_SETTINGS, ...settings }),
  } as unknown as WorkerContext;
  const watchlist = { service: {}, isWatched: async () => false } as unknown as WatchlistWorker;
  return { handlers: createHandlers(ctx, watchlist), local, lookedUp };
}

describe('the popup’s report request', () => {
  it('for an incognito tab while incognito is not allowed: no lookup, nothing stored', async () => {
    const { handlers, local, lookedUp } = worker({ allowIncognito: false });
    expect(await handlers['report/get']({ type: 'report/get', tabId: 1 }, {})).toEqual({ kind: 'incognito' });
    expect(lookedUp).toEqual([]);
    expect(local.dump()).toEqual({});
  });

  it('for an incognito tab when allowed: a report, and still nothing written to disk', async () => {
    const { handlers, local, lookedUp } = worker({ allowIncognito: true });
    const view = await handlers['report/get']({ type: 'report/get', tabId: 1 }, {});
    expect(view).toMatchObject({ kind: 'ready', report: { domain: 'example.com' } });
    expect(lookedUp).toEqual(['example.com']);
    expect(local.dump()).toEqual({});
  });

  it('for a page of an incognito tab asking by name (`?domain=`): the same rule', async () => {
    const { handlers, lookedUp } = worker({ allowIncognito: false });
    const view = await handlers['report/get'](
      { type: 'report/get', domain: 'example.com' },
      { tab: { id: 5, incognito: true } },
    );
    expect(view).toEqual({ kind: 'incognito' });
    expect(lookedUp).toEqual([]);
  });

  it('for a normal tab: looked up and kept in the cache', async () => {
    const { handlers, local } = worker({});
    expect(await handlers['report/get']({ type: 'report/get', tabId: 2 }, {})).toMatchObject({
      kind: 'ready',
    });
    expect(Object.keys(local.dump())).toContain('report:example.com');
  });
});
