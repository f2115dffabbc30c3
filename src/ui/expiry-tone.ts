/**
 * How an expiry date reads on every page (popup, watchlist): an expired date, or one within the user's warning threshold
 * (settings.expiryWarningDays), is urgent and never shown in muted grey; only a later one is.
 */
export type ExpiryTone = 'expired' | 'soon' | 'later';

export function expiryTone(
  row: { expires: string | null; daysLeft: number | null },
  now: number,
  warningDays: number,
): ExpiryTone {
  const at = row.expires ? Date.parse(row.expires) : Number.NaN;
  if (!Number.isNaN(at) && at < now) return 'expired';
  if (row.daysLeft !== null && row.daysLeft <= warningDays) return 'soon';
  return 'later';
}
