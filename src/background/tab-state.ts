import type { StorageArea } from '../shared/storage.ts';

/**
 * Which registrable domain each tab shows, in storage.session: the worker can be stopped between a
 * navigation and the end of its lookup, and must still know which tabs to repaint.
 */
const PREFIX = 'tab:';

export interface TabState {
  domain: string;
}

export class TabStates {
  constructor(private readonly area: StorageArea) {}

  async set(tabId: number, state: TabState | null): Promise<void> {
    if (state === null) await this.area.remove(PREFIX + tabId);
    else await this.area.set({ [PREFIX + tabId]: state });
  }

  async get(tabId: number): Promise<TabState | null> {
    const value = (await this.area.get(PREFIX + tabId))[PREFIX + tabId];
    return isTabState(value) ? value : null;
  }

  async tabsShowing(domain: string): Promise<number[]> {
    const all = await this.area.get(null);
    return Object.entries(all)
      .filter(([key, value]) => key.startsWith(PREFIX) && isTabState(value) && value.domain === domain)
      .map(([key]) => Number(key.slice(PREFIX.length)))
      .filter(Number.isInteger);
  }
}

function isTabState(value: unknown): value is TabState {
  return typeof value === 'object' && value !== null && typeof (value as TabState).domain === 'string';
}
