import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainReport } from '../../src/core/types.ts';
import {
  criticalReport,
  healthyReport,
  incompleteReport,
  noRdapReport,
  warningReport,
} from './fixtures/reports.ts';
import { type ExtensionBrowser, launchExtension, setLocal, waitFor } from './helpers/browser.ts';
import { ensureBuilt, ROOT } from './helpers/build.ts';
import { closedPort, startPageServer } from './helpers/sites.ts';

/**
 * The built extension in Debian's Chromium, with reports seeded into its cache: badges, the popup's
 * states, accessibility and languages, without depending on any network.
 */
const require = createRequire(import.meta.url);
// Evaluated through the DevTools protocol: extension pages' CSP refuses injected script tags.
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

function seeded(reports: DomainReport[]): Record<string, unknown> {
  const storedAt = Date.now();
  return Object.fromEntries(reports.map((report) => [`report:${report.domain}`, { report, storedAt }]));
}

async function seedAll(browser: ExtensionBrowser, dohUrl: string): Promise<void> {
  const now = Date.now();
  await setLocal(browser.worker, {
    settings: {
      dohUrl,
      rdapBootstrapUrl: `${dohUrl.replace(/\/dns-query$/, '')}/bootstrap.json`,
      firstRunDone: true,
      // These tests are about the report: no provider status feed is asked (test/e2e/provider-status.test.ts covers it).
      providerStatus: false,
    },
    ...seeded([
      healthyReport(now),
      warningReport(now),
      criticalReport(now),
      noRdapReport(now),
      incompleteReport(now, 'no-auth.com'),
    ]),
  });
}

async function readyPopup(browser: ExtensionBrowser, domain: string): Promise<Page> {
  const page = await browser.openPage(`popup.html?domain=${encodeURIComponent(domain)}`);
  await page.waitForSelector('[data-state="ready"]', { timeout: 10_000 });
  return page;
}

async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected as a global by the script tag.
    const result = await (window as any).axe.run(document);
    return result.violations as { id: string; impact: string; nodes: { target: string[] }[] }[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('extension in Chromium, English, light', () => {
  let browser: ExtensionBrowser;
  let pages: Awaited<ReturnType<typeof startPageServer>>;
  let dohUrl: string;

  beforeAll(async () => {
    await ensureBuilt();
    pages = await startPageServer();
    // Cached reports must give their badge without any lookup: a resolver that is down proves it.
    dohUrl = `http://127.0.0.1:${await closedPort()}/dns-query`;
    browser = await launchExtension({ webPort: pages.port });
    await seedAll(browser, dohUrl);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await pages?.stop();
  });

  it('gives a cached healthy domain no badge, a warning one amber days-left, a critical one red', async () => {
    const tab = await browser.context.newPage();
    const expectations = [
      { url: 'http://www.acme-google.com/', text: '', domain: 'acme-google.com' },
      { url: 'http://dmarc-none.com/', text: '16d', domain: 'dmarc-none.com', color: [176, 96, 0, 255] },
      {
        url: 'http://dangling-mx.com/contact',
        text: '!',
        domain: 'dangling-mx.com',
        color: [197, 34, 31, 255],
      },
    ];
    for (const expected of expectations) {
      await tab.goto(expected.url);
      const badge = await waitFor(
        () => browser.badgeFor(expected.url),
        (b) => b.text === expected.text && b.title.includes(expected.domain),
        `badge of ${expected.url}`,
      );
      if (expected.color) expect(badge.color).toEqual(expected.color);
    }
    const critical = await browser.badgeFor('http://dangling-mx.com/contact');
    expect(critical.title).toBe('dangling-mx.com: A mail server named in the MX records does not exist.');
    await tab.goto('http://no-auth.com/');
    const incomplete = await waitFor(
      () => browser.badgeFor('http://no-auth.com/'),
      (b) => b.text === '?',
      'badge of an incomplete report',
    );
    expect(incomplete.color).toEqual([95, 99, 104, 255]);
    expect(incomplete.title).toContain('could not be reached');
    await tab.close();
  });

  it("answers the toolbar popup's request for a tab with that tab's site", async () => {
    const tab = await browser.context.newPage();
    await tab.goto('http://www.dangling-mx.com/some/page');
    const tabId = await browser.worker.evaluate(async () => {
      const [found] = await chrome.tabs.query({ url: 'http://www.dangling-mx.com/*' });
      return found?.id ?? -1;
    });
    const page = await browser.openPage('popup.html?domain=acme-google.com');
    const view = await page.evaluate(
      (id) => chrome.runtime.sendMessage({ type: 'report/get', tabId: id }),
      tabId,
    );
    expect(view).toMatchObject({ kind: 'ready', report: { domain: 'dangling-mx.com' } });
    await page.close();
    await tab.close();
  });

  it('shows provider, expiry and every finding of a warning report', async () => {
    const page = await readyPopup(browser, 'dmarc-none.com');
    await expect(page.locator('.domain').textContent()).resolves.toBe('dmarc-none.com');
    await expect(page.locator('[data-provider-id="google-workspace"]').textContent()).resolves.toContain(
      'Google Workspace',
    );
    await expect(page.locator('time').last().textContent()).resolves.toMatch(/\d{4}/);
    await expect(
      page.locator('.registration-expiry, .card .expiry', { hasText: 'in 16 days' }).count(),
    ).resolves.toBe(1);
    const findings = await page
      .locator('[data-finding-id]')
      .evaluateAll((els) =>
        els.map((el) => `${el.getAttribute('data-finding-id')}/${el.getAttribute('data-severity')}`),
      );
    // Worst first, then by check in display order: the registration before DMARC (findings.ts).
    expect(findings).toEqual([
      'registration.expires-soon/warning',
      'dmarc.policy-none/warning',
      'mta-sts.missing/info',
    ]);
    await page.close();
  });

  it.each([
    ['acme-google.com', 'ok', 'No problems found'],
    ['dmarc-none.com', 'warning', 'DMARC'],
    ['dangling-mx.com', 'critical', ''],
    ['no-auth.com', 'incomplete', 'Could not check everything'],
  ])('renders %s with data-verdict="%s" and its header', async (domain, verdict, words) => {
    const page = await readyPopup(browser, domain);
    await expect(page.locator('[data-verdict]').getAttribute('data-verdict')).resolves.toBe(verdict);
    await expect(page.locator('.verdict h2').textContent()).resolves.toContain(words);
    await page.close();
  });

  it('gives every check row its state, and a check that could not run is never passing or missing', async () => {
    const page = await readyPopup(browser, 'no-auth.com');
    const rows = await page
      .locator('[data-check]')
      .evaluateAll((els) =>
        els.map((el) => [el.getAttribute('data-check'), el.getAttribute('data-state'), el.className]),
      );
    expect(rows.map(([id]) => id)).toEqual(
      expect.arrayContaining(['registration', 'spf', 'dmarc', 'mx', 'dkim']),
    );
    const spf = rows.find(([id]) => id === 'spf');
    expect(spf?.[1]).toBe('unknown');
    expect(spf?.[2]).toContain('check-unknown');
    for (const [id, state, cls] of rows) {
      if (state === 'unknown') expect(cls, id ?? '').not.toMatch(/check-(pass|absent)/);
    }
    await expect(page.locator('[data-check="spf"] .check-state').textContent()).resolves.toBe(
      'could not check',
    );
    await expect(page.locator('[data-action="resolver-settings"]').count()).resolves.toBe(1);
    // One clear state instead of a list of the same failure.
    await expect(page.locator('[data-state="lookup-failed"]').count()).resolves.toBe(0);
    await page.close();
  });

  it('shows the mail provider and the expiry date without scrolling a 600 px popup', async () => {
    const page = await readyPopup(browser, 'dmarc-none.com');
    await page.setViewportSize({ width: 400, height: 600 });
    for (const selector of ['.verdict', '.key-facts [data-provider-id]', '.key-facts [data-expiry]']) {
      const box = await page.locator(selector).boundingBox();
      expect(box, selector).not.toBeNull();
      expect((box?.y ?? 0) + (box?.height ?? 0), selector).toBeLessThanOrEqual(600);
    }
    await page.close();
  });

  it('shows critical findings first, with the fix behind a disclosure', async () => {
    const page = await readyPopup(browser, 'dangling-mx.com');
    const first = page.locator('[data-finding-id]').first();
    await expect(first.getAttribute('data-severity')).resolves.toBe('critical');
    await expect(first.locator('.finding-fix p').isVisible()).resolves.toBe(false);
    await first.locator('summary').focus();
    await page.keyboard.press('Enter');
    await expect(first.locator('.finding-fix p').isVisible()).resolves.toBe(true);
    await page.close();
  });

  it('says when a TLD has no RDAP and offers to enter the expiry by hand', async () => {
    const page = await readyPopup(browser, 'panaderia-ejemplo.es');
    await expect(page.locator('[data-state="no-rdap"]').textContent()).resolves.toContain('.es');
    await expect(page.getByRole('button', { name: /expiry date by hand/ }).count()).resolves.toBe(1);
    await page.close();
  });

  it('says a private name is not a public domain, without a lookup', async () => {
    const page = await browser.openPage('popup.html?domain=printer.local');
    await page.waitForSelector('[data-state="not-public"]', { timeout: 10_000 });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  });

  it('without a web page offers to check a domain typed from the keyboard', async () => {
    const page = await browser.openPage('popup.html');
    await page.waitForSelector('[data-state="no-page"]', { timeout: 10_000 });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByLabel('Domain to check').fill('dmarc-none.com');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-state="ready"][data-domain="dmarc-none.com"]', { timeout: 10_000 });
    await page.close();
  });

  it('reports a resolver that is down as "could not check everything", not an endless spinner', async () => {
    const page = await browser.openPage('popup.html?domain=uncached-example.com');
    await page.waitForSelector('[data-verdict="incomplete"]', { timeout: 30_000 });
    await expect(page.locator('[data-check="dmarc"]').getAttribute('data-state')).resolves.toBe('unknown');
    await expect(page.locator('[data-check][data-state="absent"]').count()).resolves.toBe(0);
    await expect(page.locator('[data-action="recheck"]').count()).resolves.toBe(1);
    await expect(page.locator('[data-state="checking"]').count()).resolves.toBe(0);
    await page.close();
  });

  it('adds a domain to the watchlist and removes it', async () => {
    const page = await readyPopup(browser, 'acme-google.com');
    const button = page.locator('[data-action="watch"]');
    await button.click();
    await page.waitForSelector('[data-action="watch"][aria-pressed="true"]');
    const stored = await browser.worker.evaluate(() => chrome.storage.local.get('watchlist'));
    expect(stored.watchlist).toMatchObject({ version: 1, domains: [{ domain: 'acme-google.com' }] });
    await button.click();
    await page.waitForSelector('[data-action="watch"][aria-pressed="false"]');
    const after = await browser.worker.evaluate(() => chrome.storage.local.get('watchlist'));
    expect(after.watchlist).toMatchObject({ version: 1, domains: [] });
    await page.close();
  });

  it('first-run page says what is sent where and saves the chosen lookup mode', async () => {
    const page = await browser.openPage('src/popup/welcome.html');
    await page.waitForSelector('#sent-title');
    await expect(page.locator('main').textContent()).resolves.toContain('127.0.0.1');
    await page.getByLabel(/Only when I click the button/).check();
    await page.getByRole('button', { name: 'Save and start' }).press('Enter');
    await page.waitForSelector('text=Saved.');
    const { settings } = await browser.worker.evaluate(() => chrome.storage.local.get('settings'));
    expect(settings).toMatchObject({ lookupMode: 'click', firstRunDone: true, dohUrl });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await setLocal(browser.worker, { settings: { ...(settings as object), lookupMode: 'auto' } });
    await page.close();
  });

  it('renders a cached report quickly and has no serious accessibility violations', async () => {
    const page = await readyPopup(browser, 'dangling-mx.com');
    const renderedMs = Number(await page.evaluate(() => document.documentElement.dataset.renderedMs));
    expect(renderedMs).toBeGreaterThan(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  });
});

describe('extension in Chromium, Spanish, dark', () => {
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    await ensureBuilt();
    browser = await launchExtension({ lang: 'es', colorScheme: 'dark' });
    await seedAll(browser, `http://127.0.0.1:${await closedPort()}/dns-query`);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('speaks Spanish under --lang=es, dates included', async () => {
    const page = await readyPopup(browser, 'dmarc-none.com');
    await expect(page.locator('#findings-title').textContent()).resolves.toBe('Lo que encontramos');
    await expect(page.locator('.card .expiry', { hasText: 'dentro de 16 días' }).count()).resolves.toBe(1);
    await expect(page.locator('[data-action="copy"]').textContent()).resolves.toBe('Copiar en Markdown');
    await page.close();
  });

  it('has no serious accessibility violations in dark mode', async () => {
    const page = await readyPopup(browser, 'dmarc-none.com');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  });
});

describe('popup screenshots (light/dark × en/es)', () => {
  // UPDATE_SCREENSHOTS=1 rewrites the ones the README shows; otherwise they go to .tmp/.
  const dir = process.env.UPDATE_SCREENSHOTS ? join(ROOT, 'docs') : join(ROOT, '.tmp', 'screenshots');

  for (const lang of ['en', 'es'] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`captures the popup in ${lang}, ${colorScheme}`, async () => {
        await ensureBuilt();
        mkdirSync(dir, { recursive: true });
        const browser = await launchExtension({ lang, colorScheme });
        try {
          await seedAll(browser, `http://127.0.0.1:${await closedPort()}/dns-query`);
          const page = await readyPopup(browser, 'dmarc-none.com');
          await page.locator('.finding-fix summary').first().click();
          const file = join(dir, `popup-${lang}-${colorScheme}.png`);
          await page.screenshot({ path: file, fullPage: true });
          const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          expect(background).toBe(colorScheme === 'dark' ? 'rgb(27, 28, 31)' : 'rgb(255, 255, 255)');
        } finally {
          await browser.close();
        }
      }, 60_000);
    }
  }
});
