import { describe, expect, it } from 'vitest';
import type { DomainReport } from '../core/types.ts';
import {
  type CheckResult,
  queueSweep,
  rdapRateLimit,
  readSweep,
  type SweepDeps,
  SweepRunner,
} from './sweep.ts';
import { MemoryStorage, report } from './test-helpers.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const domains = (n: number, tld = 'com') => Array.from({ length: n }, (_, i) => `d${i}.${tld}`);
const never = new Promise<DomainReport>(() => {});

function setup(overrides: Partial<SweepDeps> = {}) {
  const storage = new MemoryStorage();
  const results = new Map<string, CheckResult>();
  const checks: { domain: string; at: number }[] = [];
  const deps: SweepDeps = {
    storage,
    check: async (domain) => {
      checks.push({ domain, at: Date.now() });
      return report({ domain });
    },
    onResults: async (batch) => {
      for (const { domain, result } of batch) results.set(domain, result);
    },
    serverFor: (domain) => domain.split('.').pop() as string,
    now: Date.now,
    sleep,
    holder: 'worker-1',
    pacingMs: 0,
    timeoutMs: 1000,
    ...overrides,
  };
  return { storage, results, checks, deps };
}

describe('SweepRunner', () => {
  it('checks every queued domain once and clears the queue', async () => {
    const { storage, results, deps } = setup();
    await queueSweep(storage, domains(25), Date.now());
    expect(await new SweepRunner(deps).run()).toEqual({ status: 'done', checked: 25 });
    expect([...results.keys()].sort()).toEqual(domains(25).sort());
    const record = await readSweep(storage);
    expect(record.active).toBeNull();
    expect(record.last?.total).toBe(25);
  });

  it('is idle when nothing is queued', async () => {
    const { deps } = setup();
    expect(await new SweepRunner(deps).run()).toEqual({ status: 'idle' });
  });

  it('does not replace an unfinished sweep with a new one', async () => {
    const { storage } = setup();
    expect(await queueSweep(storage, ['a.com'], Date.now())).toBe(true);
    expect(await queueSweep(storage, ['b.com'], Date.now())).toBe(false);
    expect((await readSweep(storage)).active?.remaining).toEqual(['a.com']);
  });

  it('resumes after the worker is killed mid-sweep, without redoing saved domains', async () => {
    const { storage, results, deps } = setup({ leaseMs: 200, batchSize: 1 });
    await queueSweep(storage, domains(10), Date.now());
    // The first worker finishes four domains and is killed during the fifth: from then on nothing
    // it does reaches storage and none of its timers fire.
    let started = 0;
    let dead = false;
    const killed = new SweepRunner({
      ...deps,
      concurrency: 1,
      storage: {
        get: (key) => (dead ? new Promise(() => {}) : storage.get(key)),
        set: (key, value) => (dead ? new Promise(() => {}) : storage.set(key, value)),
      },
      sleep: (ms) => (dead ? new Promise(() => {}) : sleep(ms)),
      check: (domain) => {
        if (++started <= 4) return Promise.resolve(report({ domain }));
        dead = true;
        return never;
      },
    });
    void killed.run();
    await sleep(50);
    expect((await readSweep(storage)).active?.remaining).toHaveLength(6);

    const checkedAfterRestart: string[] = [];
    const restarted = new SweepRunner({
      ...deps,
      holder: 'worker-2',
      check: async (domain) => {
        checkedAfterRestart.push(domain);
        return report({ domain });
      },
    });
    expect(await restarted.run()).toEqual({ status: 'busy' }); // the dead worker's lease has not lapsed yet
    await sleep(250);
    expect(await restarted.run()).toEqual({ status: 'done', checked: 6 });
    expect(checkedAfterRestart.sort()).toEqual(domains(10).slice(4).sort());
    expect(results.size).toBe(10);
  });

  it('checks again after a kill the domains whose results were not saved yet', async () => {
    const { storage, results, deps } = setup({ leaseMs: 100, batchSize: 5, flushMs: 60_000 });
    await queueSweep(storage, domains(8), Date.now());
    let started = 0;
    let dead = false;
    void new SweepRunner({
      ...deps,
      concurrency: 1,
      storage: {
        get: (key) => (dead ? new Promise(() => {}) : storage.get(key)),
        set: (key, value) => (dead ? new Promise(() => {}) : storage.set(key, value)),
      },
      sleep: (ms) => (dead ? new Promise(() => {}) : sleep(ms)),
      check: (domain) => {
        if (++started <= 7) return Promise.resolve(report({ domain }));
        dead = true;
        return never;
      },
    }).run();
    await sleep(150);
    // Five results were saved as one batch; the next two were only in memory when the worker died.
    expect((await readSweep(storage)).active?.remaining).toEqual(['d5.com', 'd6.com', 'd7.com']);
    expect(await new SweepRunner({ ...deps, holder: 'worker-2' }).run()).toEqual({
      status: 'done',
      checked: 3,
    });
    expect(results.size).toBe(8);
  });

  it('saves results in batches, so a sweep rewrites the watchlist a bounded number of times', async () => {
    const batches: number[] = [];
    const { storage, deps } = setup({
      batchSize: 10,
      onResults: async (batch) => {
        batches.push(batch.length);
      },
    });
    await queueSweep(storage, domains(25), Date.now());
    await new SweepRunner(deps).run();
    expect(batches.reduce((a, b) => a + b, 0)).toBe(25);
    expect(batches.length).toBeLessThanOrEqual(3);
  });

  it('never runs two sweeps at once', async () => {
    const { storage, deps } = setup();
    await queueSweep(storage, domains(5), Date.now());
    let active = 0;
    let maxActive = 0;
    const slow = async (domain: string) => {
      active++;
      maxActive = Math.max(maxActive, active);
      await sleep(20);
      active--;
      return report({ domain });
    };
    const one = new SweepRunner({ ...deps, concurrency: 1, check: slow });
    const other = new SweepRunner({ ...deps, holder: 'worker-2', concurrency: 1, check: slow });
    const [a, b, c] = await Promise.all([one.run(), one.run(), other.run()]);
    expect([a, b, c].filter((o) => o.status === 'done')).toHaveLength(1);
    expect(maxActive).toBe(1);
  });

  it('keeps its lease through a long check, so a second worker cannot take over a live sweep', async () => {
    const { storage, deps } = setup({ leaseMs: 90 });
    await queueSweep(storage, ['slow.com'], Date.now());
    const live = new SweepRunner({
      ...deps,
      check: async (domain) => {
        await sleep(300);
        return report({ domain });
      },
    });
    const running = live.run();
    await sleep(200);
    expect(await new SweepRunner({ ...deps, holder: 'worker-2' }).run()).toEqual({ status: 'busy' });
    expect(await running).toEqual({ status: 'done', checked: 1 });
  });

  it('keeps at most `concurrency` checks in flight', async () => {
    let active = 0;
    let maxActive = 0;
    const { storage, deps } = setup({
      concurrency: 3,
      check: async (domain) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await sleep(10);
        active--;
        return report({ domain });
      },
    });
    await queueSweep(storage, domains(12), Date.now());
    await new SweepRunner(deps).run();
    expect(maxActive).toBe(3);
  });

  it('paces requests to the same RDAP server but not across servers', async () => {
    const { storage, checks, deps } = setup({ pacingMs: 60 });
    await queueSweep(storage, [...domains(3, 'com'), ...domains(3, 'org')], Date.now());
    await new SweepRunner(deps).run();
    for (const tld of ['com', 'org']) {
      const times = checks.filter((c) => c.domain.endsWith(tld)).map((c) => c.at);
      for (let i = 1; i < times.length; i++) {
        expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(55);
      }
    }
    const firstCom = checks.find((c) => c.domain.endsWith('com'))?.at as number;
    const firstOrg = checks.find((c) => c.domain.endsWith('org'))?.at as number;
    expect(Math.abs(firstOrg - firstCom)).toBeLessThan(40);
  });

  it('paces by the server each domain’s registry uses, even across TLDs', async () => {
    const { storage, checks, deps } = setup({ pacingMs: 60, serverFor: async () => 'rdap.centralnic.test' });
    await queueSweep(storage, ['a.xyz', 'b.online', 'c.site'], Date.now());
    await new SweepRunner(deps).run();
    const times = checks.map((c) => c.at);
    for (let i = 1; i < times.length; i++) {
      expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(55);
    }
  });

  it('gives up on a slow domain after the timeout and finishes the rest', async () => {
    const { storage, results, deps } = setup({
      concurrency: 2,
      timeoutMs: 100,
      check: async (domain) => (domain === 'd0.com' ? never : report({ domain })),
    });
    await queueSweep(storage, domains(6), Date.now());
    const started = Date.now();
    expect(await new SweepRunner(deps).run()).toEqual({ status: 'done', checked: 6 });
    expect(Date.now() - started).toBeLessThan(500);
    expect(results.get('d0.com')).toEqual({ error: 'timed out after 100 ms' });
    expect(results.get('d5.com')).toHaveProperty('report');
  });

  it('backs off a rate-limited RDAP server for its Retry-After and checks the domain again', async () => {
    const attempts: number[] = [];
    const { storage, results, deps } = setup({
      check: async (domain) => {
        attempts.push(Date.now());
        return attempts.length === 1
          ? report({
              domain,
              errors: [
                { source: 'rdap', code: 'timeout', message: 'rate limited (HTTP 429), retry after 1 s' },
              ],
            })
          : report({ domain });
      },
    });
    await queueSweep(storage, ['a.com'], Date.now());
    await new SweepRunner(deps).run();
    expect(attempts).toHaveLength(2);
    expect((attempts[1] as number) - (attempts[0] as number)).toBeGreaterThanOrEqual(950);
    const result = results.get('a.com');
    expect(result && 'report' in result && result.report.errors).toEqual([]);
  });

  it('accepts the rate-limited answer after the last attempt instead of looping', async () => {
    let calls = 0;
    const { storage, results, deps } = setup({
      maxAttempts: 2,
      rateLimitedFor: () => 10,
      check: async (domain) => {
        calls++;
        return report({ domain });
      },
    });
    await queueSweep(storage, ['a.com'], Date.now());
    await new SweepRunner(deps).run();
    expect(calls).toBe(2);
    expect(results.has('a.com')).toBe(true);
  });
});

describe('rdapRateLimit', () => {
  const rdapError = (message: string) => report({ errors: [{ source: 'rdap', code: 'timeout', message }] });

  it('reads the wait the core RDAP client names after an HTTP 429', () => {
    expect(rdapRateLimit(rdapError('rate limited by the RDAP server (HTTP 429, retry after 120 s)'))).toBe(
      120_000,
    );
  });

  it('backs off 30 s when the server named no wait', () => {
    expect(rdapRateLimit(rdapError('rate limited by the RDAP server (HTTP 429)'))).toBe(30_000);
  });

  it('ignores other RDAP failures and DNS errors', () => {
    expect(rdapRateLimit(rdapError('HTTP 503 from the RDAP server'))).toBeNull();
    expect(
      rdapRateLimit(report({ errors: [{ source: 'dns', code: 'timeout', message: 'HTTP 429' }] })),
    ).toBeNull();
  });
});
