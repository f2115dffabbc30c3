import { describe, expect, it } from 'vitest';
import { FIXED_NOW, healthyReport } from '../../test/e2e/fixtures/reports.ts';
import { memoryStorageArea } from '../shared/storage.ts';
import {
  MAX_CACHED_REPORTS,
  REPORT_FRESH_MS,
  REPORT_WITH_ERRORS_FRESH_MS,
  ReportCache,
} from './report-cache.ts';

function cacheAt(clock: { now: number }) {
  const area = memoryStorageArea();
  return { area, cache: new ReportCache(area, () => clock.now) };
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
    await area.set({ 'report:x.example': { report: 'nope', storedAt: 1 } });
    expect(await cache.get('x.example')).toBeNull();
    expect(await cache.get('absent.example')).toBeNull();
  });

  it('evicts the oldest reports beyond its size limit', async () => {
    const clock = { now: FIXED_NOW };
    const { area, cache } = cacheAt(clock);
    for (let i = 0; i <= MAX_CACHED_REPORTS; i++) {
      clock.now += 1;
      await cache.put(healthyReport(FIXED_NOW, `d${i}.example`));
    }
    expect(await cache.get('d0.example')).toBeNull();
    expect(await cache.get(`d${MAX_CACHED_REPORTS}.example`)).not.toBeNull();
    expect(Object.keys(area.dump()).filter((k) => k.startsWith('report:'))).toHaveLength(MAX_CACHED_REPORTS);
  });
});
