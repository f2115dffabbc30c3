import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translateFindings } from '../../src/core/findings.ts';
import { bundledTranslator, type Language } from '../../src/core/i18n/bundled.ts';
import type { DomainReport, Verdict } from '../../src/core/types.ts';
import { newEntry, type Watchlist } from '../../src/watchlist/model.ts';
import {
  criticalReport,
  healthyReport,
  incompleteReport,
  judged,
  warningReport,
} from './fixtures/reports.ts';
import { type ExtensionBrowser, launchExtension, setLocal, waitFor } from './helpers/browser.ts';
import { ensureBuilt, ROOT } from './helpers/build.ts';
import {
  cachedReports,
  DEMO_DOMAIN,
  type DemoReports,
  demoReports,
  watchedEntry,
  watchlistOf,
} from './helpers/demo-world.ts';
import { closedPort } from './helpers/sites.ts';

/**
 * The verdict on the watchlist page (src/options/index.html#watchlist) in Chromium, from a seeded
 * watchlist: why each row is red or amber, the registrar, the urgency order, could-not-check rows,
 * "Check all now" and the prefilled "who to call"; then the screenshots of the popup for every
 * verdict and of the watchlist, from the demo world, in en/es × light/dark. One browser per
 * language and scheme; pages are reused.
 */
const DAY = 86_400_000;
// UPDATE_SCREENSHOTS=1 rewrites the ones in docs/ (the README shows some); otherwise they go to .tmp/.
const SHOTS = process.env.UPDATE_SCREENSHOTS ? join(ROOT, 'docs') : join(ROOT, '.tmp', 'screenshots');
const VERDICTS: Verdict[] = ['ok', 'warning', 'critical', 'incomplete'];

/** The fixture watchlist: every verdict, two warnings whose expiry order is not their name order. */
function fixtureWatchlist(now: number): Watchlist {
  const laterWarning = warningReport(now, 'aaa-warning.com');
  if (laterWarning.registration) laterWarning.registration.expires = new Date(now + 200 * DAY).toISOString();
  laterWarning.findings = laterWarning.findings.filter((f) => f.id !== 'registration.expires-soon');
  const soonerHealthy = healthyReport(now, 'bbb-healthy.com');
  if (soonerHealthy.registration) soonerHealthy.registration.expires = new Date(now + 60 * DAY).toISOString();
  return watchlistOf([
    newEntry('zz-unchecked.com', 'zz-unchecked.com', now),
    watchedEntry(healthyReport(now)),
    watchedEntry(judged(laterWarning, { 'mta-sts': 'absent' })),
    watchedEntry(incompleteReport(now, 'no-auth.com')),
    watchedEntry(soonerHealthy),
    watchedEntry(warningReport(now), {
      notes: {
        owner: '',
        renewalContacts: [],
        registrarAccount: '',
        mailSupport: 'Ana (IT), 999 111 222',
        text: '',
      },
    }),
    watchedEntry(criticalReport(now)),
  ]);
}

/** The finding titles of a report in `lang`, by id, from the catalogue (not from the page). */
function titles(report: DomainReport, lang: Language): Map<string, string> {
  const translated = translateFindings(
    report.findings.map((f) => ({ id: f.id, severity: f.severity, args: f.args ?? [] })),
    bundledTranslator(lang),
  );
  return new Map(translated.map((f) => [f.id, f.title]));
}

function watchlistChecks(lang: Language, page: () => Page, browser: () => ExtensionBrowser) {
  const now = Date.now();
  const fixtures = fixtureWatchlist(now);
  const reports: Record<string, DomainReport> = {
    'dangling-mx.com': criticalReport(now),
    'dmarc-none.com': warningReport(now),
  };
  const row = (domain: string) => page().locator(`tr[data-domain="${domain}"]`);
  const seed = async (watchlist: Watchlist) => {
    await setLocal(browser().worker, { watchlist });
    await waitFor(
      () => page().locator('tr[data-domain]').count(),
      (n) => n === watchlist.domains.length,
      'the seeded rows painted',
    );
  };

  it('disables "Check all now" on an empty list and enables it once a domain is watched', async () => {
    await seed(watchlistOf([]));
    await page().locator('.empty').waitFor();
    await expect(page().locator('#checkAll').isDisabled()).resolves.toBe(true);
    await seed(fixtures);
    await waitFor(() => page().locator('#checkAll').isEnabled(), Boolean, '"Check all now" enabled');
  });

  it('says on each red or amber row which finding makes it so, and names the registrar', async () => {
    for (const [domain, report] of Object.entries(reports)) {
      await expect(row(domain).getAttribute('data-severity')).resolves.toBe(report.verdict);
      const reason = row(domain).locator('.reason');
      const id = await reason.getAttribute('data-finding-id');
      const finding = report.findings.find((f) => f.id === id);
      // The worst: a finding of the verdict's own severity, in the page's language.
      expect(finding?.severity).toBe(report.verdict);
      await expect(reason.textContent()).resolves.toBe(titles(report, lang).get(id ?? ''));
      await expect(row(domain).locator('.registrar').textContent()).resolves.toBe('MarkMonitor Inc.');
    }
    await expect(row('acme-google.com').locator('.reason').count()).resolves.toBe(0);
  });

  it('says so on a row that could not be checked, and does not paint it green', async () => {
    const incomplete = row('no-auth.com');
    await expect(incomplete.getAttribute('data-severity')).resolves.toBe('incomplete');
    await expect(incomplete.locator('.severity').textContent()).resolves.toBe(
      lang === 'es' ? 'No se pudo comprobar todo' : 'Could not check everything',
    );
    // And why: the lookup that failed, in the page's language.
    const why = incomplete.locator('.reason');
    await expect(why.getAttribute('data-finding-id')).resolves.toBe('dns.resolver-unreachable');
    await expect(why.textContent()).resolves.toBe(
      titles(incompleteReport(Date.now(), 'no-auth.com'), lang).get('dns.resolver-unreachable'),
    );
    const color = (domain: string) =>
      row(domain)
        .locator('.severity')
        .evaluate((el) => getComputedStyle(el).color);
    expect(await color('no-auth.com')).not.toBe(await color('acme-google.com'));
  });

  it('orders by urgency: critical, then warnings by soonest expiry, then the rest', async () => {
    const order = await page()
      .locator('tr[data-domain]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-domain')));
    expect(order).toEqual([
      'dangling-mx.com',
      'dmarc-none.com', // warning, expires in 15 days
      'aaa-warning.com', // warning, expires in 200 days
      'no-auth.com', // could not check everything
      'bbb-healthy.com', // ok, 60 days
      'acme-google.com', // ok, 400 days
      'zz-unchecked.com',
    ]);
  });

  if (lang === 'es') return;

  it('prefills "who to call" from the provider and the registrar, keeping what the user wrote', async () => {
    const details = (domain: string) => page().locator(`[data-details-for="${domain}"]`);
    await row('acme-google.com').locator('button.details').click();
    const mailSupport = await details('acme-google.com').locator('input[name="mailSupport"]').inputValue();
    expect(mailSupport).toContain('Google Workspace');
    expect(mailSupport).toContain('https://support.google.com/a/');
    const registrar = await details('acme-google.com').locator('input[name="registrarAccount"]').inputValue();
    for (const part of [
      'MarkMonitor Inc.',
      'https://www.markmonitor.com',
      'abusecomplaints@markmonitor.com',
      '+1.2086851750',
    ]) {
      expect(registrar).toContain(part);
    }

    await row('dmarc-none.com').locator('button.details').click();
    await expect(details('dmarc-none.com').locator('input[name="mailSupport"]').inputValue()).resolves.toBe(
      'Ana (IT), 999 111 222',
    );
    await expect(
      details('dmarc-none.com').locator('input[name="registrarAccount"]').inputValue(),
    ).resolves.toContain('MarkMonitor Inc.');
  });

  it('keeps what the user is typing in "who to call" when the list repaints', async () => {
    const owner = page().locator('[data-details-for="dmarc-none.com"] input[name="owner"]');
    await owner.fill('María, gerencia');
    // Another domain's check lands in storage: the page repaints every row from it.
    const repainted = structuredClone(fixtures);
    const healthy = repainted.domains.find((d) => d.domain === 'acme-google.com');
    if (healthy?.lastReport) healthy.lastReport.checkedAt = new Date().toISOString();
    await setLocal(browser().worker, { watchlist: repainted });
    await page().waitForTimeout(300);
    await expect(owner.inputValue()).resolves.toBe('María, gerencia');
    await row('dmarc-none.com').locator('button.details').click();
    await row('acme-google.com').locator('button.details').click();
  });
}

const noHorizontalOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

let demo: DemoReports;
beforeAll(async () => {
  await ensureBuilt();
  mkdirSync(SHOTS, { recursive: true });
  demo = await demoReports();
}, 120_000);

for (const lang of ['en', 'es'] as const) {
  for (const colorScheme of ['light', 'dark'] as const) {
    describe(`watchlist and verdicts in Chromium, ${lang}, ${colorScheme}`, () => {
      let browser: ExtensionBrowser;
      let options: Page;

      beforeAll(async () => {
        browser = await launchExtension({ lang, colorScheme });
        const deadResolver = `http://127.0.0.1:${await closedPort()}/dns-query`;
        // No lookup may run: the page shows what is seeded, nothing else.
        await setLocal(browser.worker, {
          settings: {
            dohUrl: deadResolver,
            rdapBootstrapUrl: deadResolver.replace(/dns-query$/, 'bootstrap.json'),
            firstRunDone: true,
            lookupMode: 'click',
            providerStatus: false,
          },
        });
        options = await browser.openPage('src/options/index.html#watchlist');
        await options.setViewportSize({ width: 1100, height: 700 });
      }, 60_000);

      afterAll(async () => {
        await browser?.close();
      });

      if (colorScheme === 'light') {
        watchlistChecks(
          lang,
          () => options,
          () => browser,
        );
      }

      it('captures the popup for every verdict', async () => {
        // Not watched in any variant: every popup offers "Add to watchlist" alike.
        await setLocal(browser.worker, { watchlist: watchlistOf([]) });
        const popup = await browser.context.newPage();
        await popup.setViewportSize({ width: 400, height: 600 });
        for (const verdict of VERDICTS) {
          const report = demo.byVerdict[verdict];
          // warning and incomplete are the same demo domain: the cache holds one at a time.
          await setLocal(browser.worker, cachedReports([report]));
          await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?domain=${report.domain}`);
          await popup.waitForSelector(`[data-verdict="${verdict}"]`, { timeout: 10_000 });
          await popup.screenshot({
            path: join(SHOTS, `popup-${verdict}-${lang}-${colorScheme}.png`),
            fullPage: true,
          });
          expect(await noHorizontalOverflow(popup)).toBe(true);
        }
        await popup.close();
      }, 60_000);

      it('captures the watchlist', async () => {
        const [warning, critical, ok, incomplete] = [
          demo.byVerdict.warning,
          demo.byVerdict.critical,
          demo.byVerdict.ok,
          ...demo.others,
        ] as DomainReport[];
        const watchlist = watchlistOf([
          watchedEntry(warning as DomainReport, { manualExpiry: '2027-03-15' }),
          watchedEntry(critical as DomainReport),
          watchedEntry(ok as DomainReport),
          watchedEntry(incomplete as DomainReport),
          newEntry('bodega-sol.pe', 'bodega-sol.pe', Date.now()),
        ]);
        await setLocal(browser.worker, { watchlist });
        await options.locator(`tr[data-domain="${DEMO_DOMAIN}"]`).waitFor();
        await options.locator('tr[data-domain="bodega-sol.pe"]').waitFor();
        await options.mouse.move(0, 0);
        // Dates and "self-hosted" in the language of the words around them.
        const broken = options.locator('tr[data-domain="dangling-mx.com"]');
        const expiry = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(
          Date.parse(demo.byVerdict.critical.registration?.expires ?? ''),
        );
        await expect(broken.locator('.expiry').textContent()).resolves.toContain(expiry);
        await expect(broken.locator('td').first().textContent()).resolves.toContain(
          lang === 'es' ? 'Servidores propios' : 'Self-hosted',
        );
        await options.screenshot({
          path: join(SHOTS, `watchlist-${lang}-${colorScheme}.png`),
          fullPage: true,
        });
        expect(await noHorizontalOverflow(options)).toBe(true);
      }, 30_000);
    });
  }
}
