import { describe, expect, it } from 'vitest';
import { PACKED_ENCODING } from './codec.ts';
import { HISTORY_LIMIT, newEntry, WATCHLIST_VERSION } from './model.ts';
import { loadWatchlist, readEntry } from './schema.ts';
import { WatchlistStore } from './store.ts';
import { summarizeReport } from './summary.ts';
import { MemoryStorage, registration, report } from './test-helpers.ts';

const NOW = Date.parse('2026-11-26T12:00:00Z');

describe('loadWatchlist', () => {
  it('starts empty when nothing is stored', () => {
    expect(loadWatchlist(undefined, NOW).watchlist).toEqual({ version: WATCHLIST_VERSION, domains: [] });
  });

  it('migrates the version-0 shape (a bare array of names) into entries', () => {
    const { watchlist } = loadWatchlist(['example.com', { domain: 'example.org' }], NOW);
    expect(watchlist.version).toBe(WATCHLIST_VERSION);
    expect(watchlist.domains.map((e) => e.domain)).toEqual(['example.com', 'example.org']);
    expect(watchlist.domains[0]?.addedAt).toBe('2026-11-26T12:00:00.000Z');
  });

  it('fills in the fields of an entry the popup stored with only its name and date', () => {
    const { watchlist } = loadWatchlist(
      { version: 1, domains: [{ domain: 'example.com', addedAt: '2026-11-01T00:00:00.000Z' }] },
      NOW,
    );
    expect(watchlist.domains).toEqual([
      { ...newEntry('example.com', 'example.com', Date.parse('2026-11-01T00:00:00Z')) },
    ]);
  });

  it('keeps the current shape unchanged', () => {
    const entry = { ...newEntry('example.com', 'example.com', NOW), manualExpiry: '2027-03-01' };
    const stored = { version: WATCHLIST_VERSION, domains: [entry] };
    expect(loadWatchlist(structuredClone(stored), NOW).watchlist).toEqual(stored);
  });

  it('drops an entry without a valid domain and says why', () => {
    const { watchlist, dropped } = loadWatchlist(
      { version: 1, domains: [{ domain: 'not a domain' }, 42] },
      NOW,
    );
    expect(watchlist.domains).toEqual([]);
    expect(dropped).toEqual([
      { index: 0, reason: 'invalid-domain' },
      { index: 1, reason: 'invalid-entry' },
    ]);
  });

  it('drops a second entry for the same domain', () => {
    const { watchlist, dropped } = loadWatchlist(
      { version: 1, domains: ['example.com', 'EXAMPLE.com'] },
      NOW,
    );
    expect(watchlist.domains).toHaveLength(1);
    expect(dropped).toEqual([{ index: 1, reason: 'duplicate' }]);
  });
});

describe('readEntry', () => {
  it('replaces a damaged field by its default and keeps the rest', () => {
    const entry = readEntry(
      { domain: 'example.com', manualExpiry: '2027-02-31', notes: { owner: 'Ana', renewalContacts: 'x' } },
      NOW,
    );
    expect(entry).toMatchObject({ domain: 'example.com', manualExpiry: null, notes: { owner: 'Ana' } });
  });

  it('keeps the valid contacts of a list that holds a bad one', () => {
    const entry = readEntry(
      {
        domain: 'example.com',
        notes: { renewalContacts: [{ name: 'Ana', email: 'a@x.es', phone: '1' }, { name: 3 }] },
      },
      NOW,
    );
    expect(typeof entry !== 'string' && entry.notes.renewalContacts).toEqual([
      { name: 'Ana', email: 'a@x.es', phone: '1' },
    ]);
  });

  it('bounds the history', () => {
    const history = Array.from({ length: HISTORY_LIMIT + 5 }, () => ({
      at: '2026-11-01T00:00:00Z',
      kind: 'mx',
      before: 'a',
      after: 'b',
    }));
    const entry = readEntry({ domain: 'example.com', history }, NOW);
    expect(typeof entry !== 'string' && entry.history).toHaveLength(HISTORY_LIMIT);
  });
});

describe('nothing stored is lost by reading it', () => {
  const NOW2 = Date.parse('2026-11-26T12:00:00Z');

  it('takes the display name from the domain, never from an imported `unicode`', () => {
    const entry = readEntry({ domain: 'evil-login.com', unicode: 'paypal.com' }, NOW2);
    expect(typeof entry === 'object' && entry.unicode).toBe('evil-login.com');
    const idn = readEntry({ domain: 'xn--bcher-kva.example', unicode: 'paypal.com' }, NOW2);
    expect(typeof idn === 'object' && idn.unicode).toBe('bücher.example');
  });

  it('shortens a 301-character registrar name with a visible mark instead of dropping the last check', () => {
    const summary = summarizeReport(
      report({
        registration: registration({
          registrar: {
            ...(registration().registrar as NonNullable<ReturnType<typeof registration>['registrar']>),
            name: 'R'.repeat(301),
          },
        }),
      }),
    );
    expect(summary.registrar).toBe(`${'R'.repeat(299)}…`);
    const entry = readEntry(
      { domain: 'a.com', lastReport: { ...summary, registrar: 'R'.repeat(301) } },
      NOW2,
    );
    expect(typeof entry === 'object' && entry.lastReport?.registrar).toBe(`${'R'.repeat(299)}…`);
  });

  it('keeps fields and change kinds of a newer version as they are', () => {
    const entry = readEntry(
      {
        domain: 'a.com',
        futureField: { x: 1 },
        history: [{ at: '2026-11-01T00:00:00Z', kind: 'dnssec-rollover', before: 'a', after: 'b' }],
      },
      NOW2,
    );
    expect(entry).toMatchObject({
      futureField: { x: 1 },
      history: [{ kind: 'dnssec-rollover', before: 'a', after: 'b' }],
    });
  });

  it('never overwrites a watchlist of a newer version, and keeps unreadable entries when writing', async () => {
    const storage = new MemoryStorage();
    const newer = { version: 99, domains: [{ domain: 'a.com', shape: 'new' }], extra: true };
    await storage.set('watchlist', newer);
    const store = new WatchlistStore(storage, () => NOW2);
    await expect(store.update((w) => ({ watchlist: { ...w, domains: [] }, result: null }))).rejects.toThrow(
      /newer version/,
    );
    expect(await storage.get('watchlist')).toEqual(newer);

    await storage.set('watchlist', {
      version: 1,
      domains: [{ domain: 'a.com' }, { domain: '%%%' }],
      note: 1,
    });
    const current = new WatchlistStore(storage, () => NOW2);
    await current.update((w) => ({ watchlist: { ...w, domains: [...w.domains] }, result: null }));
    expect(await storage.get('watchlist')).toMatchObject({
      note: 1,
      domains: [{ domain: 'a.com' }, { domain: '%%%' }],
    });
  });

  it('shortens over-long imported notes with a mark instead of dropping them', () => {
    const entry = readEntry({ domain: 'a.com', notes: { owner: 'o'.repeat(600) } }, NOW2);
    expect(typeof entry === 'object' && entry.notes.owner).toBe(`${'o'.repeat(499)}…`);
  });
});

describe('a stored layout this version cannot read', () => {
  it('is kept as it is, never overwritten', async () => {
    const storage = new MemoryStorage();
    const future = { version: 2, encoding: 'zstd', data: 'AAAA' };
    await storage.set('watchlist', future);
    const store = new WatchlistStore(storage, () => NOW);
    expect((await store.read()).domains).toEqual([]);
    await expect(store.update((w) => ({ watchlist: { ...w, domains: [] }, result: null }))).rejects.toThrow();
    expect(await storage.get('watchlist')).toEqual(future);
  });

  it('is said to be unreadable, and why, so that no page shows it as an empty watchlist', async () => {
    const storage = new MemoryStorage();
    await storage.set('watchlist', { version: 2, encoding: 'zstd', data: 'AAAA' });
    expect((await new WatchlistStore(storage, () => NOW).readState()).unreadable).toBe('newer');
    await storage.set('watchlist', { version: 2, encoding: PACKED_ENCODING, data: 'not base64 deflate!' });
    expect((await new WatchlistStore(storage, () => NOW).readState()).unreadable).toBe('damaged');
    await storage.set('watchlist', { version: WATCHLIST_VERSION, domains: [] });
    expect((await new WatchlistStore(storage, () => NOW).readState()).unreadable).toBeNull();
  });
});

describe('the store and storage change events', () => {
  const add = (domain: string) => (w: { version: number; domains: ReturnType<typeof newEntry>[] }) => ({
    watchlist: { ...w, domains: [...w.domains, newEntry(domain, domain, NOW)] },
    result: null,
  });

  it('knows its own writes by their value, so a write that sent no event hides no other change', async () => {
    const storage = new MemoryStorage();
    const store = new WatchlistStore(storage, () => NOW);
    await store.update(add('a.com'));
    // Chromium sends no event when the value written equals the stored one: say this one was such.
    await store.update((w) => ({ watchlist: { ...w, domains: [...w.domains] }, result: null }));
    const own = await storage.get('watchlist');
    expect(store.storedChanged(own)).toBe(false);
    // Someone else's change comes next: it must reach the store, not be taken for the missing event.
    const theirs = { version: WATCHLIST_VERSION, domains: [{ domain: 'b.com' }] };
    await storage.set('watchlist', theirs);
    expect(store.storedChanged(theirs)).toBe(true);
    expect((await store.read()).domains.map((entry) => entry.domain)).toEqual(['b.com']);
  });
});
