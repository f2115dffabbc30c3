import { describe, expect, it } from 'vitest';
import { createTranslator } from '../core/i18n/translate.ts';
import type { DomainReport } from '../core/types.ts';
import { DEFAULT_SETTINGS } from '../shared/settings.ts';
import { readIcs } from '../watchlist/ics-reader.ts';
import type { Notice } from '../watchlist/notify.ts';
import { readSweep } from '../watchlist/sweep.ts';
import { TestClock } from '../watchlist/test-clock.ts';
import { MemoryStorage, report, testNormaliser } from '../watchlist/test-helpers.ts';
import { WatchlistService } from './watchlist-service.ts';

let clock = new TestClock();

function setup(
  answer: (domain: string) => DomainReport = (domain) => report({ domain }),
  cached: Record<string, DomainReport> = {},
) {
  const storage = new MemoryStorage();
  const notices: Notice[] = [];
  const rechecks: boolean[] = [];
  // Time is the test's: the sweep's waits (pacing, lease renewal) pass without a real sleep.
  clock = new TestClock();
  const service = new WatchlistService({
    storage,
    now: clock.read,
    sleep: clock.sleep,
    holder: 'test',
    settings: async () => ({ ...DEFAULT_SETTINGS, rdapPacingMs: 0 }),
    checkDomain: async (domain, _signal, recheck) => {
      rechecks.push(recheck === true);
      return { ...answer(domain), checkedAt: new Date(clock.now).toISOString() };
    },
    normalise: testNormaliser,
    serverFor: (d) => d.split('.').pop() as string,
    notify: async (n) => {
      notices.push(n);
    },
    changed: async () => {},
    t: createTranslator({}),
    formatDate: (iso) => iso,
    cachedReport: async (domain) => cached[domain] ?? null,
  });
  return { service, storage, notices, rechecks, tick: (ms: number) => (clock.now += ms) };
}

describe('WatchlistService', () => {
  it('adds a typed domain normalised, and says why a non-domain is refused', async () => {
    const { service } = setup();
    expect(await service.add('https://WWW.Example.com/x')).toMatchObject({ ok: true, domain: 'example.com' });
    expect(await service.add('192.168.0.1')).toEqual({ ok: false, reason: 'ip' });
    expect((await service.read()).domains.map((e) => e.domain)).toEqual(['example.com']);
  });

  it('checks all, then records a new MX in the history and raises a notice', async () => {
    let exchange = 'mx1.example.net';
    const { service, notices, tick } = setup((domain) =>
      report({
        domain,
        mail: { ...report().mail, mx: [{ preference: 10, exchange, addresses: [] }], provider: null },
      }),
    );
    await service.import('a.com\nb.com', 'list');
    await service.checkAll();
    await service.resume();
    while ((await service.status()).running) await clock.advance(5);
    exchange = 'mx2.example.net';
    tick(3_600_000);
    expect(await service.recheck('a.com')).toEqual({ ok: true });
    const entry = (await service.read()).domains[0];
    expect(entry?.history[0]).toMatchObject({
      kind: 'mx',
      before: 'mx1.example.net',
      after: 'mx2.example.net',
    });
    expect(notices.map((n) => [n.domain, n.kind])).toEqual([['a.com', 'mx']]);
  });

  it('checks a newly added domain at once, from the report the popup already has', async () => {
    let lookups = 0;
    const { service } = setup(
      (domain) => {
        lookups++;
        return report({ domain });
      },
      {
        'a.com': report({
          domain: 'a.com',
          mail: { ...report().mail, provider: { id: 'zoho', name: 'Zoho' } },
        }),
      },
    );
    await service.add('a.com');
    await service.add('b.com');
    const list = await waitForChecks(service, 2);
    expect(list.domains.map((e) => e.lastReport?.provider?.name)).toEqual(['Zoho', 'Google Workspace']);
    expect(lookups).toBe(1);
  });

  it('checks imported names at once when no sweep is running', async () => {
    const { service } = setup();
    await service.import('a.com\nb.com\nc.com', 'list');
    expect((await waitForChecks(service, 3)).domains.every((e) => e.lastReport)).toBe(true);
  });

  it('asks for fresh answers on a re-check but lets a sweep reuse what is cached', async () => {
    const { service, rechecks } = setup();
    await service.import('a.com', 'list');
    await waitForChecks(service, 1);
    await service.recheck('a.com');
    expect(rechecks).toEqual([false, true]);
  });

  it('removes with an undo that restores the entry with its notes', async () => {
    const { service } = setup();
    await service.import('a.com b.com c.com', 'list');
    await service.setNotes('b.com', {
      owner: 'Ana',
      renewalContacts: [],
      registrarAccount: '',
      mailSupport: '',
      text: '',
    });
    const removed = await service.remove('b.com');
    expect((await service.read()).domains.map((e) => e.domain)).toEqual(['a.com', 'c.com']);
    expect(await service.restore(removed?.entry, removed?.index ?? 0)).toBe(true);
    const list = await service.read();
    expect(list.domains.map((e) => e.domain)).toEqual(['a.com', 'b.com', 'c.com']);
    expect(list.domains[1]?.notes.owner).toBe('Ana');
  });

  it('refuses a manual expiry that is not a calendar date', async () => {
    const { service } = setup();
    await service.add('x.pe');
    expect(await service.setManualExpiry('x.pe', '2027-02-30')).toBe(false);
    expect(await service.setManualExpiry('x.pe', '2027-02-28')).toBe(true);
  });

  it('exports an iCalendar file that parses', async () => {
    const { service } = setup();
    await service.add('x.pe');
    await service.setManualExpiry('x.pe', '2027-02-28');
    const file = await service.export('ics');
    expect(file.mime).toBe('text/calendar');
    expect(readIcs(file.text).ok).toBe(true);
  });

  it('queues nothing new while a sweep is unfinished', async () => {
    const { service, storage } = setup();
    await service.import('a.com', 'list');
    await service.checkAll();
    await service.add('b.com');
    await service.checkAll();
    const record = await readSweep(storage);
    expect(record.active === null || !record.active.remaining.includes('b.com')).toBe(true);
  });
});

async function waitForChecks(service: WatchlistService, count: number) {
  for (let i = 0; i < 200; i++) {
    const list = await service.read();
    if (list.domains.filter((e) => e.lastReport).length >= count) return list;
    await clock.advance(10);
  }
  throw new Error('domains were not checked');
}

describe('WatchlistService when storage refuses a write', () => {
  function failing() {
    const ctx = setup();
    const set = ctx.storage.set.bind(ctx.storage);
    let full = false;
    ctx.storage.set = async (key, value) => {
      if (full && key === 'watchlist') throw new Error('QUOTA_BYTES quota exceeded');
      return set(key, value);
    };
    return { ...ctx, fill: () => (full = true) };
  }

  it('never answers "saved" for notes it could not store', async () => {
    const { service, fill } = failing();
    await service.add('a.com');
    fill();
    const notes = { owner: 'Ana', renewalContacts: [], registrarAccount: '', mailSupport: '', text: '' };
    expect(await service.setNotes('a.com', notes)).toEqual({ ok: false, reason: 'not-saved' });
    expect((await service.read()).domains[0]?.notes.owner).toBe('');
  });

  it('says an import was not saved instead of counting what it added', async () => {
    const { service, fill } = failing();
    fill();
    expect(await service.import('a.com\nb.com', 'list')).toMatchObject({ added: 0, saved: false });
  });

  it('keeps every unsaved domain in the sweep queue', async () => {
    const { service, storage, fill } = failing();
    await service.import('a.com\nb.com\nc.com', 'list');
    await waitForChecks(service, 3);
    fill();
    await service.checkAll();
    let outcome = await clock.run(service.resume());
    while (outcome.status === 'busy') outcome = await clock.run(service.resume());
    const record = await readSweep(storage);
    expect(record.active?.remaining.sort()).toEqual(['a.com', 'b.com', 'c.com']);
  });
});

describe('WatchlistService notes', () => {
  it('refuses notes over a field’s limit, naming the field and the limit, and keeps the old ones', async () => {
    const { service } = setup();
    await service.add('a.com');
    const notes = {
      owner: 'x'.repeat(501),
      renewalContacts: [],
      registrarAccount: '',
      mailSupport: '',
      text: '',
    };
    expect(await service.setNotes('a.com', notes)).toEqual({
      ok: false,
      reason: 'too-long',
      field: 'owner',
      limit: 500,
    });
    expect((await service.read()).domains[0]?.notes.owner).toBe('');
  });
});
