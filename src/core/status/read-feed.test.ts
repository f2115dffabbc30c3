import { describe, expect, it } from 'vitest';
import { statusFixture, statusFixtureText } from '../../../test/helpers/status-server.ts';
import { readFeed, STALE_AFTER_MS } from './read-feed.ts';
import type { FeedFormat, FeedSelector } from './types.ts';

/** The recorded feeds (test/fixtures/status/SOURCES.md), read at the clock they were recorded at. */
const json = (body: unknown) => ({ body: JSON.stringify(body), contentType: 'application/json' });
const recorded = (file: string) => ({
  body: statusFixtureText(file),
  contentType: 'application/json; charset=utf-8',
});
const at = (iso: string) => Date.parse(iso);
const read = (
  answer: { body: string; contentType: string | null },
  format: FeedFormat,
  selector: FeedSelector,
  now: number,
) => readFeed(answer, format, selector, now);

/** A parsed recording, to change in a test (JSON of any shape). */
// biome-ignore lint/suspicious/noExplicitAny: test-only edits of parsed JSON
type Mutable = { [key: string]: any };

describe('Statuspage summary.json', () => {
  const knowbe4 = 'statuspage-summary-knowbe4-incident-indicator-none.json';

  it('reports an open incident on a mail component even when the page indicator says "none"', () => {
    const reading = read(
      recorded(knowbe4),
      'statuspage',
      { mail: ['KnowBe4 Website'] },
      at('2026-07-30T18:00:00Z'),
    );
    expect(reading).toEqual({
      ok: true,
      asOf: at('2026-07-30T17:19:13.381Z'),
      incidents: [
        {
          id: 'statuspage:bzcwcdz7454v:46k1rdvj20qm',
          title: 'Protect blank purchasing page on store.knowbe4.com',
          since: '2026-07-17T13:18:28.778Z',
          updatedAt: '2026-07-29T18:40:09.144Z',
          latestUpdate: expect.stringMatching(/^We’ve implemented a fix for the online store/),
          url: 'https://status.knowbe4.com/incidents/46k1rdvj20qm',
        },
      ],
    });
  });

  it('leaves out an open incident that names no mail component', () => {
    const reading = read(
      recorded(knowbe4),
      'statuspage',
      { mail: ['KnowBe4 Email Security'] },
      at('2026-07-30T18:00:00Z'),
    );
    expect(reading).toEqual({ ok: true, asOf: expect.any(Number), incidents: [] });
  });

  it('says nothing is wrong when the mail component is operational, whatever the page indicator (Cloudflare: "minor" for PoPs)', () => {
    const reading = read(
      recorded('statuspage-summary-cloudflare-minor-pops.json'),
      'statuspage',
      { mail: ['Email Routing'] },
      at('2026-07-30T18:00:00Z'),
    );
    expect(reading).toEqual({ ok: true, asOf: at('2026-07-30T17:20:34.073Z'), incidents: [] });
  });

  it('reports a degraded mail component that no incident names', () => {
    // "Africa" stands in for a mail component: it is one of the recording's partial_outage components.
    const reading = read(
      recorded('statuspage-summary-cloudflare-minor-pops.json'),
      'statuspage',
      { mail: ['Africa'] },
      at('2026-07-30T18:00:00Z'),
    );
    expect(reading.ok && reading.incidents).toEqual([
      expect.objectContaining({
        id: 'statuspage:yh6f0r4529hb:component:00gpj4s37mz4:partial_outage',
        title: 'Africa: partial outage',
        url: 'https://www.cloudflarestatus.com/',
      }),
    ]);
  });

  it('reports a degraded component under its open incident once, not twice', () => {
    const reading = read(
      recorded('statuspage-summary-claude-active-incident.json'),
      'statuspage',
      { mail: ['Claude Console (platform.claude.com)'] },
      at('2026-10-08T00:00:00Z'),
    );
    expect(reading.ok && reading.incidents.map((i) => i.title)).toEqual([
      'Elevated errors on platform.claude.com',
    ]);
  });

  it('names the incident of a real outage, its start and its latest update', () => {
    const reading = read(
      recorded('statuspage-summary-claude-outage-critical.json'),
      'statuspage',
      { mail: ['Claude API (api.anthropic.com)'] },
      at('2026-07-29T21:00:00Z'),
    );
    expect(reading.ok && reading.incidents).toEqual([
      expect.objectContaining({
        title: 'Elevated errors across all models',
        since: '2026-07-29T19:49:45.378Z',
        updatedAt: '2026-07-29T20:33:45.585Z',
        latestUpdate: expect.stringMatching(/^We have identified an issue resulting in elevated errors/),
        url: 'https://status.claude.com/incidents/q2kg8n613kr3',
      }),
    ]);
  });

  it('all well on an all-operational page', () => {
    const reading = read(
      recorded('statuspage-summary-github-operational.json'),
      'statuspage',
      { mail: ['Git Operations'] },
      at('2026-07-31T04:00:00Z'),
    );
    expect(reading).toEqual({ ok: true, asOf: expect.any(Number), incidents: [] });
  });

  it('a resolved incident is not reported', () => {
    const feed = statusFixture(knowbe4) as Mutable;
    // The same recording after the provider closed the incident.
    feed.incidents[0].status = 'resolved';
    const reading = read(json(feed), 'statuspage', { mail: ['KnowBe4 Website'] }, at('2026-07-30T18:00:00Z'));
    expect(reading).toEqual({ ok: true, asOf: expect.any(Number), incidents: [] });
  });

  it('a feed whose own "as of" time is more than a week old is stale: unknown, never all well', () => {
    const reading = read(
      recorded(knowbe4),
      'statuspage',
      { mail: ['KnowBe4 Website'] },
      at('2026-07-30T17:19:13.381Z') + STALE_AFTER_MS + 1,
    );
    expect(reading).toEqual({
      ok: false,
      problem: 'stale',
      detail: expect.stringContaining('2026-07-30T17:19:13.381Z'),
    });
  });

  it('a week old is not yet stale', () => {
    const reading = read(
      recorded(knowbe4),
      'statuspage',
      { mail: ['KnowBe4 Website'] },
      at('2026-07-30T17:19:13.381Z') + STALE_AFTER_MS,
    );
    expect(reading.ok).toBe(true);
  });

  it('a feed stamped days in the future cannot be trusted either', () => {
    const reading = read(
      recorded(knowbe4),
      'statuspage',
      { mail: ['KnowBe4 Website'] },
      at('2026-07-20T00:00:00Z'),
    );
    expect(reading).toMatchObject({ ok: false, problem: 'future' });
  });

  it('never links anything but https', () => {
    const feed = statusFixture(knowbe4) as Mutable;
    feed.page.url = 'javascript:alert(1)';
    feed.incidents[0].shortlink = 'http://stspg.io/x';
    const reading = read(json(feed), 'statuspage', { mail: ['KnowBe4 Website'] }, at('2026-07-30T18:00:00Z'));
    expect(reading.ok && reading.incidents[0]?.url).toBeNull();
  });
});

describe('Google Workspace incidents.json', () => {
  const file = 'google-workspace-incidents.json';
  const GMAIL = 'prPt2Yra2CbGsbEm9cpC';

  it('all well when every Gmail incident has ended (the recording: three Gmail incidents, all closed)', () => {
    expect(read(recorded(file), 'google-workspace', { mail: [GMAIL] }, at('2026-07-02T00:00:00Z'))).toEqual({
      ok: true,
      asOf: null,
      incidents: [],
    });
  });

  it('reports a Gmail incident while it is open: title, since, latest update, link', () => {
    const feed = statusFixture(file) as Mutable[];
    // Incident kWSuRqLdsXGzT7Qxjdmz as the feed read while it was open: no `end` yet, its latest update the last one before the resolution.
    const open = feed.find((i) => i.id === 'kWSuRqLdsXGzT7Qxjdmz') as Mutable;
    delete open.end;
    open.most_recent_update = open.updates.find((u: Mutable) => u.status !== 'AVAILABLE');
    const reading = read(json(feed), 'google-workspace', { mail: [GMAIL] }, at('2026-05-10T00:00:00Z'));
    expect(reading.ok && reading.incidents).toEqual([
      {
        id: 'google:kWSuRqLdsXGzT7Qxjdmz',
        title:
          'Gmail Android users using Microsoft Exchange Online may fail to log in due to authentication issues.',
        since: '2026-05-06T16:00:00.000Z',
        updatedAt: expect.any(String),
        latestUpdate: expect.not.stringContaining('**'),
        url: 'https://www.google.com/appsstatus/dashboard/incidents/kWSuRqLdsXGzT7Qxjdmz',
      },
    ]);
  });

  it('matches Gmail by product id, not by its title', () => {
    const feed = statusFixture(file) as Mutable[];
    for (const incident of feed) delete incident.end;
    const byTitle = read(json(feed), 'google-workspace', { mail: ['Gmail'] }, at('2026-07-02T00:00:00Z'));
    expect(byTitle.ok && byTitle.incidents).toEqual([]);
    const byId = read(json(feed), 'google-workspace', { mail: [GMAIL] }, at('2026-07-02T00:00:00Z'));
    expect(byId.ok && byId.incidents.map((i) => i.id).sort()).toEqual(
      ['google:CzVZ5zk2Gf2ixPSt6RT3', 'google:kWSuRqLdsXGzT7Qxjdmz', 'google:vagmms1y6yRxwg6RMQZp'].sort(),
    );
  });
});

describe('status.io', () => {
  const file = 'statusio-gitlab-operational-extracted.json';

  it('all well when every component is operational', () => {
    expect(
      read(
        recorded(file),
        'statusio',
        { mail: ['Website'], pageUrl: 'https://status.gitlab.com/' },
        at('2023-06-30T00:00:00Z'),
      ),
    ).toEqual({
      ok: true,
      asOf: at('2023-06-29T15:20:28.798Z'),
      incidents: [],
    });
  });

  it('reports a mail component in disruption (status code 400 and up), linking the status page', () => {
    const feed = statusFixture(file) as Mutable;
    // The recording with its "Website" component as a partial service disruption would read.
    Object.assign(feed.result.status[0], { status: 'Partial Service Disruption', status_code: 400 });
    const reading = read(
      json(feed),
      'statusio',
      { mail: ['Website'], pageUrl: 'https://status.gitlab.com/' },
      at('2023-06-30T00:00:00Z'),
    );
    expect(reading.ok && reading.incidents).toEqual([
      expect.objectContaining({
        title: 'Website: Partial Service Disruption',
        url: 'https://status.gitlab.com/',
      }),
    ]);
  });

  it('a page whose every component is mail ("*", the catalogue\'s Mimecast entry) reports any component in trouble', () => {
    const feed = statusFixture(file) as Mutable;
    // The recording with one component as a service disruption would read.
    Object.assign(feed.result.status[3], { status: 'Service Disruption', status_code: 500 });
    const reading = read(json(feed), 'statusio', { mail: ['*'] }, at('2023-06-30T00:00:00Z'));
    expect(reading.ok && reading.incidents.map((i) => i.title)).toEqual([
      'Container Registry: Service Disruption',
    ]);
  });

  it('stale years later', () => {
    expect(read(recorded(file), 'statusio', { mail: ['Website'] }, at('2026-12-01T00:00:00Z'))).toMatchObject(
      { ok: false, problem: 'stale' },
    );
  });
});

describe('Apple system status', () => {
  const file = 'apple-system-status.json';

  it('all well for iCloud Mail (no events)', () => {
    expect(read(recorded(file), 'apple', { mail: ['iCloud Mail'] }, at('2026-07-30T00:00:00Z'))).toEqual({
      ok: true,
      asOf: null,
      incidents: [],
    });
  });

  it('a resolved event is not reported', () => {
    expect(read(recorded(file), 'apple', { mail: ['App Store'] }, at('2026-07-30T00:00:00Z'))).toEqual({
      ok: true,
      asOf: null,
      incidents: [],
    });
  });

  it('an open event is, and the old JSONP wrapping is read too', () => {
    const feed = statusFixture(file) as Mutable;
    // The App Store event as it read while ongoing.
    const event = feed.services.find((s: Mutable) => s.serviceName === 'App Store').events[0];
    event.eventStatus = 'ongoing';
    event.epochEndDate = null;
    const reading = read(
      { body: `jsonCallback(${JSON.stringify(feed)});`, contentType: 'application/javascript' },
      'apple',
      { mail: ['App Store'] },
      at('2026-07-29T23:00:00Z'),
    );
    expect(reading.ok && reading.incidents).toEqual([
      {
        id: 'apple:1000005806',
        title: 'App Store (Outage)',
        since: new Date(1785363840000).toISOString(),
        updatedAt: null,
        latestUpdate: expect.stringContaining('Users may have been unable to make purchases'),
        url: 'https://www.apple.com/support/systemstatus/',
      },
    ]);
  });
});

describe('AWS Health current events', () => {
  const file = 'aws-health-currentevents-trimmed.json';

  it('reports the active events of the selected service keys only', () => {
    const reading = read(
      recorded(file),
      'aws-health',
      { mail: ['multipleservices-'] },
      at('2026-08-01T00:00:00Z'),
    );
    expect(reading.ok && reading.incidents.map((i) => i.title)).toEqual([
      expect.stringContaining('Increased Error Rates'),
      expect.stringContaining('Increased Error Rates'),
    ]);
  });

  it('a resolved event (status "0") is not reported, nor other services', () => {
    expect(
      read(recorded(file), 'aws-health', { mail: ['directconnect-'] }, at('2026-08-01T00:00:00Z')),
    ).toEqual({ ok: true, asOf: null, incidents: [] });
    expect(read(recorded(file), 'aws-health', { mail: ['workmail-'] }, at('2026-08-01T00:00:00Z'))).toEqual({
      ok: true,
      asOf: null,
      incidents: [],
    });
  });
});

describe('answers that are not a feed', () => {
  const selector = { mail: ['Email Routing'] };
  const now = at('2026-07-30T18:00:00Z');

  it('an HTML error page is unreadable', () => {
    expect(
      read({ body: '<!DOCTYPE html><h1>503</h1>', contentType: 'text/html' }, 'statuspage', selector, now),
    ).toMatchObject({ ok: false, problem: 'html' });
  });

  it('a 200 with a single-page app shell, even labelled JSON, is unreadable', () => {
    const shell = '<!doctype html><div id="root"></div><script src="/assets/app.js"></script>';
    expect(read({ body: shell, contentType: 'application/json' }, 'statuspage', selector, now)).toMatchObject(
      { ok: false, problem: 'html' },
    );
  });

  it('text that is not JSON is unreadable', () => {
    expect(
      read({ body: 'All systems operational', contentType: 'text/plain' }, 'statuspage', selector, now),
    ).toMatchObject({ ok: false, problem: 'not-json' });
  });

  it('JSON of another format is malformed, for every parser', () => {
    const github = recorded('statuspage-summary-github-operational.json');
    for (const format of ['google-workspace', 'statusio', 'apple', 'aws-health'] as const) {
      expect(read(github, format, selector, now)).toMatchObject({ ok: false, problem: 'malformed' });
    }
    expect(read(recorded('google-workspace-incidents.json'), 'statuspage', selector, now)).toMatchObject({
      ok: false,
      problem: 'malformed',
    });
  });

  it('remote text is capped and flattened to plain text', () => {
    const feed = statusFixture('statuspage-summary-knowbe4-incident-indicator-none.json') as Mutable;
    feed.incidents[0].name = `<img src=x onerror=alert(1)>${'A'.repeat(5000)}`;
    const reading = read(json(feed), 'statuspage', { mail: ['KnowBe4 Website'] }, now);
    const title = reading.ok ? (reading.incidents[0]?.title ?? '') : '';
    expect(title).not.toContain('<img');
    expect(title.length).toBeLessThanOrEqual(200);
  });
});
