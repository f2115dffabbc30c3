import type { DomainReport } from '../core/types.ts';
import type { Settings } from '../shared/settings.ts';
import { diffSummaries } from './diff.ts';
import { type Change, HISTORY_LIMIT, type WatchEntry } from './model.ts';
import { type Notice, planNotifications } from './notify.ts';
import { shorten } from './schema.ts';
import { carryForward, summarizeReport } from './summary.ts';

export interface CheckOutcome {
  entry: WatchEntry;
  changes: Change[];
  notices: Notice[];
}

/**
 * Folds a fresh report into a watched domain: compares it with the previous check, records the
 * changes in the bounded history, and decides the notifications. The first check of a domain has
 * nothing to compare with, so it records no changes and raises no finding notice (an import of
 * 50 domains must not fire 50 notifications); expiry reminders still apply.
 */
export function applyReport(
  entry: WatchEntry,
  report: DomainReport,
  settings: Pick<Settings, 'notifications'>,
  now: number,
): CheckOutcome {
  const baseline = carryForward(entry.lastReport, summarizeReport(report));
  const changes = entry.lastReport ? diffSummaries(entry.lastReport, baseline) : [];
  const updated: WatchEntry = {
    ...entry,
    lastReport: baseline,
    lastError: null,
    history: [...changes, ...entry.history].slice(0, HISTORY_LIMIT),
  };
  const plan = planNotifications(updated, changes, settings, now);
  updated.lastNotified = plan.lastNotified;
  updated.expiryAlert = plan.expiryAlert;
  return { entry: updated, changes, notices: plan.notices };
}

/** A check that produced no report at all (timed out, crashed): kept apart so the last good data stays. */
export function applyFailure(entry: WatchEntry, message: string, now: number): WatchEntry {
  return { ...entry, lastError: { at: new Date(now).toISOString(), message: shorten(message, 1000) } };
}
