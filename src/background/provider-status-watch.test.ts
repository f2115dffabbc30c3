import { beforeEach, describe, expect, it, vi } from 'vitest';

const created: { id: string; title: string }[] = [];
vi.mock('../shared/browser.ts', () => ({
  browser: {
    notifications: {
      create: async (id: string, options: { title: string }) => {
        created.push({ id, title: options.title });
      },
    },
    runtime: { getURL: (path: string) => path },
  },
}));
const read = vi.fn();
vi.mock('./provider-feeds-worker.ts', () => ({ workerFeeds: () => ({ read }) }));

import { bundledTranslator } from '../core/i18n/bundled.ts';
import { DEFAULT_SETTINGS } from '../shared/settings.ts';
import { memoryStorageArea } from '../shared/storage.ts';
import { newEntry, WATCHLIST_VERSION, type Watchlist } from '../watchlist/model.ts';
import { summarizeReport } from '../watchlist/summary.ts';
import { report } from '../watchlist/test-helpers.ts';
import type { WorkerContext } from './context.ts';
import { sweepProviderStatus } from './provider-status-watch.ts';

const NOW = Date.parse('2026-07-30T18:00:00Z');

function watchedGoogleDomain(): Watchlist {
  const base = report({ domain: 'shop.example', unicode: 'shop.example' });
  const entry = newEntry('shop.example', 'shop.example', NOW);
  entry.lastReport = summarizeReport({
    ...base,
    mail: { ...base.mail, provider: { id: 'google-workspace', name: 'Google Workspace' }, gateway: null },
  });
  return { version: WATCHLIST_VERSION, domains: [entry] };
}

function context(providerStatus: boolean): WorkerContext {
  return {
    local: memoryStorageArea(),
    now: () => NOW,
    translate: bundledTranslator('en'),
    settings: async () => ({ ...DEFAULT_SETTINGS, providerStatus }),
  } as unknown as WorkerContext;
}

describe('the provider-status sweep', () => {
  beforeEach(() => {
    created.length = 0;
    read.mockReset();
    read.mockResolvedValue({ ok: true, incidents: [], checkedAt: NOW });
  });

  it("reads the watched providers' feeds from the watchlist its store gives, whatever the storage holds", async () => {
    // The store alone knows how the watchlist is kept (packed past 1 MiB): storage.local here is empty.
    await sweepProviderStatus(context(true), { read: async () => watchedGoogleDomain() });
    expect(read).toHaveBeenCalledWith('google-workspace', expect.anything(), DEFAULT_SETTINGS.timeoutMs);
  });

  it('asks nothing while the setting is off', async () => {
    await sweepProviderStatus(context(false), { read: async () => watchedGoogleDomain() });
    expect(read).not.toHaveBeenCalled();
  });
});
