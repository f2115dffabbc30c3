import { daysUntil } from '../core/rdap/dates.ts';
import type { WatchEntry } from './model.ts';

/** Reminder thresholds in days before expiry; 0 stands for "has expired". */
export const EXPIRY_THRESHOLDS = [30, 14, 7, 1, 0] as const;

export interface EffectiveExpiry {
  /** ISO timestamp. */
  date: string;
  /** 'manual' is shown as "entered by you". */
  source: 'rdap' | 'manual';
}

/** The registry's date wins; the user's own date fills in only where RDAP publishes none. */
export function effectiveExpiry(
  entry: Pick<WatchEntry, 'lastReport' | 'manualExpiry'>,
): EffectiveExpiry | null {
  const published = entry.lastReport?.expires;
  if (published) return { date: published, source: 'rdap' };
  if (entry.manualExpiry) return { date: `${entry.manualExpiry}T00:00:00.000Z`, source: 'manual' };
  return null;
}

/**
 * The reminder threshold reached and not yet announced for this expiry date, or null. Only the
 * tightest one counts: a domain found at 5 days left is announced once at 7, not at 30, 14 and 7.
 */
export function dueExpiryThreshold(
  expiry: EffectiveExpiry | null,
  announced: WatchEntry['expiryAlert'],
  now: number,
): number | null {
  if (!expiry) return null;
  const days = daysUntil(expiry.date, now);
  if (days === null) return null;
  let reached: number | null = null;
  for (const threshold of EXPIRY_THRESHOLDS) {
    if (threshold === 0 ? days < 0 : days <= threshold) reached = threshold;
  }
  if (reached === null) return null;
  const sameDate = announced && Date.parse(announced.expires) === Date.parse(expiry.date);
  if (sameDate && announced.threshold <= reached) return null;
  return reached;
}
