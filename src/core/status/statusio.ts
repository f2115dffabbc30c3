import * as v from 'valibot';
import {
  httpsUrl,
  isAnyComponent,
  isoTime,
  MAX_INCIDENTS,
  MAX_TITLE_CHARS,
  MAX_UPDATE_CHARS,
  newest,
  optionalString,
  plainText,
  timeMs,
  touchesMail,
} from './text.ts';
import type { FeedParser, StatusIncident } from './types.ts';

/**
 * status.io public API `https://api.status.io/1.0/status/<page id>`: `result.status` lists
 * components (each with containers), `result.incidents` the open incidents with their messages and
 * the components they affect. Status codes (status.io API docs): 100 operational, 200 planned
 * maintenance, 300 degraded performance, 400 partial disruption, 500 disruption, 600 security event.
 */

const Named = v.looseObject({ name: optionalString, _id: optionalString, id: optionalString });

const Component = v.looseObject({
  id: v.string(),
  name: v.string(),
  status: optionalString,
  status_code: v.number(),
  updated: optionalString,
  containers: v.optional(v.nullable(v.array(Named))),
});

const Message = v.looseObject({ details: optionalString, datetime: optionalString });

const Incident = v.looseObject({
  _id: v.string(),
  name: v.string(),
  datetime_open: optionalString,
  datetime_closed: optionalString,
  messages: v.optional(v.nullable(v.array(Message))),
  components_affected: v.optional(v.nullable(v.array(Named))),
});

const Status = v.looseObject({
  result: v.looseObject({
    status_overall: v.looseObject({ updated: optionalString, status_code: v.number() }),
    status: v.array(Component),
    incidents: v.optional(v.nullable(v.array(Incident))),
  }),
});

const DEGRADED_FROM = 300;

export const parseStatusio: FeedParser = (json, selector) => {
  const parsed = v.safeParse(Status, json);
  if (!parsed.success) return { ok: false, problem: 'malformed', detail: 'not a status.io status answer' };
  const { result } = parsed.output;
  const page = httpsUrl(selector.pageUrl ?? null);
  const out: StatusIncident[] = [];
  const covered = new Set<string>();
  for (const incident of result.incidents ?? []) {
    if (incident.datetime_closed) continue;
    const named = (incident.components_affected ?? []).map((c) => c.name);
    if (!touchesMail(named, selector) && !(isAnyComponent(selector) && named.length === 0)) continue;
    for (const name of named) if (name) covered.add(name.toLowerCase());
    const messages = incident.messages ?? [];
    const latest = newest(messages, (m) => m.datetime);
    out.push({
      id: `statusio:${incident._id}`,
      title: plainText(incident.name, MAX_TITLE_CHARS),
      since: isoTime(incident.datetime_open),
      updatedAt: isoTime(latest?.datetime),
      latestUpdate: latest?.details ? plainText(latest.details, MAX_UPDATE_CHARS) : null,
      url: page,
    });
  }
  for (const component of result.status) {
    if (component.status_code < DEGRADED_FROM) continue;
    if (covered.has(component.name.toLowerCase()) || !touchesMail([component.name], selector)) continue;
    out.push({
      id: `statusio:component:${component.id}:${component.status_code}`,
      title: plainText(`${component.name}: ${component.status ?? component.status_code}`, MAX_TITLE_CHARS),
      since: isoTime(component.updated),
      updatedAt: isoTime(component.updated),
      latestUpdate: null,
      url: page,
    });
  }
  return { ok: true, asOf: timeMs(result.status_overall.updated), incidents: out.slice(0, MAX_INCIDENTS) };
};
