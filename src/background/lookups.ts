import type { DomainReport } from '../core/types.ts';
import type { NotPublicReason } from '../shared/messages.ts';
import type { Settings } from '../shared/settings.ts';
import type { ReportOutcome } from './lookup.ts';
import type { ReportCache } from './report-cache.ts';

export type LookupResult =
  | { kind: 'report'; report: DomainReport; fromCache: boolean }
  | { kind: 'not-public'; input: string; reason: NotPublicReason }
  | { kind: 'failed'; domain: string; message: string };

export interface LookupsDeps {
  cache: ReportCache;
  settings(): Promise<Settings>;
  /** `recheck`: the user asked again, so answers cached by TTL or for the day must not be reused. */
  build(domain: string, settings: Settings, recheck: boolean): Promise<ReportOutcome>;
  /** Told of every new report, e.g. to repaint the badge of the tabs showing that domain. */
  onReport?(report: DomainReport): void;
}

/**
 * Reports for registrable domains: from the cache while fresh, otherwise one lookup per domain at a
 * time (two tabs of the same site, or the popup opening while the tab's lookup runs, share it).
 */
export class Lookups {
  private readonly inflight = new Map<string, Promise<LookupResult>>();

  constructor(private readonly deps: LookupsDeps) {}

  async report(domain: string, options: { refresh?: boolean } = {}): Promise<LookupResult> {
    if (!options.refresh) {
      const cached = await this.deps.cache.get(domain);
      if (cached?.fresh) return { kind: 'report', report: cached.report, fromCache: true };
    }
    return this.fresh(domain, options.refresh === true);
  }

  /** A lookup (shared with one already running for the same domain), stored in the cache. */
  fresh(domain: string, recheck = false): Promise<LookupResult> {
    const running = this.inflight.get(domain);
    if (running) return running;
    const lookup = this.run(domain, recheck).finally(() => this.inflight.delete(domain));
    this.inflight.set(domain, lookup);
    return lookup;
  }

  isRunning(domain: string): boolean {
    return this.inflight.has(domain);
  }

  private async run(domain: string, recheck: boolean): Promise<LookupResult> {
    try {
      const outcome = await this.deps.build(domain, await this.deps.settings(), recheck);
      if (!outcome.ok) return { kind: 'not-public', input: outcome.input, reason: outcome.reason };
      await this.deps.cache.put(outcome.report);
      this.deps.onReport?.(outcome.report);
      return { kind: 'report', report: outcome.report, fromCache: false };
    } catch (error) {
      // The core reports lookup problems inside the report; a throw here is a bug, still shown, never a spinner.
      return { kind: 'failed', domain, message: error instanceof Error ? error.message : String(error) };
    }
  }
}
