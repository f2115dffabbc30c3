import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogues } from '../../src/core/i18n/bundled.ts';
import { healthyReport } from './fixtures/reports.ts';
import { waitFor } from './helpers/browser.ts';
import { cachedReports } from './helpers/demo-world.ts';
import { DRIVERS, type ExtensionBrowser } from './helpers/driver.ts';
import { popup as $, welcome } from './helpers/selectors.ts';
import { closedPort, startPageServer } from './helpers/sites.ts';

/**
 * MV3 host permissions, the one thing Firefox does differently that the user sees: they are
 * optional there (withheld at install when extensions.originControls.grantByDefault is off, and
 * withdrawable any time). Without them the popup says so and asks from a click; the first-run page
 * asks once. Firefox answers permissions.request at once here (webextOptionalPermissionPrompts off).
 */
const words = (lang: 'en' | 'es', key: string) => catalogues[lang][key]?.message;

async function seed(browser: ExtensionBrowser): Promise<void> {
  const report = healthyReport(Date.now());
  await browser.setLocal({
    settings: { dohUrl: `http://127.0.0.1:${await closedPort()}/dns-query`, firstRunDone: true },
    ...cachedReports([report]),
  });
}

const hasAccess = (browser: ExtensionBrowser) =>
  browser.api(() =>
    chrome.permissions.contains({ origins: chrome.runtime.getManifest().host_permissions ?? [] }),
  );

for (const driver of DRIVERS) {
  describe(`host permissions in ${driver.name}, granted at install`, () => {
    let browser: ExtensionBrowser;
    let pages: Awaited<ReturnType<typeof startPageServer>>;

    beforeAll(async () => {
      pages = await startPageServer();
      browser = await driver.launch({ webPort: pages.port });
      await seed(browser);
    }, 90_000);

    afterAll(async () => {
      await browser?.close();
      await pages?.stop();
    });

    it('the popup checks at once, asking nothing about access', async () => {
      expect(await hasAccess(browser)).toBe(true);
      const page = await browser.openPage('popup.html?domain=acme-google.com');
      await page.waitFor($.ready, { timeoutMs: 10_000 });
      await expect(page.count($.hostAccess)).resolves.toBe(0);
      await page.close();
    });

    it('the first-run page asks nothing about access', async () => {
      const page = await browser.openPage('src/popup/welcome.html');
      await page.waitFor(welcome.sentTitle);
      await expect(page.count(welcome.hostAccess)).resolves.toBe(0);
      await page.close();
    });

    it('withdrawn: the popup says so plainly, and asks for access from its button', async () => {
      await browser.withdrawHostAccess();
      expect(await hasAccess(browser)).toBe(false);
      const page = await browser.openPage('popup.html?domain=acme-google.com');
      await page.waitFor($.hostAccess, { timeoutMs: 10_000 });
      await expect(page.text(`${$.hostAccess} h2`)).resolves.toBe(words('en', 'hostAccessTitle'));
      await expect(page.text($.hostAccessButton)).resolves.toBe(words('en', 'hostAccessGrant'));
      await expect(page.count($.ready)).resolves.toBe(0);
      await browser.grantHostAccess(() => page.click($.hostAccessButton));
      await page.waitFor($.ready, { timeoutMs: 10_000 });
      await waitFor(() => hasAccess(browser), Boolean, 'the host permissions given back');
      await page.close();
    });

    it('withdrawn while browsing: the tab looks nothing up until access is given back', async () => {
      await browser.withdrawHostAccess();
      const tab = await browser.openTab('http://uncached-example.com/');
      await new Promise((r) => setTimeout(r, 1500));
      const key = 'report:uncached-example.com';
      expect((await browser.api((k) => chrome.storage.local.get(k), key))[key]).toBeUndefined();
      expect((await browser.badgeFor('http://uncached-example.com/*')).text).toBe('');
      await tab.close();
      const page = await browser.openPage('popup.html?domain=acme-google.com');
      await browser.grantHostAccess(() => page.click($.hostAccessButton));
      await page.waitFor($.ready, { timeoutMs: 10_000 });
      await page.close();
    });

    it('an open popup follows a withdrawal made elsewhere', async () => {
      const page = await browser.openPage('popup.html?domain=acme-google.com');
      await page.waitFor($.ready, { timeoutMs: 10_000 });
      await browser.withdrawHostAccess();
      await page.waitFor($.hostAccess, { timeoutMs: 10_000 });
      await browser.grantHostAccess(() => page.click($.hostAccessButton));
      await page.waitFor($.ready, { timeoutMs: 10_000 });
      await page.close();
    });
  });

  // Chromium always grants MV3 host permissions at install (only enterprise policy withholds them).
  describe.runIf(driver.name === 'firefox')(`host permissions in ${driver.name}, withheld at install`, () => {
    let browser: ExtensionBrowser;

    beforeAll(async () => {
      browser = await driver.launch({ lang: 'es', grantHostPermissions: false });
    }, 90_000);

    afterAll(async () => {
      await browser?.close();
    });

    it('the first-run page asks once, in the user’s language, and its button gives access', async () => {
      expect(await hasAccess(browser)).toBe(false);
      // Installing opened the first-run page by itself.
      const opened = await waitFor(
        () => browser.api(() => chrome.tabs.query({ url: chrome.runtime.getURL('src/popup/welcome.html') })),
        (tabs) => tabs.length === 1,
        'the first-run page opened at install',
      );
      expect(opened).toHaveLength(1);
      const page = await browser.openPage('src/popup/welcome.html');
      await page.waitFor(welcome.hostAccess, { timeoutMs: 10_000 });
      await expect(page.text(`${welcome.hostAccess} h2`)).resolves.toBe(words('es', 'hostAccessTitle'));
      await expect(page.text(welcome.hostAccessButton)).resolves.toBe(words('es', 'hostAccessGrant'));
      await page.click(welcome.hostAccessButton);
      await page.waitFor(welcome.hostAccessGranted, { timeoutMs: 10_000 });
      await expect(page.count(welcome.hostAccess)).resolves.toBe(0);
      await waitFor(() => hasAccess(browser), Boolean, 'the host permissions granted');
      await page.close();
    });

    it('then the popup checks without asking', async () => {
      await seed(browser);
      const page = await browser.openPage('popup.html?domain=acme-google.com');
      await page.waitFor($.ready, { timeoutMs: 10_000 });
      await expect(page.count($.hostAccess)).resolves.toBe(0);
      await page.close();
    });
  });
}
