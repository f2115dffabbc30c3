import type { ImportProblem } from './transfer.ts';

/**
 * The watchlist's answers in the page ↔ worker protocol (src/shared/messages.ts). Pages never write
 * the watchlist themselves: the worker is its single writer, so a sweep and an edit never overwrite
 * each other.
 */
export type AddResult =
  | { ok: true; domain: string; unicode: string; existed: boolean }
  | { ok: false; reason: string };

export interface ImportSummary {
  added: number;
  replaced: number;
  alreadyWatched: string[];
  problems: ImportProblem[];
  /** False when the merged watchlist could not be stored (storage full): nothing was added. */
  saved: boolean;
}

/**
 * Saving notes: saved, or refused as a whole with the first field over its limit (nothing is cut
 * short behind the user's back), or not stored at all.
 */
export type NotesResult =
  | { ok: true }
  | { ok: false; reason: 'too-long'; field: string; limit: number }
  | { ok: false; reason: 'not-watched' | 'not-saved' };

export interface SweepStatus {
  running: boolean;
  total: number;
  remaining: number;
  lastFinishedAt: string | null;
}

/** What the "test resolver" button shows: the answer the resolver gave, or why it failed. */
export type ResolverTestResult =
  | { ok: true; name: string; rcode: string; answers: string[]; ms: number; authenticated: boolean }
  | { ok: false; reason: string };

export type { ImportProblem };
