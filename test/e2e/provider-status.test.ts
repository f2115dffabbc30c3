import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainReport } from '../../src/core/types.ts';
import { newEntry, WATCHLIST_STORAGE_KEY, WATCHLIST_VERSION } from '../../src/watchlist/model.ts';
import { summarizeReport } from '../../src/watchlist/summary.ts';
import { statusFixture } from '../helpers/status-server.ts';
import { startWebServer, type WebServer } from '../stack/web-server.ts';
import { healthyReport } from './fixtures/reports.ts';
import { waitFor } from './helpers/browser.ts';
import { ensureBuilt, ROOT } from './helpers/build.ts';
import { cachedReports } from './helpers/demo-world.ts';
import { type BrowserName, DRIVERS, type E2EPage, type ExtensionBrowser } from './helpers/driver.ts';
import { popup as $ } from './helpers/selectors.ts';
import { closedPort } from './helpers/sites.ts';

/**
 * The popup during a provider incident, in each browser: the background reads the catalogue's own
 * feed URL (https://www.google.com/appsstatus/dashboard/incidents.json), which Chromium's host rules
 * (Firefox: its proxy prefs) send to a local HTTPS server holding the recorded Google Workspace feed with one Gmail incident open.
 * Cloudflare's feed host has no site there (its answer is an HTML page): the feed cannot be read.
 */
const INCIDENT_ID = 'kWSuRqLdsXGzT7Qxjdmz';
// UPDATE_SCREENSHOTS=1 rewrites the ones in docs/ (from Chromium); otherwise they go to .tmp/.
const shots = (browser: BrowserName) =>
  process.env.UPDATE_SCREENSHOTS && browser === 'chromium'
    ? join(ROOT, 'docs')
    : join(ROOT, '.tmp', 'screenshots', browser);

function feedSites(): string {
  const dir = mkdtempSync(join(tmpdir(), 'di-status-sites-'));
  const feed = statusFixture('google-workspace-incidents.json') as Record<string, unknown>[];
  // The recorded Gmail incident as the feed read while it was open (no `end`, its latest update before the resolution).
  const open = feed.find((i) => i.id === INCIDENT_ID) as Record<string, unknown>;
  delete open.end;
  open.most_recent_update = (open.updates as { status: string }[]).find((u) => u.status !== 'AVAILABLE');
  mkdirSync(join(dir, 'google.com', 'appsstatus', 'dashboard'), { recursive: true });
  writeFileSync(join(dir, 'google.com', 'appsstatus', 'dashboard', 'incidents.json'), JSON.stringify(feed));
  return dir;
}

function cloudflareReport(now: number): DomainReport {
  const report = healthyReport(now, 'routed-mail.com');
  report.mail.provider = {
    id: 'cloudflare-email-routing',
    name: 'Cloudflare Email Routing',
    statusUrl: 'https://www.cloudflarestatus.com/',
  };
  return report;
}

/** The provider-status check row once it is in `state`: its selector, for reading it. */
async function providerRow(page: E2EPage, state: string): Promise<string> {
  const selector = $.providerStatusRow(state);
  await page.waitFor(selector, { timeoutMs: 15_000 });
  return selector;
}

for (const driver of DRIVERS) {
  describe(`provider status in the popup (${driver.name})`, () => {
    let sites: string;
    let web: WebServer;

    beforeAll(async () => {
      await ensureBuilt();
      sites = feedSites();
      web = await startWebServer({ sitesDir: sites });
    }, 180_000);

    afterAll(async () => {
      await web?.stop();
      if (sites) rmSync(sites, { recursive: true, force: true });
    });

    async function withBrowser(
      lang: 'en' | 'es',
      settings: Record<string, unknown>,
      run: (b: ExtensionBrowser) => Promise<void>,
    ) {
      const browser = await driver.launch({ lang, webPort: web.port });
      try {
        const now = Date.now();
        await browser.setLocal({
          settings: {
            dohUrl: `http://127.0.0.1:${await closedPort()}/dns-query`,
            firstRunDone: true,
            ...settings,
          },
          ...cachedReports([healthyReport(now), cloudflareReport(now)]),
        });
        await run(browser);
      } finally {
        await browser.close();
      }
    }

    it('shows the open Gmail incident: title, since when, latest update, an https link; the finding joins the report', async () => {
      await withBrowser('en', {}, async (browser) => {
        const page = await browser.openPage('popup.html?domain=acme-google.com');
        const row = await providerRow(page, 'found');
        const text = (await page.text(row)) ?? '';
        expect(text).toContain('Google Workspace reports an incident affecting mail');
        expect(text).toContain('Gmail Android users using Microsoft Exchange Online may fail to log in');
        expect(text).toMatch(/Since .*2026/);
        expect(text).toContain('Latest update');
        const href = await page.attr(`${row} a`, 'href');
        expect(href).toBe(`https://www.google.com/appsstatus/dashboard/incidents/${INCIDENT_ID}`);
        await page.waitFor('[data-finding-id="provider.incident"]', { timeoutMs: 5_000 });
        mkdirSync(shots(browser.name), { recursive: true });
        await page.screenshot(join(shots(browser.name), 'popup-provider-incident-en.png'));
      });
    }, 90_000);

    it('in Spanish', async () => {
      await withBrowser('es', {}, async (browser) => {
        const page = await browser.openPage('popup.html?domain=acme-google.com');
        const row = await providerRow(page, 'found');
        expect(await page.text(row)).toContain(
          'Google Workspace informa de una incidencia que afecta al correo',
        );
        mkdirSync(shots(browser.name), { recursive: true });
        await page.screenshot(join(shots(browser.name), 'popup-provider-incident-es.png'));
      });
    }, 90_000);

    it('a feed that answers with an HTML page: "could not read", never all well', async () => {
      await withBrowser('en', {}, async (browser) => {
        const page = await browser.openPage('popup.html?domain=routed-mail.com');
        const row = await providerRow(page, 'unknown');
        expect(await page.text(row)).toContain("Could not read Cloudflare Email Routing's status feed");
        expect(await page.text(row)).not.toContain('No incident reported');
      });
    }, 90_000);

    it('turned off in the settings: nothing is read, the popup says so', async () => {
      await withBrowser('en', { providerStatus: false }, async (browser) => {
        const page = await browser.openPage('popup.html?domain=acme-google.com');
        const row = await providerRow(page, 'off');
        expect(await page.text(row)).toContain('turned off in the settings');
      });
    }, 90_000);

    it('the watchlist raises one notification for the incident, naming the watched domains, and not again on the next sweep', async () => {
      await withBrowser('en', {}, async (browser) => {
        const now = Date.now();
        const entries = ['acme-google.com', 'second-google.com'].map((domain) => {
          const entry = newEntry(domain, domain, now);
          entry.lastReport = summarizeReport(healthyReport(now, domain));
          return entry;
        });
        await browser.setLocal({
          [WATCHLIST_STORAGE_KEY]: { version: WATCHLIST_VERSION, domains: entries },
        });
        const sweep = () =>
          browser.api(() => chrome.alarms.create('provider-status', { when: Date.now() + 50 }));
        const notifications = () =>
          browser.api(async () => {
            const all = (await chrome.notifications.getAll()) as Record<string, unknown>;
            return Object.keys(all);
          });
        await sweep();
        const ids = await waitFor(
          notifications,
          (list) => list.length > 0,
          'a provider-incident notification',
        );
        expect(ids).toEqual([`provider-incident:acme-google.com|google-workspace|google:${INCIDENT_ID}`]);
        await browser.api((id) => chrome.notifications.clear(id), ids[0] ?? '');
        const remembered = () =>
          browser.api(async () =>
            Object.keys(
              ((await chrome.storage.local.get('providerIncidentsNotified')).providerIncidentsNotified ??
                {}) as object,
            ),
          );
        expect(await remembered()).toEqual([`google-workspace|google:${INCIDENT_ID}`]);
        // A memory older than a month, which the next sweep lets go: proof that the sweep ran.
        await browser.api(async () => {
          const { providerIncidentsNotified } = await chrome.storage.local.get('providerIncidentsNotified');
          const old = Date.now() - 40 * 86_400_000;
          await chrome.storage.local.set({
            providerIncidentsNotified: { ...(providerIncidentsNotified as object), 'gone|old': old },
          });
        });
        await sweep();
        await waitFor(remembered, (keys) => !keys.includes('gone|old'), 'the second sweep');
        expect(await notifications()).toEqual([]);
        expect(await remembered()).toEqual([`google-workspace|google:${INCIDENT_ID}`]);
      });
    }, 90_000);
  });
}
