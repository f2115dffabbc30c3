import { describe, expect, it } from 'vitest';
import { FIXED_NOW, healthyReport } from '../../test/e2e/fixtures/reports.ts';
import { DEFAULT_SETTINGS } from '../shared/settings.ts';
import type { LookupUse } from './clients.ts';
import type { ReportOutcome } from './lookup.ts';
import { Lookups } from './lookups.ts';
import { memoryCaches } from './test-caches.ts';

function setup(build: (domain: string, use: LookupUse) => Promise<ReportOutcome>) {
  const { local, caches } = memoryCaches(() => FIXED_NOW);
  const cache = caches.reports;
  const seen: string[] = [];
  const lookups = new Lookups({
    cache,
    settings: async () => DEFAULT_SETTINGS,
    build: (domain, _settings, use) => build(domain, use),
    onReport: (report) => seen.push(report.domain),
  });
  return { cache, lookups, seen, local };
}

describe('Lookups', () => {
  it('runs one lookup for a domain asked for twice at once', async () => {
    let calls = 0;
    const { lookups } = setup(async (domain) => {
      calls++;
      await new Promise((r) => setTimeout(r, 10));
      return { ok: true, report: healthyReport(FIXED_NOW, domain) };
    });
    const [a, b] = await Promise.all([lookups.report('a.example'), lookups.report('a.example')]);
    expect(calls).toBe(1);
    expect(a).toEqual(b);
  });

  it('answers from a fresh cached report without a lookup', async () => {
    let calls = 0;
    const { cache, lookups } = setup(async (domain) => {
      calls++;
      return { ok: true, report: healthyReport(FIXED_NOW, domain) };
    });
    await cache.put(healthyReport(FIXED_NOW, 'a.example'));
    const result = await lookups.report('a.example');
    expect(calls).toBe(0);
    expect(result).toMatchObject({ kind: 'report', fromCache: true });
  });

  it('looks up again when asked to refresh, stores and announces the report', async () => {
    const { cache, lookups, seen } = setup(async (domain) => ({
      ok: true,
      report: healthyReport(FIXED_NOW, domain),
    }));
    await cache.put(healthyReport(FIXED_NOW, 'a.example'));
    const result = await lookups.report('a.example', { refresh: true });
    expect(result).toMatchObject({ kind: 'report', fromCache: false });
    expect(seen).toEqual(['a.example']);
  });

  it('for an incognito tab looks up privately and writes nothing to disk', async () => {
    const uses: LookupUse[] = [];
    const { lookups, local, seen } = setup(async (domain, use) => {
      uses.push(use);
      return { ok: true, report: healthyReport(FIXED_NOW, domain) };
    });
    const result = await lookups.report('a.example', { private: true });
    expect(result).toMatchObject({ kind: 'report', fromCache: false });
    expect(uses).toEqual(['private']);
    expect(local.dump()).toEqual({});
    expect(seen).toEqual([]);
  });

  it("for an incognito tab's check again asks everything anew and still writes nothing to disk", async () => {
    const uses: LookupUse[] = [];
    const { cache, lookups, local, seen } = setup(async (domain, use) => {
      uses.push(use);
      return { ok: true, report: healthyReport(FIXED_NOW, domain) };
    });
    await cache.put(healthyReport(FIXED_NOW, 'a.example'));
    const before = local.dump();
    const result = await lookups.report('a.example', { private: true, refresh: true });
    expect(result).toMatchObject({ kind: 'report', fromCache: false });
    expect(uses).toEqual(['private-recheck']);
    expect(local.dump()).toEqual(before);
    expect(seen).toEqual([]);
  });

  it('turns a throwing core into a failed result instead of a never-ending wait', async () => {
    const { lookups } = setup(async () => {
      throw new Error('boom');
    });
    expect(await lookups.report('a.example')).toEqual({
      kind: 'failed',
      domain: 'a.example',
      message: 'boom',
    });
    expect(lookups.isRunning('a.example')).toBe(false);
  });

  it('passes a not-public outcome through', async () => {
    const { lookups } = setup(async () => ({ ok: false, input: 'printer.local', reason: 'reserved' }));
    expect(await lookups.report('printer.local')).toEqual({
      kind: 'not-public',
      input: 'printer.local',
      reason: 'reserved',
    });
  });
});
