import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthyReport } from '../../../test/e2e/fixtures/reports.ts';
import { type StatusServer, startStatusServer, statusFixture } from '../../../test/helpers/status-server.ts';
import { bundledTranslator } from '../i18n/bundled.ts';
import { statusFeedHosts, statusFeedOf } from '../mail/providers.ts';
import type { DomainReport } from '../types.ts';
import {
  applyProviderStatus,
  type FeedResult,
  providerStatuses,
  readProviderFeed,
  type StatusFeedEntry,
} from './provider-status.ts';

/** The provider-status check end to end over a local server holding the recorded feeds. */
let server: StatusServer;
beforeAll(async () => {
  server = await startStatusServer();
  const feed = statusFixture('google-workspace-incidents.json') as Record<string, unknown>[];
  // Incident kWSuRqLdsXGzT7Qxjdmz as the feed read while it was open (no `end`, latest update before the resolution).
  const open = feed.find((i) => i.id === 'kWSuRqLdsXGzT7Qxjdmz') as Record<string, unknown>;
  delete open.end;
  open.most_recent_update = (open.updates as { status: string }[]).find((u) => u.status !== 'AVAILABLE');
  server.serve('/google-open.json', JSON.stringify(feed));
});
afterAll(() => server.stop());

const GMAIL = 'prPt2Yra2CbGsbEm9cpC';
const WHILE_OPEN = Date.parse('2026-05-10T00:00:00Z');
const en = bundledTranslator('en');
const es = bundledTranslator('es');

function googleAt(path: string): StatusFeedEntry {
  return {
    format: 'google-workspace',
    url: server.url + path,
    mail: [GMAIL],
    pageUrl: 'https://www.google.com/appsstatus/dashboard/',
  };
}

async function check(report: DomainReport, entry: StatusFeedEntry | null, now = WHILE_OPEN, t = en) {
  const read = (_id: string, feed: StatusFeedEntry) =>
    readProviderFeed(feed, { fetch, now: () => now, timeoutMs: 3000 });
  const statuses = await providerStatuses(report.mail, () => entry, read);
  return { statuses, report: applyProviderStatus(report, statuses, t) };
}

describe('provider status in the report', () => {
  it('an open Gmail incident: provider.incident (warning) naming the incident, since when, the latest update and its link; the verdict accounts for it', async () => {
    const { report } = await check(healthyReport(), googleAt('/google-open.json'));
    expect(report.checks['provider-status']).toEqual({ state: 'found', severity: 'warning' });
    expect(report.verdict).toBe('warning');
    const [finding] = report.findings.filter((f) => f.id === 'provider.incident');
    expect(finding).toMatchObject({
      severity: 'warning',
      title: 'Google Workspace reports an incident affecting mail',
    });
    expect(finding?.detail).toContain(
      '“Gmail Android users using Microsoft Exchange Online may fail to log in due to authentication issues.”',
    );
    expect(finding?.detail).toContain('ongoing since 2026-05-06 16:00 UTC');
    expect(finding?.detail).toMatch(/Latest update \(2026-05-\d\d \d\d:\d\d UTC\): /);
    expect(finding?.detail).toContain(
      'https://www.google.com/appsstatus/dashboard/incidents/kWSuRqLdsXGzT7Qxjdmz',
    );
  });

  it('the same in Spanish', async () => {
    const { report } = await check(healthyReport(), googleAt('/google-open.json'), WHILE_OPEN, es);
    const [finding] = report.findings.filter((f) => f.id === 'provider.incident');
    expect(finding?.title).toBe('Google Workspace informa de una incidencia que afecta al correo');
    expect(finding?.detail).toContain('en curso desde 2026-05-06 16:00 UTC');
    expect(finding?.fix).toContain('siga la incidencia');
  });

  it('all well (every Gmail incident closed): found, no finding, the verdict unchanged', async () => {
    const { report, statuses } = await check(
      healthyReport(),
      googleAt('/feeds/google-workspace-incidents.json'),
      Date.parse('2026-07-02T00:00:00Z'),
    );
    expect(statuses).toEqual([expect.objectContaining({ state: 'found', incidents: [] })]);
    expect(report.checks['provider-status']).toEqual({ state: 'found', severity: 'none' });
    expect(report.verdict).toBe('ok');
    expect(report.findings).toEqual([]);
  });

  it('HTML instead of JSON: unknown, never all well; the report is incomplete and says why', async () => {
    const { report } = await check(healthyReport(), googleAt('/html-error'));
    expect(report.checks['provider-status']).toEqual({ state: 'unknown', severity: 'none' });
    expect(report.complete).toBe(false);
    expect(report.verdict).toBe('incomplete');
    expect(report.errors).toEqual([
      expect.objectContaining({ source: 'status', code: 'malformed', query: `${server.url}/html-error` }),
    ]);
  });

  it('a 200 app shell labelled JSON: unknown', async () => {
    const { statuses } = await check(healthyReport(), googleAt('/app-shell-as-json'));
    expect(statuses).toEqual([expect.objectContaining({ state: 'unknown', code: 'html' })]);
  });

  it('no feed at that address (404): unknown', async () => {
    const { statuses, report } = await check(healthyReport(), googleAt('/missing'));
    expect(statuses).toEqual([expect.objectContaining({ state: 'unknown', code: 'not-found' })]);
    expect(report.errors[0]?.code).toBe('not-found');
  });

  it('a provider without a usable feed: unsupported, and the verdict is untouched', async () => {
    const zoho = healthyReport();
    zoho.mail.provider = { id: 'zoho', name: 'Zoho Mail' };
    const { report } = await check(zoho, statusFeedOf('zoho'));
    expect(report.checks['provider-status']).toEqual({ state: 'unsupported', severity: 'none' });
    expect(report.verdict).toBe('ok');
    expect(report.complete).toBe(true);
  });

  it('a domain that accepts no mail: not applicable', async () => {
    const none = healthyReport();
    none.mail.acceptsMail = false;
    const { report } = await check(none, googleAt('/google-open.json'));
    expect(report.checks['provider-status']?.state).toBe('not-applicable');
    expect(report.findings).toEqual([]);
  });

  it('applied again (a cached report), it replaces what it added before', async () => {
    const first = await check(healthyReport(), googleAt('/google-open.json'));
    const again = await check(
      first.report,
      googleAt('/feeds/google-workspace-incidents.json'),
      Date.parse('2026-07-02T00:00:00Z'),
    );
    expect(again.report.findings).toEqual([]);
    expect(again.report.verdict).toBe('ok');
  });

  it('reads AWS Health as served: UTF-16 with a byte-order mark', async () => {
    const result: FeedResult = await readProviderFeed(
      {
        format: 'aws-health',
        url: `${server.url}/feeds/aws-health-currentevents-trimmed.json`,
        mail: ['multipleservices-'],
      },
      { fetch, now: () => Date.parse('2026-08-01T00:00:00Z'), timeoutMs: 3000 },
    );
    expect(result.ok && result.incidents.length).toBe(2);
  });

  it('a feed that never answers in time: unknown (timeout)', async () => {
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    const result = await readProviderFeed(googleAt('/google-open.json'), {
      fetch: hanging,
      now: () => WHILE_OPEN,
      timeoutMs: 50,
    });
    expect(result).toMatchObject({ ok: false, code: 'timeout' });
  });
});

describe('the catalogue', () => {
  it('points Google Workspace at Gmail by product id and says "unsupported" where no feed was confirmed', () => {
    expect(statusFeedOf('google-workspace')).toMatchObject({ format: 'google-workspace', mail: [GMAIL] });
    expect(statusFeedOf('cloudflare-email-routing')).toMatchObject({
      format: 'statuspage',
      mail: ['Email Routing'],
    });
    expect(statusFeedOf('microsoft-365')).toBeNull();
    expect(statusFeedOf('self-hosted')).toBeNull();
  });

  it('the README names every host a status feed is read from', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(statusFeedHosts().length).toBeGreaterThan(0);
    for (const host of statusFeedHosts()) expect(readme).toContain(`\`${host}\``);
  });
});
