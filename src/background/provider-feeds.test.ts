import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StatusServer, startStatusServer } from '../../test/helpers/status-server.ts';
import type { StatusFeedEntry } from '../core/status/provider-status.ts';
import { memoryStorageArea } from '../shared/storage.ts';
import { FEED_CACHE_MS, ProviderFeeds } from './provider-feeds.ts';

let server: StatusServer;
beforeAll(async () => {
  server = await startStatusServer();
});
afterAll(() => server.stop());

const entry = (): StatusFeedEntry => ({
  format: 'statuspage',
  url: `${server.url}/feeds/statuspage-summary-cloudflare-minor-pops.json`,
  mail: ['Email Routing'],
});

describe('provider feeds in the worker', () => {
  it('one request per provider however many domains ask at once, then none while the answer is fresh', async () => {
    let now = Date.parse('2026-07-30T18:00:00Z');
    const feeds = new ProviderFeeds({ area: memoryStorageArea(), fetch, now: () => now });
    const before = server.requests().length;
    const results = await Promise.all(
      Array.from({ length: 5 }, () => feeds.read('cloudflare-email-routing', entry(), 3000)),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(server.requests().length - before).toBe(1);
    now += FEED_CACHE_MS - 1;
    await feeds.read('cloudflare-email-routing', entry(), 3000);
    expect(server.requests().length - before).toBe(1);
    now += 2;
    await feeds.read('cloudflare-email-routing', entry(), 3000);
    expect(server.requests().length - before).toBe(2);
  });

  it('the cache outlives the worker (a new instance over the same session storage asks nothing)', async () => {
    const area = memoryStorageArea();
    const now = () => Date.parse('2026-07-30T18:00:00Z');
    await new ProviderFeeds({ area, fetch, now }).read('cloudflare-email-routing', entry(), 3000);
    const before = server.requests().length;
    await new ProviderFeeds({ area, fetch, now }).read('cloudflare-email-routing', entry(), 3000);
    expect(server.requests().length).toBe(before);
  });
});
