/**
 * RDAP dates are RFC 3339 (RFC 9083 §4.5), but registries publish variants: `+0000` without the
 * colon (MarkMonitor), fractional seconds of any length (AFNIC: microseconds, ZDNS: `.0Z`), and no
 * zone at all (Namecheap), which is read as UTC. Anything else is not a date: null, never a throw.
 */
const RDAP_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

export function normalizeRdapDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = RDAP_DATE.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const millis = Math.floor(Number(`0.${frac || '0'}`) * 1000);
  const local = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), millis);
  // Date.UTC rolls 31 February over into March: reject dates that do not exist.
  if (new Date(local).getUTCDate() !== day) return null;
  const t = local - zoneOffsetMs(zone);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

function zoneOffsetMs(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4) || '0');
  return sign * (hours * 60 + minutes) * 60_000;
}

const DAY_MS = 86_400_000;

/**
 * Days left before the date, counting a started day as a whole one (7 days and 2 hours is 8 days
 * left): so "expires within N days" means no more than N × 24 h remain, never up to a day more.
 * Every place that says "in N days" (findings, badge, popup, watchlist, CLI) counts with this one.
 * Negative once past (a few hours past is -1: "expired", never "0 days left"); null when missing
 * or unreadable.
 */
export function daysUntil(iso: string | null | undefined, now: number): number | null {
  if (typeof iso !== 'string') return null;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  return t < now ? Math.min(Math.ceil((t - now) / DAY_MS), -1) : Math.ceil((t - now) / DAY_MS);
}

/** Whole days since the date (0 on the day itself). */
export function daysSince(iso: string, now: number): number | null {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  return Math.floor((now - t) / DAY_MS);
}

/**
 * `2027-05-03` (ISO 8601) for finding details and the CLI: the date a person reads, in UTC like the
 * registries publish it. A time with an offset (`2027-05-03T01:00:00+02:00`) is the UTC day, not
 * the first ten characters; text that is not a date is shown as given.
 */
export function isoDay(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso.slice(0, 10);
  const day = new Date(t).toISOString();
  return day.length === 24 ? day.slice(0, 10) : iso.slice(0, 10);
}
