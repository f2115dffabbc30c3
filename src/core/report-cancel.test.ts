import { afterEach, describe, expect, it } from 'vitest';
import { type FakeDohServer, startFakeDohServer } from '../../test/helpers/fake-doh-server.ts';
import { createDohResolver } from './dns/doh-client.ts';
import { bundledTranslator } from './i18n/bundled.ts';
import { buildReport } from './report.ts';
import type { FetchLike } from './types.ts';

/**
 * One AbortSignal from buildReport to every request (issue 9: a "timed out" check kept running).
 * A cancelled report comes back at once, with what did not finish as `timeout` errors; a question
 * two callers share is only given up when both have gone.
 */
let server: FakeDohServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ZONE = [{ name: 'example.com', type: 'A', data: '192.0.2.1' }];

describe('cancelling DNS questions', () => {
  it('a caller that aborts stops waiting at once; one that shares the question still gets its answer', async () => {
    server = await startFakeDohServer({ records: ZONE, delayMs: 300 });
    const resolver = createDohResolver({ url: server.url, fetch, now: () => 0, timeoutMs: 5_000 });
    const impatient = new AbortController();
    const started = performance.now();
    const first = resolver.query('example.com', 'A', { signal: impatient.signal });
    const second = resolver.query('example.com', 'A');
    setTimeout(() => impatient.abort(), 50);
    expect(await first).toMatchObject({ ok: false, reason: 'timeout' });
    expect(performance.now() - started).toBeLessThan(250);
    expect(await second).toMatchObject({ ok: true, records: [{ data: '192.0.2.1' }] });
    expect(resolver.stats()).toMatchObject({ requests: 1, inflightJoins: 1 });
  });

  it('when every caller has gone the request itself is aborted, and a new caller asks again', async () => {
    server = await startFakeDohServer({ records: ZONE, delayMs: 200 });
    let aborted = 0;
    let calls = 0;
    const watching: FetchLike = (input, init) => {
      calls++;
      init?.signal?.addEventListener('abort', () => aborted++);
      return fetch(input, init);
    };
    const resolver = createDohResolver({ url: server.url, fetch: watching, now: () => 0, timeoutMs: 5_000 });
    const a = new AbortController();
    const b = new AbortController();
    const both = [
      resolver.query('example.com', 'A', { signal: a.signal }),
      resolver.query('example.com', 'A', { signal: b.signal }),
    ];
    // Both wait on one request in flight.
    for (let waited = 0; calls === 0 && waited < 2_000; waited += 10)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls).toBe(1);
    a.abort();
    expect(aborted).toBe(0);
    b.abort();
    await Promise.all(both);
    expect(aborted).toBe(1);
    expect(await resolver.query('example.com', 'A')).toMatchObject({ ok: true });
    expect(resolver.stats().requests).toBe(2);
  });
});

describe('cancelling a report', () => {
  it('returns at once with the unfinished lookups as timeout errors, and sends nothing more', async () => {
    server = await startFakeDohServer({ records: ZONE, delayMs: 5_000 });
    let requests = 0;
    const counting: FetchLike = (input, init) => {
      requests++;
      // The bootstrap server never answers and ignores the abort: the guard must not wait for it.
      if (input.endsWith('/bootstrap.json')) return new Promise(() => undefined);
      return fetch(input, init);
    };
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const outcome = await buildReport('example.com', {
      dohUrl: server.url,
      rdapBootstrapUrl: 'http://127.0.0.1:9/bootstrap.json',
      fetch: counting,
      now: () => Date.now(),
      translate: bundledTranslator('en'),
      timeoutMs: 10_000,
      expiry: { warningDays: 30, criticalDays: 7 },
      signal: controller.signal,
    });
    expect(performance.now() - started).toBeLessThan(1_000);
    if (!outcome.ok) throw new Error('expected a report');
    const { report } = outcome;
    expect(report.complete).toBe(false);
    expect(report.errors.length).toBeGreaterThan(0);
    expect(report.errors.every((e) => e.code === 'timeout')).toBe(true);
    const sent = requests;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(requests).toBe(sent);
  });
});
