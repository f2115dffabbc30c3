import { describe, expect, it } from 'vitest';
import { statusFixtureText } from '../../test/helpers/status-server.ts';
import { bundledTranslator } from '../core/i18n/bundled.ts';
import type { FeedResult } from '../core/status/provider-status.ts';
import { readFeed } from '../core/status/read-feed.ts';
import type { Watchlist } from './model.ts';
import { newEntry, WATCHLIST_VERSION } from './model.ts';
import {
  NOTIFIED_KEEP_MS,
  providerIncidentNotices,
  providerNoticeText,
  watchedProviders,
} from './provider-notices.ts';
import { summarizeReport as summarize } from './summary.ts';
import { report } from './test-helpers.ts';

const NOW = Date.parse('2026-07-30T18:00:00Z');

/** A watchlist whose domains' last reports name these providers. */
function watchlistOf(
  domains: [string, { id: string; name: string } | null, { id: string; name: string } | null][],
): Watchlist {
  return {
    version: WATCHLIST_VERSION,
    domains: domains.map(([domain, provider, gateway]) => {
      const base = report({ domain, unicode: domain });
      const entry = newEntry(domain, domain, NOW);
      entry.lastReport = summarize({ ...base, mail: { ...base.mail, provider, gateway } });
      return entry;
    }),
  };
}

/** The recorded KnowBe4 feed (an open incident) standing in for a mail provider's feed. */
function incidentFeed(): FeedResult {
  const reading = readFeed(
    {
      body: statusFixtureText('statuspage-summary-knowbe4-incident-indicator-none.json'),
      contentType: 'application/json',
    },
    'statuspage',
    { mail: ['KnowBe4 Website'] },
    NOW,
  );
  if (!reading.ok) throw new Error('the recorded feed should read');
  return { ok: true, incidents: reading.incidents, checkedAt: NOW };
}

const cloudflare = { id: 'cloudflare-email-routing', name: 'Cloudflare Email Routing' };
const google = { id: 'google-workspace', name: 'Google Workspace' };

describe('provider incident notifications', () => {
  const watchlist = watchlistOf([
    ['shop.example', cloudflare, null],
    ['blog.example', cloudflare, null],
    ['other.example', google, null],
  ]);

  it('one notification per incident, naming every watched domain it affects', () => {
    const feeds = new Map([[cloudflare.id, incidentFeed()]]);
    const { notices } = providerIncidentNotices(watchedProviders(watchlist), feeds, {}, NOW);
    expect(notices).toEqual([
      expect.objectContaining({
        key: 'cloudflare-email-routing|statuspage:bzcwcdz7454v:46k1rdvj20qm',
        domains: ['shop.example', 'blog.example'],
      }),
    ]);
  });

  it('is not raised again on the next sweep for the same incident', () => {
    const feeds = new Map([[cloudflare.id, incidentFeed()]]);
    const first = providerIncidentNotices(watchedProviders(watchlist), feeds, {}, NOW);
    const second = providerIncidentNotices(
      watchedProviders(watchlist),
      feeds,
      first.notified,
      NOW + 10 * 60_000,
    );
    expect(second.notices).toEqual([]);
  });

  it('a provider also used as a gateway counts its domains once per incident', () => {
    const both = watchlistOf([
      ['a.example', google, cloudflare],
      ['b.example', cloudflare, null],
    ]);
    const { notices } = providerIncidentNotices(
      watchedProviders(both),
      new Map([[cloudflare.id, incidentFeed()]]),
      {},
      NOW,
    );
    expect(notices.map((n) => n.domains)).toEqual([['a.example', 'b.example']]);
  });

  it('nothing for an unreadable feed or one with no incident', () => {
    const feeds = new Map<string, FeedResult>([
      [cloudflare.id, { ok: false, code: 'html', detail: 'HTML', checkedAt: NOW }],
      [google.id, { ok: true, incidents: [], checkedAt: NOW }],
    ]);
    expect(providerIncidentNotices(watchedProviders(watchlist), feeds, {}, NOW).notices).toEqual([]);
  });

  it('forgets announced incidents after a month', () => {
    const notified = { 'cloudflare-email-routing|old': NOW - NOTIFIED_KEEP_MS - 1 };
    const { notified: kept } = providerIncidentNotices(watchedProviders(watchlist), new Map(), notified, NOW);
    expect(kept).toEqual({});
  });

  it('words in English and Spanish', () => {
    const [notice] = providerIncidentNotices(
      watchedProviders(watchlist),
      new Map([[cloudflare.id, incidentFeed()]]),
      {},
      NOW,
    ).notices;
    if (!notice) throw new Error('expected a notice');
    expect(providerNoticeText(notice, bundledTranslator('en'))).toEqual({
      title: 'Cloudflare Email Routing: incident affecting mail',
      message:
        '“Protect blank purchasing page on store.knowbe4.com” — watched domains affected: shop.example, blog.example',
    });
    expect(providerNoticeText(notice, bundledTranslator('es'))).toEqual({
      title: 'Cloudflare Email Routing: incidencia que afecta al correo',
      message:
        '«Protect blank purchasing page on store.knowbe4.com» — dominios vigilados afectados: shop.example, blog.example',
    });
  });
});
