import { describe, expect, it } from 'vitest';
import { memoryStorageArea } from '../shared/storage.ts';
import { TabStates } from './tab-state.ts';

describe('TabStates', () => {
  it('finds the tabs showing a domain, across a worker restart', async () => {
    const area = memoryStorageArea();
    const tabs = new TabStates(area);
    await Promise.all([
      tabs.set(1, { domain: 'a.com' }),
      tabs.set(2, { domain: 'b.com' }),
      tabs.set(3, { domain: 'a.com' }),
    ]);
    await tabs.set(3, null);
    expect(await new TabStates(area).tabsShowing('a.com')).toEqual([1]);
    expect(await new TabStates(area).get(2)).toEqual({ domain: 'b.com' });
  });

  it('reads one key, not the whole area (which also holds the DNS cache)', async () => {
    const area = memoryStorageArea();
    const tabs = new TabStates(area);
    await tabs.set(1, { domain: 'a.com' });
    const reads: unknown[] = [];
    const get = area.get.bind(area);
    area.get = async (keys) => {
      reads.push(keys);
      return get(keys);
    };
    await tabs.tabsShowing('a.com');
    expect(reads).not.toContain(null);
  });
});
