import { describe, expect, it } from 'vitest';
import { memoryStorageArea } from '../shared/storage.ts';
import { isWatched, unwatchDomain, watchDomain } from './watch-store.ts';

describe('watch-store', () => {
  it('adds a domain once, with the schema the watchlist reads', async () => {
    const area = memoryStorageArea();
    await watchDomain(area, 'example.com', Date.parse('2026-11-26T00:00:00Z'));
    await watchDomain(area, 'example.com', Date.parse('2026-11-27T00:00:00Z'));
    expect(area.dump().watchlist).toEqual({
      version: 1,
      domains: [{ domain: 'example.com', addedAt: '2026-11-26T00:00:00.000Z' }],
    });
    expect(await isWatched(area, 'example.com')).toBe(true);
  });

  it('removes a domain and keeps the fields other modules added', async () => {
    const area = memoryStorageArea({
      watchlist: {
        version: 1,
        domains: [
          { domain: 'a.example', addedAt: 'x', manualExpiry: '2027-01-01' },
          { domain: 'b.example', addedAt: 'y' },
        ],
      },
    });
    await unwatchDomain(area, 'b.example');
    expect(area.dump().watchlist).toEqual({
      version: 1,
      domains: [{ domain: 'a.example', addedAt: 'x', manualExpiry: '2027-01-01' }],
    });
    expect(await isWatched(area, 'b.example')).toBe(false);
  });

  it('treats a corrupt watchlist as empty instead of throwing', async () => {
    const area = memoryStorageArea({ watchlist: { domains: 'nope' } });
    expect(await isWatched(area, 'a.example')).toBe(false);
    await watchDomain(area, 'a.example', 0);
    expect(await isWatched(area, 'a.example')).toBe(true);
  });
});
