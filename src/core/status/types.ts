/**
 * A mail provider's own public status feed, read into one shape whatever its format. The parsers
 * (one per format) never throw: a feed that cannot be read says why, and is never "all well".
 */

/** The feed formats the catalogue's providers publish (src/core/data/providers.json `statusFeed`). */
export const FEED_FORMATS = ['statuspage', 'google-workspace', 'statusio', 'apple', 'aws-health'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

/** `mail` matches every component when it holds this one entry (a service whose whole page is mail). */
export const ANY_COMPONENT = '*';

/** What a parser needs to know about the provider besides the feed's bytes. */
export interface FeedSelector {
  /**
   * What on the feed means "mail", in the feed's own terms: component names (Statuspage, status.io),
   * product ids (Google Workspace: Gmail is an id, not a name), service names (Apple), service-key
   * prefixes (AWS Health). Compared exactly (names case-insensitively).
   */
  mail: readonly string[];
  /** The provider's human status page: the link for feeds that give none per incident. */
  pageUrl?: string;
}

/** One ongoing incident, or one degraded component, that affects mail. Remote text, already capped. */
export interface StatusIncident {
  /** Stable across reads of the same feed (notifications are de-duplicated on it). */
  id: string;
  title: string;
  /** ISO 8601: when the provider says it began. */
  since: string | null;
  /** ISO 8601: the latest update's time. */
  updatedAt: string | null;
  /** The latest update's text, as plain text (never HTML). */
  latestUpdate: string | null;
  /** An https link to the incident (or the status page); null when the feed gives none usable. */
  url: string | null;
}

export type FeedProblem =
  /** An HTML page (an error page, a login wall, a single-page app's shell) where JSON was expected. */
  | 'html'
  /** Not JSON at all. */
  | 'not-json'
  /** JSON, but not the shape this format promises. */
  | 'malformed'
  /** The feed's own "as of" time is too old to vouch for now (see STALE_AFTER_MS). */
  | 'stale'
  /** The feed's "as of" time is in the future: its clock or ours is wrong. */
  | 'future';

export type FeedReading =
  | {
      ok: true;
      /** The feed's own "as of" time (ms since the epoch), when it publishes one. */
      asOf: number | null;
      incidents: StatusIncident[];
    }
  | { ok: false; problem: FeedProblem; detail: string };

/** What a format's parser returns once the body is known to be JSON. */
export type ParsedFeed =
  | { ok: true; asOf: number | null; incidents: StatusIncident[] }
  | { ok: false; problem: 'malformed'; detail: string };

export type FeedParser = (json: unknown, selector: FeedSelector, now: number) => ParsedFeed;
