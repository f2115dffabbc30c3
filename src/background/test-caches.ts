import { memoryStorageArea } from '../shared/storage.ts';
import { createCaches } from './caches.ts';

/** Test-only: the worker's caches over in-memory areas (optionally with Chromium's quota behaviour). */
export function memoryCaches(now: () => number, { quotaBytes }: { quotaBytes?: number } = {}) {
  const local = memoryStorageArea({}, quotaBytes === undefined ? {} : { quotaBytes });
  const session = memoryStorageArea();
  return { local, session, caches: createCaches(local, session, now) };
}
