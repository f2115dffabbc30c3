import type { Clock, DomainReport } from '../core/types.ts';

/** chrome.storage.local (or a Map in tests), reduced to what the sweep needs. */
export interface KeyValueStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export const SWEEP_STORAGE_KEY = 'watchlistSweep';

export interface ActiveSweep {
  id: string;
  startedAt: string;
  total: number;
  /** Domains not yet finished, in order. In-flight ones stay here until their result is saved. */
  remaining: string[];
  /** Rate-limited retries per domain. */
  attempts: Record<string, number>;
  /** Held by the worker instance running the sweep; a lapsed lease can be taken over. */
  lease: { holder: string; until: number } | null;
}

export interface SweepRecord {
  active: ActiveSweep | null;
  last: { id: string; startedAt: string; finishedAt: string; total: number } | null;
}

export type CheckResult = { report: DomainReport } | { error: string };

export interface SweepDeps {
  storage: KeyValueStorage;
  check: (domain: string, signal: AbortSignal) => Promise<DomainReport>;
  /**
   * Saves a batch of results. The stored queue drops those domains only after it resolves, so a kill
   * loses nothing (a domain whose result was not saved yet is checked again). Batches keep the cost
   * of a sweep linear: every save rewrites the stored watchlist, so saving per domain would not be.
   */
  onResults: (batch: { domain: string; result: CheckResult }[]) => Promise<void>;
  /** Which RDAP server a domain's registration comes from (pacing is per server); asked once per domain and run. */
  serverFor: (domain: string) => string | Promise<string>;
  now: Clock;
  sleep: (ms: number) => Promise<void>;
  /** Identifies this worker instance (a new one after every restart). */
  holder: string;
  /** settings.rdapPacingMs: minimum gap between two checks against one RDAP server; 0 = off. */
  pacingMs: number;
  /** A domain that takes longer is given up for this sweep so it never holds the rest. */
  timeoutMs: number;
  concurrency?: number;
  leaseMs?: number;
  maxAttempts?: number;
  /** Results saved together (default 20), and at least every flushMs (default 5000) while checks finish. */
  batchSize?: number;
  flushMs?: number;
  /** How long to back off when the report says the RDAP server rate-limited us, or null. */
  rateLimitedFor?: (report: DomainReport) => number | null;
}

export type SweepOutcome =
  | { status: 'done'; checked: number }
  | { status: 'busy' }
  | { status: 'idle' }
  /** Results could not be stored (storage full): the sweep stopped, its queue still holds them. */
  | { status: 'unsaved'; checked: number };

const DEFAULT_BACKOFF_MS = 30_000;
/** A server asking for more than this is not waited for in this sweep (the domain is retried next time). */
const MAX_BACKOFF_MS = 15 * 60_000;

/**
 * How long the RDAP server asked us to wait, from the report's machine-readable error
 * (`code: 'rate-limited'`, `retryAfterMs` from Retry-After, docs/report.md contract in docs/report.md),
 * or null when it did not rate-limit us. Never read from the English message.
 */
export function rdapRateLimit(report: DomainReport): number | null {
  const error = report.errors.find((e) => e.source === 'rdap' && e.code === 'rate-limited');
  if (!error) return null;
  const wait = error.retryAfterMs;
  return typeof wait === 'number' && Number.isFinite(wait) && wait >= 0
    ? Math.min(wait, MAX_BACKOFF_MS)
    : DEFAULT_BACKOFF_MS;
}

export async function readSweep(storage: KeyValueStorage): Promise<SweepRecord> {
  const raw = (await storage.get(SWEEP_STORAGE_KEY)) as Partial<SweepRecord> | undefined;
  const active = raw?.active;
  const valid =
    active &&
    typeof active.id === 'string' &&
    Array.isArray(active.remaining) &&
    active.remaining.every((d) => typeof d === 'string');
  return {
    active: valid
      ? {
          ...active,
          attempts: typeof active.attempts === 'object' && active.attempts ? active.attempts : {},
          lease: active.lease ?? null,
        }
      : null,
    last: raw?.last ?? null,
  };
}

/**
 * Queues a sweep over `domains` unless one is still unfinished (that one is resumed instead).
 * Returns whether a new sweep was queued.
 */
export async function queueSweep(storage: KeyValueStorage, domains: string[], now: number): Promise<boolean> {
  const record = await readSweep(storage);
  if (record.active && record.active.remaining.length > 0) return false;
  const unique = [...new Set(domains)];
  record.active = {
    id: `${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    startedAt: new Date(now).toISOString(),
    total: unique.length,
    remaining: unique,
    attempts: {},
    lease: null,
  };
  await storage.set(SWEEP_STORAGE_KEY, record);
  return true;
}

/**
 * Runs the stored sweep to its end as a resumable state machine: the queue lives in storage and
 * shrinks as each result is saved, so a worker killed mid-sweep resumes where it stopped (a domain
 * that was in flight is simply checked again). A lease keeps two sweeps from running at once;
 * checks run with bounded concurrency, each with a timeout, paced per RDAP server.
 */
export class SweepRunner {
  private running: Promise<SweepOutcome> | null = null;

  constructor(private readonly deps: SweepDeps) {}

  /** Runs (or resumes) the stored sweep; a second call while one runs gets 'busy'. */
  run(): Promise<SweepOutcome> {
    if (this.running) return Promise.resolve({ status: 'busy' });
    this.running = this.runOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  get isRunning(): boolean {
    return this.running !== null;
  }

  private get leaseMs(): number {
    return this.deps.leaseMs ?? Math.max(30_000, this.deps.timeoutMs * 2);
  }

  private async runOnce(): Promise<SweepOutcome> {
    const { deps } = this;
    const record = await readSweep(deps.storage);
    const active = record.active;
    if (!active) return { status: 'idle' };
    if (active.lease && active.lease.holder !== deps.holder && active.lease.until > deps.now()) {
      return { status: 'busy' };
    }
    active.lease = { holder: deps.holder, until: deps.now() + this.leaseMs };
    await deps.storage.set(SWEEP_STORAGE_KEY, record);
    const confirm = await readSweep(deps.storage);
    if (confirm.active?.lease?.holder !== deps.holder) return { status: 'busy' };
    return this.process(record, active);
  }

  private async process(record: SweepRecord, active: ActiveSweep): Promise<SweepOutcome> {
    const { deps } = this;
    const concurrency = Math.max(1, deps.concurrency ?? 4);
    const maxAttempts = deps.maxAttempts ?? 3;
    const rateLimited = deps.rateLimitedFor ?? rdapRateLimit;
    const pending = [...active.remaining];
    // Server keys up front, so the scheduler can pick the next domain whose server is free without waiting.
    const servers = new Map<string, string>();
    await Promise.all(
      pending.map(async (domain) => {
        servers.set(domain, await (async () => deps.serverFor(domain))().catch(() => tldOf(domain)));
      }),
    );
    const serverOf = (domain: string) => servers.get(domain) ?? tldOf(domain);
    const inFlight = new Map<string, Promise<void>>();
    const serverFree = new Map<string, number>();
    let checked = 0;
    let lost = false;
    let unsaved = false;

    const batchSize = Math.max(1, deps.batchSize ?? 20);
    const flushMs = deps.flushMs ?? 5000;
    const done: { domain: string; result: CheckResult }[] = [];
    let lastFlush = deps.now();

    // Writes are chained so that the stored queue always reflects saved results in order.
    let writes: Promise<void> = Promise.resolve();
    const save = (force = false) => {
      writes = writes.then(async () => {
        const stored = await readSweep(deps.storage);
        if (stored.active?.id === active.id && stored.active.lease?.holder !== deps.holder) {
          lost = true; // our lease lapsed and another runner took over: stop quietly
          return;
        }
        const now = deps.now();
        const flush = done.length > 0 && (force || done.length >= batchSize || now - lastFlush >= flushMs);
        if (flush) {
          const batch = done.splice(0);
          try {
            await deps.onResults(batch);
          } catch {
            // Not saved (storage full even after the caches gave way): those domains stay queued and
            // the sweep stops; the resume alarm tries again later. Nothing is dropped.
            unsaved = true;
            return;
          }
          const finished = new Set(batch.map((b) => b.domain));
          active.remaining = active.remaining.filter((d) => !finished.has(d));
          for (const domain of finished) delete active.attempts[domain];
          checked += batch.length;
          lastFlush = deps.now();
        }
        const renewDue = !active.lease || active.lease.until - now < (this.leaseMs * 2) / 3;
        if (!flush && !force && !renewDue) return;
        active.lease = { holder: deps.holder, until: deps.now() + this.leaseMs };
        await deps.storage.set(SWEEP_STORAGE_KEY, record);
      });
      return writes;
    };

    const runOne = async (domain: string) => {
      const result = await this.checkWithTimeout(domain);
      if ('report' in result) {
        const backoff = rateLimited(result.report);
        const attempts = active.attempts[domain] ?? 0;
        if (backoff !== null && attempts + 1 < maxAttempts) {
          const server = serverOf(domain);
          serverFree.set(server, Math.max(serverFree.get(server) ?? 0, deps.now() + backoff));
          active.attempts[domain] = attempts + 1;
          pending.push(domain);
          await save(true);
          return;
        }
      }
      done.push({ domain, result });
      await save();
    };

    while (!lost && !unsaved) {
      while (inFlight.size < concurrency) {
        const now = deps.now();
        const index = pending.findIndex((d) => !inFlight.has(d) && (serverFree.get(serverOf(d)) ?? 0) <= now);
        if (index < 0) break;
        const [domain] = pending.splice(index, 1) as [string];
        if (deps.pacingMs > 0) serverFree.set(serverOf(domain), now + deps.pacingMs);
        const task = runOne(domain)
          .catch(() => undefined)
          .finally(() => inFlight.delete(domain));
        inFlight.set(domain, task);
      }
      if (inFlight.size === 0 && pending.length === 0) break;
      // Wake for the next free pacing slot, or at least every third of the lease to renew it
      // (a live worker keeps its lease through long checks; a killed one stops renewing).
      let wait = this.leaseMs / 3;
      if (inFlight.size < concurrency) {
        const nextFree = Math.min(...pending.map((d) => serverFree.get(serverOf(d)) ?? 0));
        wait = Math.min(wait, Math.max(1, nextFree - deps.now()));
      }
      const waits: Promise<unknown>[] = [...inFlight.values(), deps.sleep(wait).then(() => save())];
      await Promise.race(waits);
    }
    await Promise.all(inFlight.values());
    if (!lost && !unsaved) await save(true);
    await writes;
    if (lost) return { status: 'busy' };
    if (unsaved) {
      // The lease is released so a later resume (this worker or the next) can start at once.
      active.lease = null;
      await deps.storage.set(SWEEP_STORAGE_KEY, record).catch(() => undefined);
      return { status: 'unsaved', checked };
    }

    record.last = {
      id: active.id,
      startedAt: active.startedAt,
      finishedAt: new Date(deps.now()).toISOString(),
      total: active.total,
    };
    record.active = null;
    await deps.storage.set(SWEEP_STORAGE_KEY, record);
    return { status: 'done', checked };
  }

  private async checkWithTimeout(domain: string): Promise<CheckResult> {
    const { deps } = this;
    const controller = new AbortController();
    let timedOut = false;
    const timeout = deps.sleep(deps.timeoutMs).then((): CheckResult => {
      timedOut = true;
      controller.abort();
      return { error: `timed out after ${deps.timeoutMs} ms` };
    });
    const check = deps.check(domain, controller.signal).then(
      (report): CheckResult => ({ report }),
      (error: unknown): CheckResult => ({ error: error instanceof Error ? error.message : String(error) }),
    );
    const result = await Promise.race([check, timeout]);
    return timedOut ? { error: `timed out after ${deps.timeoutMs} ms` } : result;
  }
}

function tldOf(domain: string): string {
  return domain.slice(domain.lastIndexOf('.') + 1);
}
