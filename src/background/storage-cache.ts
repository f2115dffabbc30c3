import type { StorageArea } from '../shared/storage.ts';

/**
 * The one storage-cache primitive (report, DNS, RDAP and bootstrap caches): a key prefix, a TTL, a
 * validator for what comes back, and a byte budget kept with least-recently-used eviction. Each
 * cache keeps an index (key → size, last use, expiry) under its own key, so pruning and eviction
 * read one small value instead of the whole storage area (the watchlist alone can be MiBs).
 *
 * Caches give way to user data: every cache of an area belongs to one {@link StorageBudget}, which
 * keeps the area's total under its target by evicting cache entries before the watchlist's write,
 * and which frees cache entries and retries when the browser answers a write with a quota error.
 */

/** How chrome.storage counts an item against its quota: the key plus the JSON of the value. */
export function storedBytes(key: string, value: unknown): number {
  return key.length + (JSON.stringify(value)?.length ?? 0);
}

export function isQuotaError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  // Chromium: "QUOTA_BYTES quota exceeded"; Firefox: "QuotaExceededError"; the spec'd DOMException name.
  return /quota/i.test(message) || (error as { name?: unknown } | null)?.name === 'QuotaExceededError';
}

interface StoredEntry<T> {
  storedAt: number;
  expiresAt: number;
  value: T;
}

/** [bytes, last used, expires at] */
type IndexRow = [number, number, number];

export interface CacheSpec<T> {
  /** Every key of this cache starts with it ("report:", "dns:", …); no two caches share one. */
  prefix: string;
  /** How long a value stays valid once stored (it may depend on the value: a DNS TTL). */
  ttlMs: (value: T) => number;
  /** Stored data is untrusted (an older version, a damaged profile): only valid values come back. */
  validate: (raw: unknown) => raw is T;
  budgetBytes: number;
  /** A single value larger than this is not cached (default: a quarter of the budget). */
  maxEntryBytes?: number;
}

export interface CacheHit<T> {
  value: T;
  storedAt: number;
  expiresAt: number;
}

/** Last-use times are written back at most this often per entry (a read must not cost a write). */
const TOUCH_EVERY_MS = 10 * 60_000;
/** Index writes are grouped: a burst of answers costs one index write. */
const INDEX_FLUSH_MS = 1000;

export class StorageCache<T> {
  private index: Map<string, IndexRow> | null = null;
  private loading: Promise<Map<string, IndexRow>> | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  readonly indexKey: string;

  constructor(
    private readonly area: StorageArea,
    private readonly spec: CacheSpec<T>,
    private readonly budget: StorageBudget,
    private readonly now: () => number,
  ) {
    this.indexKey = `cacheIndex:${spec.prefix}`;
    budget.register(this as unknown as StorageCache<unknown>);
  }

  get prefix(): string {
    return this.spec.prefix;
  }

  private storageKey(key: string): string {
    return this.spec.prefix + key;
  }

  private async rows(): Promise<Map<string, IndexRow>> {
    if (this.index) return this.index;
    this.loading ??= this.area.get(this.indexKey).then((stored) => {
      const raw = stored[this.indexKey];
      const rows = new Map<string, IndexRow>();
      if (raw && typeof raw === 'object') {
        for (const [key, row] of Object.entries(raw as Record<string, unknown>)) {
          if (Array.isArray(row) && row.length === 3 && row.every((n) => typeof n === 'number')) {
            rows.set(key, row as IndexRow);
          }
        }
      }
      this.index = rows;
      return rows;
    });
    return this.loading;
  }

  /** Bytes this cache holds now (entries and its index). */
  async bytes(): Promise<number> {
    const rows = await this.rows();
    let total = 0;
    for (const [, [bytes]] of rows) total += bytes;
    return total + this.indexBytes(rows);
  }

  private indexBytes(rows: Map<string, IndexRow>): number {
    // Each row costs its key, the three numbers and the JSON punctuation.
    let total = this.indexKey.length + 2;
    for (const [key] of rows) total += key.length + 40;
    return total;
  }

  async get(key: string): Promise<CacheHit<T> | null> {
    const storageKey = this.storageKey(key);
    const raw = (await this.area.get(storageKey))[storageKey] as Partial<StoredEntry<unknown>> | undefined;
    const now = this.now();
    if (
      !raw ||
      typeof raw.storedAt !== 'number' ||
      typeof raw.expiresAt !== 'number' ||
      raw.expiresAt <= now ||
      !this.spec.validate(raw.value)
    ) {
      return null;
    }
    const rows = await this.rows();
    const row = rows.get(storageKey);
    if (!row) {
      // Stored by a worker killed before its index write: adopt it.
      rows.set(storageKey, [storedBytes(storageKey, raw), now, raw.expiresAt]);
      this.scheduleFlush();
    } else if (now - row[1] > TOUCH_EVERY_MS) {
      row[1] = now;
      this.scheduleFlush();
    }
    return { value: raw.value, storedAt: raw.storedAt, expiresAt: raw.expiresAt };
  }

  /** Stores a value; a cache that cannot make room simply does not keep it (never an error). */
  async set(key: string, value: T): Promise<void> {
    const storageKey = this.storageKey(key);
    const now = this.now();
    const entry: StoredEntry<T> = { storedAt: now, expiresAt: now + this.spec.ttlMs(value), value };
    const bytes = storedBytes(storageKey, entry);
    const maxEntry = this.spec.maxEntryBytes ?? this.spec.budgetBytes / 4;
    if (bytes > maxEntry || entry.expiresAt <= now) return;
    const rows = await this.rows();
    rows.delete(storageKey);
    await this.evictWithin(this.spec.budgetBytes - bytes);
    await this.budget.makeRoom(bytes);
    rows.set(storageKey, [bytes, now, entry.expiresAt]);
    try {
      await this.budget.write({ [storageKey]: entry });
    } catch {
      rows.delete(storageKey);
    }
    this.scheduleFlush();
  }

  async delete(key: string): Promise<void> {
    const storageKey = this.storageKey(key);
    (await this.rows()).delete(storageKey);
    await this.area.remove(storageKey);
    this.scheduleFlush();
  }

  /** Forgets every entry (they were made with settings that no longer apply). */
  async clear(): Promise<void> {
    const rows = await this.rows();
    const keys = [...rows.keys()];
    rows.clear();
    await this.area.remove([...keys, this.indexKey]);
  }

  /** Evicts least recently used entries until this cache holds at most `limit` bytes. */
  private async evictWithin(limit: number): Promise<void> {
    const rows = await this.rows();
    let total = await this.bytes();
    if (total <= limit) return;
    const victims: string[] = [];
    for (const [key, [bytes]] of [...rows].sort((a, b) => a[1][1] - b[1][1])) {
      if (total <= limit) break;
      victims.push(key);
      rows.delete(key);
      total -= bytes;
    }
    if (victims.length > 0) await this.area.remove(victims);
  }

  /** Oldest last-use time among the entries, or Infinity when empty (for the budget's global LRU). */
  async oldestUse(): Promise<number> {
    let oldest = Number.POSITIVE_INFINITY;
    for (const [, row] of await this.rows()) oldest = Math.min(oldest, row[1]);
    return oldest;
  }

  /** Evicts the least recently used entries of this cache worth at least `bytes`; returns what it freed. */
  async evictBytes(bytes: number): Promise<number> {
    const rows = await this.rows();
    let freed = 0;
    const victims: string[] = [];
    for (const [key, row] of [...rows].sort((a, b) => a[1][1] - b[1][1])) {
      if (freed >= bytes) break;
      victims.push(key);
      rows.delete(key);
      freed += row[0];
    }
    if (victims.length > 0) {
      await this.area.remove(victims);
      await this.flush();
    }
    return freed;
  }

  /** Drops expired entries (from the index: no read of the whole area). */
  async prune(): Promise<number> {
    const rows = await this.rows();
    const now = this.now();
    const expired = [...rows].filter(([, row]) => row[2] <= now).map(([key]) => key);
    for (const key of expired) rows.delete(key);
    if (expired.length > 0) {
      await this.area.remove(expired);
      await this.flush();
    }
    return expired.length;
  }

  /**
   * Entries the index does not know (a worker killed before its index write, a format from an older
   * version) are found only by reading every key: done rarely, by the prune schedule.
   */
  async adoptOrphans(all: Record<string, unknown>): Promise<void> {
    const rows = await this.rows();
    const now = this.now();
    const orphans: string[] = [];
    for (const [key, value] of Object.entries(all)) {
      if (!key.startsWith(this.spec.prefix) || rows.has(key)) continue;
      const entry = value as Partial<StoredEntry<unknown>> | null;
      if (
        entry &&
        typeof entry.expiresAt === 'number' &&
        typeof entry.storedAt === 'number' &&
        entry.expiresAt > now &&
        this.spec.validate(entry.value)
      ) {
        rows.set(key, [storedBytes(key, entry), entry.storedAt, entry.expiresAt]);
      } else orphans.push(key);
    }
    if (orphans.length > 0) await this.area.remove(orphans);
    await this.evictWithin(this.spec.budgetBytes);
    await this.flush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => void this.flush(), INDEX_FLUSH_MS);
  }

  /** Writes the index now (also called before the worker may stop, and by tests). */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const rows = await this.rows();
    await this.area.set({ [this.indexKey]: Object.fromEntries(rows) }).catch(() => undefined);
  }
}

/**
 * One storage area's budget: the caches registered with it, and the bytes user data (watchlist,
 * settings, the sweep queue) takes, as reported by their writers. Cache writes stay under
 * `targetBytes` in total; a user-data write that meets a quota error gets cache entries evicted
 * (least recently used first, across caches) and is retried, and fails only when the caches are
 * empty and it still does not fit.
 */
export class StorageBudget {
  private readonly caches: StorageCache<unknown>[] = [];
  private readonly userBytes = new Map<string, number>();

  constructor(
    private readonly area: StorageArea,
    readonly targetBytes: number,
  ) {}

  register(cache: StorageCache<unknown>): void {
    this.caches.push(cache);
  }

  /** Total bytes the caches hold. */
  async cacheBytes(): Promise<number> {
    let total = 0;
    for (const cache of this.caches) total += await cache.bytes();
    return total;
  }

  /** What user data takes (as last written through {@link writeUserData}). */
  get userDataBytes(): number {
    let total = 0;
    for (const bytes of this.userBytes.values()) total += bytes;
    return total;
  }

  /** Evicts cache entries (oldest use first) until `bytes` more fit under the target. */
  async makeRoom(bytes: number): Promise<void> {
    let over = this.userDataBytes + (await this.cacheBytes()) + bytes - this.targetBytes;
    while (over > 0) {
      const victim = await this.oldestCache();
      if (!victim) return;
      const freed = await victim.evictBytes(over);
      if (freed === 0) return;
      over -= freed;
    }
  }

  private async oldestCache(): Promise<StorageCache<unknown> | null> {
    let best: StorageCache<unknown> | null = null;
    let bestUse = Number.POSITIVE_INFINITY;
    for (const cache of this.caches) {
      const use = await cache.oldestUse();
      if (use < bestUse) {
        best = cache;
        bestUse = use;
      }
    }
    return best;
  }

  /** A cache's write: on a quota error, other caches give way once, then the write is dropped. */
  async write(items: Record<string, unknown>): Promise<void> {
    try {
      await this.area.set(items);
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      await this.evictAll(sizeOf(items));
      await this.area.set(items);
    }
  }

  /**
   * A write of user data (the watchlist, settings, the sweep queue). Caches give way first: on a
   * quota error cache entries are evicted and the write retried, until it fits or no cache entry is
   * left; then the error is thrown, so the caller never reports it as saved.
   */
  async writeUserData(items: Record<string, unknown>): Promise<void> {
    const sizes = Object.entries(items).map(([key, value]) => [key, storedBytes(key, value)] as const);
    const growth = sizes.reduce((sum, [key, bytes]) => sum + bytes - (this.userBytes.get(key) ?? 0), 0);
    if (growth > 0) await this.makeRoom(growth);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.area.set(items);
        for (const [key, bytes] of sizes) this.userBytes.set(key, bytes);
        return;
      } catch (error) {
        if (!isQuotaError(error)) throw error;
        const freed = await this.evictAll(Math.max(growth, sizeOf(items) / 4, 64 * 1024));
        if (freed === 0 || attempt >= 20) throw error;
      }
    }
  }

  /** Tells the budget what user data already takes (read at start, before any write). */
  noteUserData(key: string, value: unknown): void {
    if (value === undefined) this.userBytes.delete(key);
    // Measured once: after that its writer reports every new size (a read must not cost a JSON pass).
    else if (!this.userBytes.has(key)) this.userBytes.set(key, storedBytes(key, value));
  }

  private async evictAll(bytes: number): Promise<number> {
    let freed = 0;
    while (freed < bytes) {
      const victim = await this.oldestCache();
      if (!victim) break;
      const got = await victim.evictBytes(bytes - freed);
      if (got === 0) break;
      freed += got;
    }
    return freed;
  }

  async prune(): Promise<void> {
    for (const cache of this.caches) await cache.prune();
  }

  /** The rare full pass: adopts or removes entries the indexes lost track of. */
  async adoptOrphans(): Promise<void> {
    const all = await this.area.get(null);
    for (const cache of this.caches) await cache.adoptOrphans(all);
  }

  async flush(): Promise<void> {
    for (const cache of this.caches) await cache.flush();
  }
}

function sizeOf(items: Record<string, unknown>): number {
  return Object.entries(items).reduce((sum, [key, value]) => sum + storedBytes(key, value), 0);
}
