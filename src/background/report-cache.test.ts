import { describe, expect, it } from 'vitest';
import { FIXED_NOW, healthyReport } from '../../test/e2e/fixtures/reports.ts';
import { CACHE_BUDGETS } from './caches.ts';
import { REPORT_FRESH_MS, REPORT_KEEP_MS, REPORT_WITH_ERRORS_FRESH_MS } from './report-cache.ts';
import { memoryCaches } from './test-caches.ts';

function cacheAt(clock: { now: number }) {
  const { local, caches } = memoryCaches(() => clock.now);
  return { area: local, cache: caches.reports };
}

describe('ReportCache', () => {
  it('returns a stored report as fresh for some hours, then as stale', async () => {
    const clock = { now: FIXED_NOW };
    const { cache } = cacheAt(clock);
    await cache.put(healthyReport());
    expect((await cache.get('acme-google.com'))?.fresh).toBe(true);
    clock.now += REPORT_FRESH_MS;
    const stale = await cache.get('acme-google.com');
    expect(stale?.fresh).toBe(false);
    expect(stale?.report.domain).toBe('acme-google.com');
    clock.now = FIXED_NOW + REPORT_KEEP_MS;
    expect(await cache.get('acme-google.com')).toBeNull();
  });

  it('keeps a report with lookup errors fresh only for minutes', async () => {
    const clock = { now: FIXED_NOW };
    const { cache } = cacheAt(clock);
    const report = healthyReport();
    report.errors = [{ source: 'dns', code: 'timeout', message: 'timed out', query: 'acme-google.com MX' }];
    await cache.put(report);
    clock.now += REPORT_WITH_ERRORS_FRESH_MS;
    expect((await cache.get('acme-google.com'))?.fresh).toBe(false);
  });

  it('ignores entries that are not reports', async () => {
    const clock = { now: FIXED_NOW };
    const { area, cache } = cacheAt(clock);
    await area.set({ 'report:x.example': { value: 'nope', storedAt: 1, expiresAt: FIXED_NOW * 2 } });
    expect(await cache.get('x.example')).toBeNull();
    expect(await cache.get('absent.example')).toBeNull();
  });

  it('evicts the least recently used reports beyond its byte budget', async () => {
    const clock = { now: FIXED_NOW };
    const { area, cache } = cacheAt(clock);
    const size = JSON.stringify(healthyReport(FIXED_NOW, 'd0000.example')).length;
    const fits = Math.floor(CACHE_BUDGETS.reports / (size + 60));
    for (let i = 0; i < fits + 20; i++) {
      clock.now += 1;
      await cache.put(healthyReport(FIXED_NOW, `d${String(i).padStart(4, '0')}.example`));
    }
    expect(await cache.get('d0000.example')).toBeNull();
    expect(await cache.get(`d${String(fits + 19).padStart(4, '0')}.example`)).not.toBeNull();
    const bytes = Object.entries(area.dump())
      .filter(([k]) => k.startsWith('report:'))
      .reduce((sum, [k, v]) => sum + k.length + JSON.stringify(v).length, 0);
    expect(bytes).toBeLessThanOrEqual(CACHE_BUDGETS.reports);
  });
});
