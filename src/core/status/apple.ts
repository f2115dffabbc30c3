import * as v from 'valibot';
import {
  httpsUrl,
  isoTime,
  MAX_INCIDENTS,
  MAX_TITLE_CHARS,
  MAX_UPDATE_CHARS,
  optionalNumber,
  optionalString,
  plainText,
  touchesMail,
} from './text.ts';
import type { FeedParser, StatusIncident } from './types.ts';

/**
 * Apple System Status `support/systemstatus/data/system_status_en_US.js`: one entry per service
 * ("iCloud Mail" among them), each with its events. An event is open until `eventStatus` says it is
 * over or its end time has passed. Planned maintenance is not an incident.
 */

const Event = v.looseObject({
  messageId: v.union([v.string(), v.number()]),
  statusType: optionalString,
  message: optionalString,
  usersAffected: optionalString,
  eventStatus: optionalString,
  epochStartDate: optionalNumber,
  epochEndDate: optionalNumber,
});

const Feed = v.looseObject({
  services: v.array(
    v.looseObject({ serviceName: v.string(), events: v.optional(v.nullable(v.array(Event))) }),
  ),
});

export const APPLE_STATUS_PAGE = 'https://www.apple.com/support/systemstatus/';
const OVER = new Set(['resolved', 'completed']);

export const parseApple: FeedParser = (json, selector, now) => {
  const parsed = v.safeParse(Feed, json);
  if (!parsed.success) return { ok: false, problem: 'malformed', detail: 'not Apple system status data' };
  const out: StatusIncident[] = [];
  for (const service of parsed.output.services) {
    if (!touchesMail([service.serviceName], selector)) continue;
    for (const event of service.events ?? []) {
      if (OVER.has((event.eventStatus ?? '').toLowerCase())) continue;
      if (/maintenance/i.test(event.statusType ?? '')) continue;
      if (typeof event.epochEndDate === 'number' && event.epochEndDate <= now) continue;
      const kind = event.statusType ? ` (${event.statusType})` : '';
      out.push({
        id: `apple:${event.messageId}`,
        title: plainText(`${service.serviceName}${kind}`, MAX_TITLE_CHARS),
        since: isoTime(event.epochStartDate),
        updatedAt: null,
        latestUpdate:
          plainText([event.message, event.usersAffected].filter(Boolean).join(' '), MAX_UPDATE_CHARS) || null,
        url: httpsUrl(selector.pageUrl ?? null) ?? APPLE_STATUS_PAGE,
      });
    }
  }
  return { ok: true, asOf: null, incidents: out.slice(0, MAX_INCIDENTS) };
};
