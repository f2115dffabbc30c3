const DAY_MS = 86_400_000;

/** Whole days from `now` until `iso` (negative once past), or null when the date is missing or unreadable. */
export function daysUntil(iso: string | null | undefined, now: number): number | null {
  if (typeof iso !== 'string') return null;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return null;
  return Math.floor((at - now) / DAY_MS);
}
