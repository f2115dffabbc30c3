import type { StorageArea } from '../shared/storage.ts';

/**
 * Which registrable domain each tab shows, in storage.session: the worker can be stopped between a
 * navigation and the end of its lookup, and must still know which tabs to repaint. All tabs live
 * under one key, so finding the tabs of a domain reads one small value, not the whole area (which
 * also holds the DNS cache).
 */
const KEY = 'tabDomains';

export interface TabState {
  domain: string;
}

export class TabStates {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly area: StorageArea) {}

  private async all(): Promise<Record<string, string>> {
    const stored = (await this.area.get(KEY))[KEY];
    if (typeof stored !== 'object' || stored === null) return {};
    return Object.fromEntries(
      Object.entries(stored as Record<string, unknown>).filter(
        (e): e is [string, string] => typeof e[1] === 'string',
      ),
    );
  }

  /** Changes run one after the other (navigation events of several tabs arrive together). */
  set(tabId: number, state: TabState | null): Promise<void> {
    const run = this.queue
      .catch(() => undefined)
      .then(async () => {
        const tabs = await this.all();
        if (state === null) {
          if (!(String(tabId) in tabs)) return;
          delete tabs[String(tabId)];
        } else {
          if (tabs[String(tabId)] === state.domain) return;
          tabs[String(tabId)] = state.domain;
        }
        await this.area.set({ [KEY]: tabs });
      });
    this.queue = run;
    return run;
  }

  async get(tabId: number): Promise<TabState | null> {
    await this.queue.catch(() => undefined);
    const domain = (await this.all())[String(tabId)];
    return domain === undefined ? null : { domain };
  }

  async tabsShowing(domain: string): Promise<number[]> {
    await this.queue.catch(() => undefined);
    return Object.entries(await this.all())
      .filter(([, shown]) => shown === domain)
      .map(([id]) => Number(id))
      .filter(Number.isInteger);
  }
}
