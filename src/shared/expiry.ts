import { daysLeft } from '../core/rdap/dates.ts';

/**
 * Days until `iso` as the findings count them (a started day counts as a whole one, so the badge's
 * "8d" and the finding's "in 8 days" agree); negative once past; null when missing or unreadable.
 */
export function daysUntil(iso: string | null | undefined, now: number): number | null {
  if (typeof iso !== 'string') return null;
  const days = daysLeft(iso, now);
  if (days === null) return null;
  // Past the date by a few hours is "expired", not "0 days left".
  return Date.parse(iso) < now ? Math.min(days, -1) : days;
}
