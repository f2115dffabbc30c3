import * as v from 'valibot';
import {
  httpsUrl,
  isoTime,
  MAX_INCIDENTS,
  MAX_TITLE_CHARS,
  MAX_UPDATE_CHARS,
  newest,
  optionalString,
  plainText,
} from './text.ts';
import type { FeedParser, StatusIncident } from './types.ts';

/**
 * AWS Health Dashboard `health.aws.amazon.com/public/currentevents`: the current events, each for one
 * service key (`<service>-<region>`, e.g. `workmail-us-east-1`), with an event log. Status "0" is
 * resolved. The catalogue's `mail` entries are service-key prefixes (`workmail-`). Times are epoch
 * seconds as strings or numbers.
 */

const stringOrNumber = v.union([v.string(), v.number()]);
const optionalStamp = v.optional(v.nullable(stringOrNumber));

const LogEntry = v.looseObject({
  summary: optionalString,
  message: optionalString,
  timestamp: optionalStamp,
});

const Event = v.looseObject({
  arn: optionalString,
  date: optionalStamp,
  status: stringOrNumber,
  service: v.string(),
  service_name: optionalString,
  region_name: optionalString,
  summary: optionalString,
  end_time: optionalStamp,
  event_log: v.optional(v.nullable(v.array(LogEntry))),
});

const Feed = v.array(Event);

export const AWS_STATUS_PAGE = 'https://health.aws.amazon.com/health/status';

export const parseAwsHealth: FeedParser = (json, selector) => {
  const parsed = v.safeParse(Feed, json);
  if (!parsed.success) return { ok: false, problem: 'malformed', detail: 'not AWS Health current events' };
  const prefixes = selector.mail.map((p) => p.toLowerCase());
  const out: StatusIncident[] = [];
  for (const event of parsed.output) {
    if (
      String(event.status) === '0' ||
      (event.end_time !== undefined && event.end_time !== null && event.end_time !== '')
    )
      continue;
    const service = event.service.toLowerCase();
    if (!prefixes.some((prefix) => service.startsWith(prefix))) continue;
    const log = event.event_log ?? [];
    const latest = newest(log, (entry) => isoTime(epochMs(entry.timestamp)));
    const where = event.region_name ? ` (${event.region_name})` : '';
    out.push({
      id: `aws:${event.arn ?? `${event.service}:${event.date}`}`,
      title: plainText(
        `${event.service_name ?? event.service}${where}: ${event.summary ?? ''}`,
        MAX_TITLE_CHARS,
      ),
      since: isoTime(epochMs(event.date)),
      updatedAt: isoTime(epochMs(latest?.timestamp)),
      latestUpdate: latest?.message ? plainText(latest.message, MAX_UPDATE_CHARS) : null,
      url: httpsUrl(selector.pageUrl ?? null) ?? AWS_STATUS_PAGE,
    });
  }
  return { ok: true, asOf: null, incidents: out.slice(0, MAX_INCIDENTS) };
};

function epochMs(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}
