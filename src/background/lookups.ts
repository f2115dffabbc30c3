import type { ReportPart } from '../core/report.ts';
import type { DomainReport } from '../core/types.ts';
import type { NotPublicReason } from '../shared/messages.ts';
import type { Settings } from '../shared/settings.ts';
import { isPrivateUse, type LookupUse } from './clients.ts';
import type { ReportOutcome } from './lookup.ts';
import type { ReportCache } from './report-cache.ts';

export type LookupResult =
  | { kind: 'report'; report: DomainReport; fromCache: boolean }
  | { kind: 'not-public'; input: string; reason: NotPublicReason }
  | { kind: 'failed'; domain: string; message: string };

export interface LookupsDeps {
  cache: ReportCache;
  settings(): Promise<Settings>;
  /** `use`: see {@link LookupUse} (a re-check asks everything again; a private one writes nothing). */
  build(
    domain: string,
    settings: Settings,
    use: LookupUse,
    onPart: (part: ReportPart) => void,
  ): Promise<ReportOutcome>;
  /** Told when a running lookup has a report in part (DNS and mail before the registry answered). */
  onPart?(domain: string): void;
  /** Told of every new report, e.g. to repaint the badge of the tabs showing that domain. */
  onReport?(report: DomainReport): void;
}

/**
 * Reports for registrable domains: from the cache while fresh, otherwise one lookup per domain at a
 * time (two tabs of the same site, or the popup opening while the tab's lookup runs, share it).
 */
export class Lookups {
  private readonly inflight = new Map<string, Promise<LookupResult>>();
  /** The report so far of a lookup still running, so a popup can show it before the registry answers. */
  private readonly parts = new Map<string, ReportPart>();

  constructor(private readonly deps: LookupsDeps) {}

  async report(
    domain: string,
    options: { refresh?: boolean; private?: boolean } = {},
  ): Promise<LookupResult> {
    if (!options.refresh) {
      const cached = await this.deps.cache.get(domain);
      if (cached?.fresh) return { kind: 'report', report: cached.report, fromCache: true };
    }
    const use: LookupUse = options.private
      ? options.refresh
        ? 'private-recheck'
        : 'private'
      : options.refresh
        ? 'recheck'
        : 'normal';
    return this.fresh(domain, use);
  }

  /** A lookup (shared with one already running for the same domain), stored in the cache unless private. */
  fresh(domain: string, use: LookupUse = 'normal'): Promise<LookupResult> {
    const key = isPrivateUse(use) ? `private ${domain}` : domain;
    const running = this.inflight.get(key);
    if (running) return running;
    const lookup = this.run(domain, use, key).finally(() => {
      this.inflight.delete(key);
      this.parts.delete(key);
    });
    this.inflight.set(key, lookup);
    return lookup;
  }

  /** The report so far of a running lookup for `domain` (private ones too, for the tab that asked). */
  partOf(domain: string, options: { private?: boolean } = {}): ReportPart | null {
    return this.parts.get(options.private ? `private ${domain}` : domain) ?? null;
  }

  isRunning(domain: string): boolean {
    return this.inflight.has(domain) || this.inflight.has(`private ${domain}`);
  }

  private async run(domain: string, use: LookupUse, key: string): Promise<LookupResult> {
    try {
      const outcome = await this.deps.build(domain, await this.deps.settings(), use, (part) => {
        // Kept in memory only (never stored): it lives exactly as long as the lookup.
        this.parts.set(key, part);
        this.deps.onPart?.(domain);
      });
      if (!outcome.ok) return { kind: 'not-public', input: outcome.input, reason: outcome.reason };
      // An incognito tab's report lives only in the answer (nothing about it reaches the disk).
      if (!isPrivateUse(use)) {
        await this.deps.cache.put(outcome.report);
        this.deps.onReport?.(outcome.report);
      }
      return { kind: 'report', report: outcome.report, fromCache: false };
    } catch (error) {
      // The core reports lookup problems inside the report; a throw here is a bug, still shown, never a spinner.
      return { kind: 'failed', domain, message: error instanceof Error ? error.message : String(error) };
    }
  }
}
