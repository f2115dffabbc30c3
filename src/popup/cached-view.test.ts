import { describe, expect, it } from 'vitest';
import { FIXED_NOW, warningReport } from '../../test/e2e/fixtures/reports.ts';
import { REPORT_FRESH_MS } from '../background/report-cache.ts';
import { memoryStorageArea } from '../shared/storage.ts';
import { cachedView } from './cached-view.ts';

const report = warningReport();
const stored = (storedAt: number) => ({ [`report:${report.domain}`]: { report, storedAt } });

describe('cachedView', () => {
  it('renders a fresh cached report for ?domain= straight from storage', async () => {
    const local = memoryStorageArea({
      ...stored(FIXED_NOW),
      watchlist: { version: 1, domains: [{ domain: report.domain, addedAt: 'x' }] },
    });
    const view = await cachedView(local, memoryStorageArea(), { domain: 'DMARC-none.com ' }, () => FIXED_NOW);
    expect(view).toMatchObject({
      kind: 'ready',
      fromCache: true,
      watched: true,
      expiry: { warningDays: 30 },
    });
  });

  it('finds the domain of a tab through its session state', async () => {
    const session = memoryStorageArea({ 'tab:7': { domain: report.domain } });
    const view = await cachedView(
      memoryStorageArea(stored(FIXED_NOW)),
      session,
      { tabId: 7 },
      () => FIXED_NOW,
    );
    expect(view?.kind).toBe('ready');
  });

  it('leaves stale, missing and unknown-tab cases to the worker', async () => {
    const local = memoryStorageArea(stored(FIXED_NOW));
    const later = () => FIXED_NOW + REPORT_FRESH_MS;
    expect(await cachedView(local, memoryStorageArea(), { domain: report.domain }, later)).toBeNull();
    expect(await cachedView(local, memoryStorageArea(), { domain: 'other.com' }, () => FIXED_NOW)).toBeNull();
    expect(await cachedView(local, memoryStorageArea(), { tabId: 3 }, () => FIXED_NOW)).toBeNull();
  });
});
