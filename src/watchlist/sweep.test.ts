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
import { TestClock } from './test-clock.ts';
import { MemoryStorage, report } from './test-helpers.ts';

const domains = (n: number, tld = 'com') => Array.from({ length: n }, (_, i) => `d${i}.${tld}`);
const never = new Promise<DomainReport>(() => {});

// Time is the test's (TestClock): pacing, timeouts, leases and back-offs are exact and take no wait.
let clock = new TestClock();
const sleep = (ms: number) => clock.sleep(ms);
const run = (runner: SweepRunner) => clock.run(runner.run());

function setup(overrides: Partial<SweepDeps> = {}) {
  clock = new TestClock();
  const storage = new MemoryStorage();
  const results = new Map<string, CheckResult>();
  const checks: { domain: string; at: number }[] = [];
  const deps: SweepDeps = {
    storage,
    check: async (domain) => {
      checks.push({ domain, at: clock.now });
      return report({ domain });
    },
    onResults: async (batch) => {
      for (const { domain, result } of batch) results.set(domain, result);
    },
    serverFor: (domain) => domain.split('.').pop() as string,
    now: clock.read,
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
    await queueSweep(storage, domains(25), clock.now);
    expect(await run(new SweepRunner(deps))).toEqual({ status: 'done', checked: 25 });
    expect([...results.keys()].sort()).toEqual(domains(25).sort());
    const record = await readSweep(storage);
    expect(record.active).toBeNull();
    expect(record.last?.total).toBe(25);
  });

  it('is idle when nothing is queued', async () => {
    const { deps } = setup();
    expect(await run(new SweepRunner(deps))).toEqual({ status: 'idle' });
  });

  it('does not replace an unfinished sweep with a new one', async () => {
    const { storage } = setup();
    expect(await queueSweep(storage, ['a.com'], clock.now)).toBe(true);
    expect(await queueSweep(storage, ['b.com'], clock.now)).toBe(false);
    expect((await readSweep(storage)).active?.remaining).toEqual(['a.com']);
  });

  it('resumes after the worker is killed mid-sweep, without redoing saved domains', async () => {
    const { storage, results, deps } = setup({ leaseMs: 200, batchSize: 1 });
    await queueSweep(storage, domains(10), clock.now);
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
    await clock.advance(50);
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
    expect(await run(restarted)).toEqual({ status: 'busy' }); // the dead worker's lease has not lapsed yet
    await clock.advance(250);
    expect(await run(restarted)).toEqual({ status: 'done', checked: 6 });
    expect(checkedAfterRestart.sort()).toEqual(domains(10).slice(4).sort());
    expect(results.size).toBe(10);
  });

  it('checks again after a kill the domains whose results were not saved yet', async () => {
    const { storage, results, deps } = setup({ leaseMs: 100, batchSize: 5, flushMs: 60_000 });
    await queueSweep(storage, domains(8), clock.now);
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
    await clock.advance(150);
    // Five results were saved as one batch; the next two were only in memory when the worker died.
    expect((await readSweep(storage)).active?.remaining).toEqual(['d5.com', 'd6.com', 'd7.com']);
    expect(await run(new SweepRunner({ ...deps, holder: 'worker-2' }))).toEqual({
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
    await queueSweep(storage, domains(25), clock.now);
    await run(new SweepRunner(deps));
    expect(batches.reduce((a, b) => a + b, 0)).toBe(25);
    expect(batches.length).toBeLessThanOrEqual(3);
  });

  it('never runs two sweeps at once', async () => {
    const { storage, deps } = setup();
    await queueSweep(storage, domains(5), clock.now);
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
    const [a, b, c] = await clock.run(Promise.all([one.run(), one.run(), other.run()]));
    expect([a, b, c].filter((o) => o.status === 'done')).toHaveLength(1);
    expect(maxActive).toBe(1);
  });

  it('keeps its lease through a long check, so a second worker cannot take over a live sweep', async () => {
    const { storage, deps } = setup({ leaseMs: 90 });
    await queueSweep(storage, ['slow.com'], clock.now);
    const live = new SweepRunner({
      ...deps,
      check: async (domain) => {
        await sleep(300);
        return report({ domain });
      },
    });
    const running = live.run();
    await clock.advance(200);
    expect(await run(new SweepRunner({ ...deps, holder: 'worker-2' }))).toEqual({ status: 'busy' });
    expect(await clock.run(running)).toEqual({ status: 'done', checked: 1 });
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
    await queueSweep(storage, domains(12), clock.now);
    await run(new SweepRunner(deps));
    expect(maxActive).toBe(3);
  });

  it('paces requests to the same RDAP server but not across servers', async () => {
    const { storage, checks, deps } = setup({ pacingMs: 60 });
    await queueSweep(storage, [...domains(3, 'com'), ...domains(3, 'org')], clock.now);
    await run(new SweepRunner(deps));
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
    await queueSweep(storage, ['a.xyz', 'b.online', 'c.site'], clock.now);
    await run(new SweepRunner(deps));
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
    await queueSweep(storage, domains(6), clock.now);
    const started = clock.now;
    expect(await run(new SweepRunner(deps))).toEqual({ status: 'done', checked: 6 });
    expect(clock.now - started).toBeLessThan(500);
    expect(results.get('d0.com')).toEqual({ error: 'timed out after 100 ms' });
    expect(results.get('d5.com')).toHaveProperty('report');
  });

  it('backs off a rate-limited RDAP server for its Retry-After and checks the domain again', async () => {
    const attempts: number[] = [];
    const { storage, results, deps } = setup({
      check: async (domain) => {
        attempts.push(clock.now);
        return attempts.length === 1
          ? report({
              domain,
              errors: [{ source: 'rdap', code: 'rate-limited', retryAfterMs: 1000, message: 'anything' }],
            })
          : report({ domain });
      },
    });
    await queueSweep(storage, ['a.com'], clock.now);
    await run(new SweepRunner(deps));
    expect(attempts).toHaveLength(2);
    expect((attempts[1] as number) - (attempts[0] as number)).toBeGreaterThanOrEqual(950);
    const result = results.get('a.com');
    expect(result && 'report' in result && result.report.errors).toEqual([]);
  });

  it('stops without dropping anything when results cannot be stored (storage full)', async () => {
    const { storage, deps } = setup({
      batchSize: 2,
      onResults: async () => {
        throw new Error('QUOTA_BYTES quota exceeded');
      },
    });
    await queueSweep(storage, domains(5), clock.now);
    expect(await run(new SweepRunner(deps))).toEqual({ status: 'unsaved', checked: 0 });
    const record = await readSweep(storage);
    expect(record.active?.remaining).toEqual(domains(5));
    expect(record.active?.lease).toBeNull();
    expect(record.last).toBeNull();
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
    await queueSweep(storage, ['a.com'], clock.now);
    await run(new SweepRunner(deps));
    expect(calls).toBe(2);
    expect(results.has('a.com')).toBe(true);
  });
});

describe('rdapRateLimit', () => {
  it('reads the wait from the error code and retryAfterMs, in any language', () => {
    const limited = report({
      errors: [
        { source: 'rdap', code: 'rate-limited', retryAfterMs: 120_000, message: 'límite de consultas' },
      ],
    });
    expect(rdapRateLimit(limited)).toBe(120_000);
  });

  it('backs off 30 s when the server named no wait, and never longer than 15 minutes', () => {
    expect(rdapRateLimit(report({ errors: [{ source: 'rdap', code: 'rate-limited', message: '' }] }))).toBe(
      30_000,
    );
    const huge = report({
      errors: [{ source: 'rdap', code: 'rate-limited', retryAfterMs: 86_400_000, message: '' }],
    });
    expect(rdapRateLimit(huge)).toBe(15 * 60_000);
  });

  it('ignores other RDAP failures, DNS errors, and English text that merely says 429', () => {
    expect(
      rdapRateLimit(
        report({ errors: [{ source: 'rdap', code: 'timeout', message: 'HTTP 429 rate limited' }] }),
      ),
    ).toBeNull();
    expect(
      rdapRateLimit(report({ errors: [{ source: 'dns', code: 'rate-limited', message: 'HTTP 429' }] })),
    ).toBeNull();
  });
});
