import type { Translate } from '../core/i18n/translate.ts';
import type { Clock, DomainReport } from '../core/types.ts';
import type { WatchlistView } from '../shared/messages.ts';
import type { Settings } from '../shared/settings.ts';
import { applyFailure, applyReport } from '../watchlist/apply.ts';
import { exportIcs } from '../watchlist/ics.ts';
import type { AddResult, ImportSummary, NotesResult, SweepStatus } from '../watchlist/messages.ts';
import type { WatchEntry, Watchlist } from '../watchlist/model.ts';
import type { Notice } from '../watchlist/notify.ts';
import {
  addDomain,
  findEntry,
  removeDomain,
  restoreEntry,
  setManualExpiry,
  setNotes,
} from '../watchlist/ops.ts';
import { checkNotes, readEntry } from '../watchlist/schema.ts';
import { WatchlistStore } from '../watchlist/store.ts';
import {
  type CheckResult,
  type KeyValueStorage,
  queueSweep,
  readSweep,
  type SweepOutcome,
  SweepRunner,
} from '../watchlist/sweep.ts';
import {
  type DomainNormaliser,
  exportCsv,
  exportJson,
  type ImportFormat,
  mergeImport,
  parseImport,
} from '../watchlist/transfer.ts';

export interface WatchlistServiceDeps {
  storage: KeyValueStorage;
  now: Clock;
  sleep: (ms: number) => Promise<void>;
  /** This worker instance, for the sweep lease. */
  holder: string;
  settings: () => Promise<Settings>;
  /** `recheck`: the user asked for this domain now, so answers cached by TTL or for the day are not reused. */
  checkDomain: (domain: string, signal: AbortSignal, recheck?: boolean) => Promise<DomainReport>;
  normalise: DomainNormaliser;
  serverFor: (domain: string) => string | Promise<string>;
  notify: (notice: Notice) => Promise<void>;
  /** Called after every stored change (the badge follows the watchlist). */
  changed: (watchlist: Watchlist) => Promise<void>;
  t: Translate;
  formatDate: (iso: string) => string;
  /** A report the extension already has for the domain (the popup's), used as its first check. */
  cachedReport?: (domain: string) => Promise<DomainReport | null>;
}

/**
 * Everything the worker does for the watchlist, without browser APIs: the wiring
 * (watchlist-worker.ts, messaging.ts) feeds it messages and alarms and hands it storage, checks and
 * notifications. A change that could not be stored rejects (or answers "not saved"): nothing is
 * reported as saved that was not.
 */
export class WatchlistService {
  readonly store: WatchlistStore;
  private sweep: Promise<SweepOutcome> | null = null;

  constructor(private readonly deps: WatchlistServiceDeps) {
    this.store = new WatchlistStore(deps.storage, deps.now);
  }

  read(): Promise<Watchlist> {
    return this.store.read();
  }

  /** For the pages: the watchlist, and whether the stored one could not be read (never "empty" then). */
  async view(): Promise<WatchlistView> {
    const { watchlist, unreadable } = await this.store.readState();
    return unreadable ? { ...watchlist, unreadable } : watchlist;
  }

  private async edit<T>(change: (w: Watchlist) => { watchlist: Watchlist; result: T }): Promise<T> {
    let after: Watchlist | null = null;
    const result = await this.store.update((w) => {
      const out = change(w);
      after = out.watchlist;
      return out;
    });
    if (after) await this.deps.changed(after);
    return result;
  }

  async add(input: string): Promise<AddResult> {
    const parsed = this.deps.normalise(input);
    if (!parsed.ok) return parsed;
    const now = this.deps.now();
    const result = await this.edit((w) => {
      const existed = Boolean(findEntry(w, parsed.domain));
      return {
        watchlist: addDomain(w, parsed.domain, parsed.unicode, now),
        result: { ok: true as const, domain: parsed.domain, unicode: parsed.unicode, existed },
      };
    }).catch(() => null);
    if (!result) return { ok: false, reason: 'not-saved' };
    if (!result.existed) void this.firstCheck(parsed.domain).catch(() => undefined);
    return result;
  }

  /** A new domain is not left unchecked until the next scheduled sweep. */
  private async firstCheck(domain: string): Promise<void> {
    const cached = await this.deps.cachedReport?.(domain).catch(() => null);
    if (cached) await this.saveResult(domain, { report: cached });
    else await this.recheck(domain);
  }

  remove(domain: string): Promise<{ entry: WatchEntry; index: number } | null> {
    return this.edit((w) => {
      const out = removeDomain(w, domain);
      return { watchlist: out.watchlist, result: out.removed };
    });
  }

  /** Undo of a removal; the entry comes back from the page, so it is validated again. */
  restore(raw: unknown, index: number): Promise<boolean> {
    const entry = readEntry(raw, this.deps.now());
    if (typeof entry === 'string') return Promise.resolve(false);
    return this.edit((w) => ({ watchlist: restoreEntry(w, entry, index), result: true }));
  }

  async setNotes(domain: string, notes: unknown): Promise<NotesResult> {
    const checked = checkNotes(notes);
    if (!checked.ok) return { ok: false, reason: 'too-long', field: checked.field, limit: checked.limit };
    try {
      const found = await this.edit((w) => {
        const entry = findEntry(w, domain);
        return { watchlist: entry ? setNotes(w, domain, checked.notes) : w, result: Boolean(entry) };
      });
      return found ? { ok: true } : { ok: false, reason: 'not-watched' };
    } catch {
      return { ok: false, reason: 'not-saved' };
    }
  }

  setManualExpiry(domain: string, date: string | null): Promise<boolean> {
    return this.edit((w) => {
      const next = setManualExpiry(w, domain, date);
      return { watchlist: next, result: next !== w };
    });
  }

  async import(text: string, format: ImportFormat): Promise<ImportSummary> {
    const parsed = parseImport(text, format, this.deps.normalise, this.deps.now());
    let fresh: string[] = [];
    const summary = await this.edit((w) => {
      const merged = mergeImport(w, parsed.items);
      fresh = merged.watchlist.domains
        .filter((e) => !e.lastReport && !findEntry(w, e.domain))
        .map((e) => e.domain);
      return {
        watchlist: merged.watchlist,
        result: {
          added: merged.added,
          replaced: merged.replaced,
          alreadyWatched: merged.alreadyWatched,
          problems: parsed.problems,
          saved: true,
        },
      };
    }).catch(
      (): ImportSummary => ({
        added: 0,
        replaced: 0,
        alreadyWatched: [],
        problems: parsed.problems,
        saved: false,
      }),
    );
    if (!summary.saved) return summary;
    // New names get checked now when no sweep is running; otherwise the next sweep takes them.
    if (fresh.length > 0 && (await queueSweep(this.deps.storage, fresh, this.deps.now()))) void this.resume();
    return summary;
  }

  async export(format: 'json' | 'csv' | 'ics'): Promise<{ filename: string; mime: string; text: string }> {
    const watchlist = await this.read();
    const now = this.deps.now();
    const day = new Date(now).toISOString().slice(0, 10);
    const { t } = this.deps;
    if (format === 'json') {
      return {
        filename: `watchlist-${day}.json`,
        mime: 'application/json',
        text: exportJson(watchlist, now),
      };
    }
    if (format === 'csv')
      return { filename: `watchlist-${day}.csv`, mime: 'text/csv', text: exportCsv(watchlist, now) };
    const text = exportIcs(
      watchlist,
      {
        summary: (d) => t('ics_summary', [d]),
        description: (lines) => lines.join('\n'),
        reminder: (d, days) => t('ics_reminder', [d, String(days)]),
        enteredByYou: t('ics_entered_by_you'),
        registrar: (name) => t('ics_registrar', [name]),
        contact: (name, email, phone) => [name, email, phone].filter(Boolean).join(', '),
      },
      now,
    );
    return { filename: `domain-expiry-${day}.ics`, mime: 'text/calendar', text };
  }

  /** Folds one domain's result into the watchlist and raises its notifications. */
  saveResult(domain: string, result: CheckResult): Promise<void> {
    return this.saveResults([{ domain, result }]);
  }

  /** Folds a batch of results into the watchlist in one stored write, then raises their notifications. */
  async saveResults(batch: { domain: string; result: CheckResult }[]): Promise<void> {
    const settings = await this.deps.settings();
    const now = this.deps.now();
    const notices = await this.edit((w) => {
      const results = new Map(batch.map((b) => [b.domain, b.result]));
      const raised: Notice[] = [];
      // A domain removed while it was being checked has no entry and is simply skipped.
      const domains = w.domains.map((entry) => {
        const result = results.get(entry.domain);
        if (!result) return entry;
        if ('error' in result) return applyFailure(entry, result.error, now);
        const outcome = applyReport(entry, result.report, settings, now);
        raised.push(...outcome.notices);
        return outcome.entry;
      });
      return { watchlist: { ...w, domains }, result: raised };
    });
    for (const notice of notices) await this.deps.notify(notice);
  }

  /** "Check all now" and the scheduled alarm: queue every watched domain (or resume the unfinished sweep). */
  async checkAll(): Promise<SweepStatus> {
    const watchlist = await this.read();
    await queueSweep(
      this.deps.storage,
      watchlist.domains.map((e) => e.domain),
      this.deps.now(),
    );
    void this.resume();
    return this.status();
  }

  /** Runs or resumes the stored sweep; a second call while one runs in this worker is a no-op. */
  resume(): Promise<SweepOutcome> {
    if (this.sweep) return Promise.resolve({ status: 'busy' });
    this.sweep = this.runSweep().finally(() => {
      this.sweep = null;
    });
    return this.sweep;
  }

  private async runSweep(): Promise<SweepOutcome> {
    const settings = await this.deps.settings();
    const total = (await readSweep(this.deps.storage)).active?.total ?? 0;
    const runner = new SweepRunner({
      // Every save rewrites the whole stored watchlist: a sweep saves about 20 times whatever its
      // size (results still reach storage at least every few seconds), so its cost stays linear.
      batchSize: Math.max(20, Math.ceil(total / 20)),
      storage: this.deps.storage,
      check: (domain, signal) => this.deps.checkDomain(domain, signal, false),
      onResults: (batch) => this.saveResults(batch),
      serverFor: this.deps.serverFor,
      now: this.deps.now,
      sleep: this.deps.sleep,
      holder: this.deps.holder,
      pacingMs: settings.rdapPacingMs,
      // The report's own requests time out at timeoutMs; the domain as a whole gets a few of those.
      timeoutMs: settings.timeoutMs * 3,
    });
    return runner.run();
  }

  async recheck(domain: string): Promise<{ ok: boolean; error?: string }> {
    const watchlist = await this.read();
    if (!findEntry(watchlist, domain)) return { ok: false, error: 'not-watched' };
    const settings = await this.deps.settings();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), settings.timeoutMs * 3);
    try {
      const report = await this.deps.checkDomain(domain, controller.signal, true);
      await this.saveResult(domain, { report });
      return { ok: true };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.saveResult(domain, { error: message });
      return { ok: false, error: message };
    } finally {
      clearTimeout(timer);
    }
  }

  async status(): Promise<SweepStatus> {
    const record = await readSweep(this.deps.storage);
    return {
      running: Boolean(record.active && record.active.remaining.length > 0),
      total: record.active?.total ?? record.last?.total ?? 0,
      remaining: record.active?.remaining.length ?? 0,
      lastFinishedAt: record.last?.finishedAt ?? null,
    };
  }
}
