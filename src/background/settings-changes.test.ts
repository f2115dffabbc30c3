import { describe, expect, it, vi } from 'vitest';

// The browser APIs are not needed by the rule under test; the module that reaches them is replaced.
vi.mock('../shared/browser.ts', () => ({ browser: {} }));

import { DEFAULT_SETTINGS } from '../shared/settings.ts';
import type { ReportCache } from './report-cache.ts';
import { invalidatesReports } from './settings-changes.ts';
import { memoryCaches } from './test-caches.ts';

describe('invalidatesReports', () => {
  it('is true when the resolver changes', () => {
    expect(
      invalidatesReports(DEFAULT_SETTINGS, {
        ...DEFAULT_SETTINGS,
        dohUrl: 'http://127.0.0.1:8053/dns-query',
      }),
    ).toBe(true);
  });

  it('is true when the settings are first written over the defaults with another RDAP bootstrap', () => {
    expect(invalidatesReports(undefined, { rdapBootstrapUrl: 'http://127.0.0.1:9/bootstrap.json' })).toBe(
      true,
    );
  });

  it('is true when an expiry threshold changes', () => {
    expect(invalidatesReports(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, expiryWarningDays: 60 })).toBe(true);
  });

  it('is false for settings a report does not depend on', () => {
    expect(
      invalidatesReports(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, lookupMode: 'click', firstRunDone: true }),
    ).toBe(false);
  });
});

describe('ReportCache.clear', () => {
  it('forgets every report and nothing else', async () => {
    const { local: area, caches } = memoryCaches(() => 1000);
    await area.set({ settings: DEFAULT_SETTINGS });
    const cache = caches.reports;
    const report = { domain: 'a.com', findings: [], errors: [] } as unknown as Parameters<
      ReportCache['put']
    >[0];
    await cache.put(report);
    await cache.put({ ...report, domain: 'b.com' });
    await cache.clear();
    expect([await cache.get('a.com'), await cache.get('b.com')]).toEqual([null, null]);
    await caches.local.flush();
    expect(Object.keys(area.dump()).filter((k) => !k.startsWith('cacheIndex:'))).toEqual(['settings']);
  });
});
