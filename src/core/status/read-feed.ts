import { parseApple } from './apple.ts';
import { parseAwsHealth } from './aws-health.ts';
import { parseGoogleWorkspace } from './google-workspace.ts';
import { parseStatusio } from './statusio.ts';
import { parseStatuspage } from './statuspage.ts';
import type { FeedFormat, FeedParser, FeedReading, FeedSelector } from './types.ts';

const PARSERS: Record<FeedFormat, FeedParser> = {
  statuspage: parseStatuspage,
  'google-workspace': parseGoogleWorkspace,
  statusio: parseStatusio,
  apple: parseApple,
  'aws-health': parseAwsHealth,
};

/**
 * How old a feed's own "as of" time may be and still vouch for now. Statuspage and status.io stamp
 * the page whenever anything on it changes; a page that says nothing changed for a week is a
 * frozen copy (a cache, a mirror, an abandoned page) and cannot say "no incident" about today.
 */
export const STALE_AFTER_MS = 7 * 24 * 3_600_000;
/** Clock skew tolerated before an "as of" time in the future makes the feed unreadable. */
export const FUTURE_SKEW_MS = 24 * 3_600_000;

export interface FeedAnswer {
  body: string;
  contentType: string | null;
  /** The HTTP Last-Modified header, the "as of" time of feeds that carry none inside. */
  lastModified?: string | null;
}

/** Body in, reading out: HTML and app shells, non-JSON, a wrong shape and stale feeds are all `ok: false`. */
export function readFeed(
  answer: FeedAnswer,
  format: FeedFormat,
  selector: FeedSelector,
  now: number,
): FeedReading {
  const text = answer.body.replace(/^\uFEFF/, '').trim();
  if (/^text\/html\b/i.test(answer.contentType ?? '') || text.startsWith('<')) {
    return {
      ok: false,
      problem: 'html',
      detail: `HTML instead of JSON (${answer.contentType ?? 'no Content-Type'})`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(unwrapJsonp(text));
  } catch {
    return { ok: false, problem: 'not-json', detail: 'the answer is not JSON' };
  }
  const parsed = PARSERS[format](json, selector, now);
  if (!parsed.ok) return parsed;
  const headerAsOf = answer.lastModified ? Date.parse(answer.lastModified) : Number.NaN;
  const asOf = parsed.asOf ?? (Number.isFinite(headerAsOf) ? headerAsOf : null);
  if (asOf !== null && now - asOf > STALE_AFTER_MS) {
    return {
      ok: false,
      problem: 'stale',
      detail: `the feed was last updated ${new Date(asOf).toISOString()}`,
    };
  }
  if (asOf !== null && asOf - now > FUTURE_SKEW_MS) {
    return {
      ok: false,
      problem: 'future',
      detail: `the feed says it was updated ${new Date(asOf).toISOString()}`,
    };
  }
  return { ok: true, asOf, incidents: parsed.incidents };
}

/** Apple's feed used to be served as JSONP (`jsonCallback({...});`): the call is unwrapped. */
function unwrapJsonp(text: string): string {
  const call = /^[A-Za-z_$][\w$]{0,63}\(/.exec(text);
  if (!call) return text;
  const end = text.lastIndexOf(')');
  return end > call[0].length ? text.slice(call[0].length, end) : text;
}
