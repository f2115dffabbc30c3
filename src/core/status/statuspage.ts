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
 * Atlassian Statuspage `/api/v2/summary.json`: components with a status each, and the unresolved
 * incidents with their updates. "Affects mail" comes from the components the catalogue names for
 * mail: those an open incident lists (or whose updates list), and those degraded without one. The
 * page's overall `status.indicator` is not used: real pages show an open major incident under
 * `none` (the KnowBe4 sample) and `minor` for edge PoPs that carry no mail (the Cloudflare sample).
 */

const Component = v.looseObject({
  id: v.string(),
  name: v.string(),
  status: v.string(),
  updated_at: optionalString,
});

const AffectedComponent = v.looseObject({ code: optionalString, name: optionalString });

const Update = v.looseObject({
  status: optionalString,
  body: optionalString,
  created_at: optionalString,
  display_at: optionalString,
  affected_components: v.optional(v.nullable(v.array(AffectedComponent))),
});

const Incident = v.looseObject({
  id: v.string(),
  name: v.string(),
  status: v.string(),
  created_at: optionalString,
  started_at: optionalString,
  updated_at: optionalString,
  shortlink: optionalString,
  components: v.optional(v.nullable(v.array(v.looseObject({ id: optionalString, name: optionalString })))),
  incident_updates: v.optional(v.nullable(v.array(Update))),
});

const Summary = v.looseObject({
  page: v.looseObject({ id: v.string(), url: optionalString, updated_at: optionalString }),
  components: v.array(Component),
  incidents: v.array(Incident),
});

/** Statuses of an incident that is over (Statuspage's incident lifecycle). */
const CLOSED = new Set(['resolved', 'postmortem', 'completed']);
/** Component statuses that mean trouble; `under_maintenance` is planned work, not an incident. */
const DEGRADED = new Set(['degraded_performance', 'partial_outage', 'major_outage']);

export const parseStatuspage: FeedParser = (json, selector) => {
  const parsed = v.safeParse(Summary, json);
  if (!parsed.success) return { ok: false, problem: 'malformed', detail: 'not a Statuspage summary.json' };
  const { page, components, incidents } = parsed.output;
  const base = httpsUrl(page.url ?? null) ?? httpsUrl(selector.pageUrl ?? null);
  const out: StatusIncident[] = [];
  const covered = new Set<string>();

  for (const incident of incidents) {
    if (CLOSED.has(incident.status)) continue;
    const updates = incident.incident_updates ?? [];
    const named = [
      ...(incident.components ?? []).map((c) => c.name),
      ...updates.flatMap((u) => (u.affected_components ?? []).map((c) => c.name)),
    ];
    // A page whose every component is mail counts even an incident that names none.
    if (!touchesMail(named, selector) && !(isAnyComponent(selector) && named.length === 0)) continue;
    for (const name of named) if (name) covered.add(name.toLowerCase());
    const latest = newest(updates, (u) => u.display_at ?? u.created_at);
    out.push({
      id: `statuspage:${page.id}:${incident.id}`,
      title: plainText(incident.name, MAX_TITLE_CHARS),
      since: isoTime(incident.started_at ?? incident.created_at),
      updatedAt: isoTime(latest?.display_at ?? latest?.created_at ?? incident.updated_at),
      latestUpdate: latest?.body ? plainText(latest.body, MAX_UPDATE_CHARS) : null,
      url:
        (base ? httpsUrl(`${base.replace(/\/$/, '')}/incidents/${encodeURIComponent(incident.id)}`) : null) ??
        httpsUrl(incident.shortlink ?? null),
    });
  }

  // A mail component in trouble with no open incident naming it is still mail in trouble.
  for (const component of components) {
    if (!DEGRADED.has(component.status) || covered.has(component.name.toLowerCase())) continue;
    if (!touchesMail([component.name], selector)) continue;
    out.push({
      id: `statuspage:${page.id}:component:${component.id}:${component.status}`,
      title: plainText(`${component.name}: ${component.status.replace(/_/g, ' ')}`, MAX_TITLE_CHARS),
      since: isoTime(component.updated_at),
      updatedAt: isoTime(component.updated_at),
      latestUpdate: null,
      url: base,
    });
  }

  return { ok: true, asOf: timeMs(page.updated_at), incidents: out.slice(0, MAX_INCIDENTS) };
};
