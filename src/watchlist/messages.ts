import type { WatchEntry } from './model.ts';
import type { ImportFormat, ImportProblem } from './transfer.ts';

/**
 * The watchlist's part of the page ↔ worker protocol. Pages never write the watchlist themselves:
 * the worker is its single writer, so a sweep and an edit never overwrite each other.
 */
export type WatchlistRequest =
  | { type: 'watchlist:add'; input: string }
  | { type: 'watchlist:remove'; domain: string }
  | { type: 'watchlist:restore'; entry: WatchEntry; index: number }
  | { type: 'watchlist:set-notes'; domain: string; notes: unknown }
  | { type: 'watchlist:set-manual-expiry'; domain: string; date: string | null }
  | { type: 'watchlist:import'; text: string; format: ImportFormat }
  | { type: 'watchlist:export'; format: 'json' | 'csv' | 'ics' }
  | { type: 'watchlist:check-all' }
  | { type: 'watchlist:recheck'; domain: string }
  | { type: 'watchlist:sweep-status' }
  | { type: 'resolver:test'; url: string };

export type AddResult =
  | { ok: true; domain: string; unicode: string; existed: boolean }
  | { ok: false; reason: string };

export interface ImportSummary {
  added: number;
  replaced: number;
  alreadyWatched: string[];
  problems: ImportProblem[];
}

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

export interface WatchlistResponses {
  'watchlist:add': AddResult;
  'watchlist:remove': { entry: WatchEntry; index: number } | null;
  'watchlist:restore': boolean;
  'watchlist:set-notes': boolean;
  'watchlist:set-manual-expiry': boolean;
  'watchlist:import': ImportSummary;
  'watchlist:export': { filename: string; mime: string; text: string };
  'watchlist:check-all': SweepStatus;
  'watchlist:recheck': { ok: boolean; error?: string };
  'watchlist:sweep-status': SweepStatus;
  'resolver:test': ResolverTestResult;
}

export function isWatchlistRequest(message: unknown): message is WatchlistRequest {
  const type = (message as { type?: unknown } | null)?.type;
  return typeof type === 'string' && (type.startsWith('watchlist:') || type === 'resolver:test');
}
