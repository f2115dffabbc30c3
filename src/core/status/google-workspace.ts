import * as v from 'valibot';
import {
  httpsUrl,
  isoTime,
  MAX_INCIDENTS,
  MAX_TITLE_CHARS,
  MAX_UPDATE_CHARS,
  optionalString,
  plainText,
  touchesMail,
} from './text.ts';
import type { FeedParser, StatusIncident } from './types.ts';

/**
 * Google Workspace Status Dashboard `appsstatus/dashboard/incidents.json` (the same engine and schema
 * as the Google Cloud dashboard: `incidents.schema.json`): every incident of the recent past, open
 * ones without `end`. Products are matched by id, never by title: Gmail is `prPt2Yra2CbGsbEm9cpC`.
 */

const Update = v.looseObject({
  when: optionalString,
  modified: optionalString,
  text: optionalString,
  status: optionalString,
});

const Incident = v.looseObject({
  id: v.string(),
  begin: optionalString,
  end: optionalString,
  modified: optionalString,
  external_desc: optionalString,
  uri: optionalString,
  most_recent_update: v.optional(v.nullable(Update)),
  affected_products: v.array(v.looseObject({ id: v.string(), title: optionalString })),
});

const Feed = v.array(Incident);

export const DASHBOARD_URL = 'https://www.google.com/appsstatus/dashboard/';

export const parseGoogleWorkspace: FeedParser = (json, selector) => {
  const parsed = v.safeParse(Feed, json);
  if (!parsed.success)
    return { ok: false, problem: 'malformed', detail: 'not a Google status incidents.json' };
  const out: StatusIncident[] = [];
  for (const incident of parsed.output) {
    if (incident.end) continue;
    if (
      !touchesMail(
        incident.affected_products.map((p) => p.id),
        selector,
      )
    )
      continue;
    const update = incident.most_recent_update;
    const base = httpsUrl(selector.pageUrl ?? null) ?? DASHBOARD_URL;
    out.push({
      id: `google:${incident.id}`,
      title: plainText(titleOf(incident.external_desc ?? update?.text ?? ''), MAX_TITLE_CHARS) || incident.id,
      since: isoTime(incident.begin),
      updatedAt: isoTime(update?.when ?? incident.modified),
      latestUpdate: update?.text ? plainText(bodyOf(update.text), MAX_UPDATE_CHARS) : null,
      url: incident.uri ? httpsUrl(new URL(incident.uri, base).href) : httpsUrl(base),
    });
  }
  return { ok: true, asOf: null, incidents: out.slice(0, MAX_INCIDENTS) };
};

/**
 * Google's texts are Markdown with section headings ("**Title**", "**Summary**", "**Description**"):
 * the title is the first line that is not a heading.
 */
function titleOf(text: string): string {
  return contentLines(text)[0] ?? '';
}

function bodyOf(text: string): string {
  return contentLines(text).join(' ');
}

const HEADING = /^(title|summary|description|symptoms|workaround|next update)$/i;

function contentLines(text: string): string[] {
  return text
    .slice(0, 8000)
    .split('\n')
    .map((line) => line.replace(/\*\*|__|^#+\s*/g, '').trim())
    .filter((line) => line !== '' && !HEADING.test(line));
}
