import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogues } from '../../src/core/i18n/bundled.ts';
import {
  criticalReport,
  healthyReport,
  incompleteReport,
  noRdapReport,
  warningReport,
} from './fixtures/reports.ts';
import { waitFor } from './helpers/browser.ts';
import { ROOT } from './helpers/build.ts';
import { cachedReports } from './helpers/demo-world.ts';
import { DRIVERS, type E2EPage, type ExtensionBrowser } from './helpers/driver.ts';
import { popup as $, welcome } from './helpers/selectors.ts';
import { closedPort, startPageServer } from './helpers/sites.ts';

/**
 * The built extension in each real browser (Chromium, Firefox ESR), with reports seeded into its
 * cache: badges, the popup's states, accessibility and languages, without depending on any network.
 */
const require = createRequire(import.meta.url);
// Evaluated through the automation protocol: extension pages' CSP refuses injected script tags.
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function seedAll(browser: ExtensionBrowser, dohUrl: string): Promise<void> {
  const now = Date.now();
  await browser.setLocal({
    settings: {
      dohUrl,
      rdapBootstrapUrl: `${dohUrl.replace(/\/dns-query$/, '')}/bootstrap.json`,
      firstRunDone: true,
      // These tests are about the report: no provider status feed is asked (test/e2e/provider-status.test.ts covers it).
      providerStatus: false,
    },
    ...cachedReports([
      healthyReport(now),
      warningReport(now),
      criticalReport(now),
      noRdapReport(now),
      incompleteReport(now, 'no-auth.com'),
    ]),
  });
}

async function readyPopup(browser: ExtensionBrowser, domain: string): Promise<E2EPage> {
  const page = await browser.openPage(`popup.html?domain=${encodeURIComponent(domain)}`);
  await page.waitFor($.ready, { timeoutMs: 10_000 });
  return page;
}

async function seriousAxeViolations(page: E2EPage): Promise<string[]> {
  await page.evaluateSource(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is a global once its source ran.
    const result = await (window as any).axe.run(document);
    return result.violations as { id: string; impact: string; nodes: { target: string[] }[] }[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The warning popup with one fix open, as the README shows it; its background proves the colour scheme. */
async function screenshot(browser: ExtensionBrowser, file: string, colorScheme: 'light' | 'dark') {
  const page = await readyPopup(browser, 'dmarc-none.com');
  await page.click($.fixSummary);
  await page.screenshot(file);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe(colorScheme === 'dark' ? 'rgb(27, 28, 31)' : 'rgb(255, 255, 255)');
  await page.close();
}

const shotsDir = (browser: ExtensionBrowser) => {
  const dir = join(ROOT, '.tmp', 'screenshots', browser.name);
  mkdirSync(dir, { recursive: true });
  return dir;
};

const findingList = async (page: E2EPage) => {
  const [ids, severities] = await Promise.all([
    page.attrs($.finding, 'data-finding-id'),
    page.attrs($.finding, 'data-severity'),
  ]);
  return ids.map((id, i) => `${id}/${severities[i]}`);
};

/** One popup per verdict (report.md): its findings, ids and severities, the same in both languages. */
const VERDICTS = [
  { verdict: 'ok', domain: 'acme-google.com', findings: [], words: 'No problems found' },
  {
    verdict: 'warning',
    words: 'expires soon',
    domain: 'dmarc-none.com',
    findings: ['registration.expires-soon/warning', 'dmarc.policy-none/warning', 'mta-sts.missing/info'],
  },
  { verdict: 'critical', domain: 'dangling-mx.com', first: 'critical', words: '' },
  {
    verdict: 'incomplete',
    domain: 'no-auth.com',
    findings: ['dns.resolver-unreachable/warning'],
    words: 'Could not check everything',
  },
] as const;

for (const driver of DRIVERS) {
  describe(`extension in ${driver.name}, English, light`, () => {
    let browser: ExtensionBrowser;
    let pages: Awaited<ReturnType<typeof startPageServer>>;
    let dohUrl: string;

    beforeAll(async () => {
      pages = await startPageServer();
      // Cached reports must give their badge without any lookup: a resolver that is down proves it.
      dohUrl = `http://127.0.0.1:${await closedPort()}/dns-query`;
      browser = await driver.launch({ webPort: pages.port });
      await seedAll(browser, dohUrl);
    }, 90_000);

    afterAll(async () => {
      await browser?.close();
      await pages?.stop();
    });

    it('badges each tab: healthy none, warning amber days-left, critical red, incomplete marked', async () => {
      const expectations = [
        { url: 'http://www.acme-google.com/', text: '', domain: 'acme-google.com' },
        { url: 'http://dmarc-none.com/', text: '16d', domain: 'dmarc-none.com', color: [176, 96, 0, 255] },
        {
          url: 'http://dangling-mx.com/contact',
          text: '!',
          domain: 'dangling-mx.com',
          color: [197, 34, 31, 255],
        },
        { url: 'http://no-auth.com/', text: '?', domain: 'no-auth.com', color: [95, 99, 104, 255] },
      ];
      const tabs: E2EPage[] = [];
      for (const expected of expectations) {
        tabs.push(await browser.openTab(expected.url));
        const badge = await waitFor(
          () => browser.badgeFor(expected.url),
          (b) => b.text === expected.text && b.title.includes(expected.domain),
          `badge of ${expected.url}`,
        );
        if (expected.color) expect(badge.color).toEqual(expected.color);
      }
      // Each tab keeps its own badge while the others change.
      expect((await browser.badgeFor('http://www.acme-google.com/')).text).toBe('');
      const critical = await browser.badgeFor('http://dangling-mx.com/contact');
      expect(critical.title).toBe('dangling-mx.com: A mail server named in the MX records does not exist.');
      expect((await browser.badgeFor('http://no-auth.com/')).title).toContain('could not be reached');
      for (const tab of tabs) await tab.close();
    });

    it("answers the toolbar popup's request for a tab with that tab's site", async () => {
      const tab = await browser.openTab('http://www.dangling-mx.com/some/page');
      const tabId = await browser.api(async () => {
        const [found] = await chrome.tabs.query({ url: 'http://www.dangling-mx.com/*' });
        return found?.id ?? -1;
      });
      const page = await browser.openPage('popup.html?domain=acme-google.com');
      const view = await page.evaluate(
        (id) => chrome.runtime.sendMessage({ type: 'report/get', tabId: id }),
        tabId,
      );
      expect(view).toMatchObject({
        ok: true,
        value: { kind: 'ready', report: { domain: 'dangling-mx.com' } },
      });
      await page.close();
      await tab.close();
    });

    for (const expected of VERDICTS) {
      it(`shows a ${expected.verdict} report: its verdict, header and every finding`, async () => {
        const page = await readyPopup(browser, expected.domain);
        await expect(page.attr($.anyVerdict, 'data-verdict')).resolves.toBe(expected.verdict);
        await expect(page.text($.verdictHeader)).resolves.toContain(expected.words);
        await expect(page.text($.domain)).resolves.toBe(expected.domain);
        const findings = await findingList(page);
        if ('findings' in expected) expect(findings).toEqual(expected.findings);
        if ('first' in expected) expect(findings[0]).toMatch(/\/critical$/);
        await page.close();
      });
    }

    it('shows provider, expiry and days left of a warning report', async () => {
      const page = await readyPopup(browser, 'dmarc-none.com');
      await expect(page.text($.provider('google-workspace'))).resolves.toContain('Google Workspace');
      const dates = await page.evaluate(() =>
        [...document.querySelectorAll('time')].map((t) => t.textContent),
      );
      expect(dates.at(-1)).toMatch(/\d{4}/);
      await page.waitFor($.expiry, { text: 'in 16 days' });
      await page.close();
    });

    it('gives every check row its state, and a check that could not run is never passing or missing', async () => {
      const page = await readyPopup(browser, 'no-auth.com');
      const rows = await page.evaluate(
        (sel) =>
          [...document.querySelectorAll(sel)].map((el) => [
            el.getAttribute('data-check'),
            el.getAttribute('data-state'),
            el.className,
          ]),
        $.checkRow,
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
      await expect(page.text($.checkState('spf'))).resolves.toBe('could not check');
      await expect(page.count($.resolverSettings)).resolves.toBe(1);
      // One clear state instead of a list of the same failure.
      await expect(page.count($.state('lookup-failed'))).resolves.toBe(0);
      await page.close();
    });

    it('shows the mail provider and the expiry date without scrolling a 600 px popup', async () => {
      const page = await readyPopup(browser, 'dmarc-none.com');
      await page.setViewport(400, 600);
      for (const selector of $.aboveTheFold) {
        const bottom = await page.evaluate((sel) => {
          const box = document.querySelector(sel)?.getBoundingClientRect();
          return box ? box.y + box.height : null;
        }, selector);
        expect(bottom, selector).not.toBeNull();
        expect(bottom ?? 0, selector).toBeLessThanOrEqual(600);
      }
      await page.close();
    });

    it('shows critical findings first, with the fix behind a disclosure', async () => {
      const page = await readyPopup(browser, 'dangling-mx.com');
      await expect(page.attr($.finding, 'data-severity')).resolves.toBe('critical');
      await expect(page.visible($.firstFindingFix)).resolves.toBe(false);
      await page.press($.firstFindingSummary, 'Enter');
      await waitFor(() => page.visible($.firstFindingFix), Boolean, 'the fix to open');
      await page.close();
    });

    it('says when a TLD has no RDAP and offers to enter the expiry by hand', async () => {
      const page = await readyPopup(browser, 'panaderia-ejemplo.es');
      await expect(page.text($.state('no-rdap'))).resolves.toContain('.es');
      await page.waitFor($.button, { text: 'expiry date by hand' });
      await page.close();
    });

    it('says a private name is not a public domain, without a lookup', async () => {
      const page = await browser.openPage('popup.html?domain=printer.local');
      await page.waitFor($.state('not-public'), { timeoutMs: 10_000 });
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.close();
    });

    it('without a web page offers to check a domain typed from the keyboard', async () => {
      const page = await browser.openPage('popup.html');
      await page.waitFor($.state('no-page'), { timeoutMs: 10_000 });
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.fill($.askDomain, 'dmarc-none.com');
      await page.press($.askDomain, 'Enter');
      await page.waitFor($.readyFor('dmarc-none.com'), { timeoutMs: 10_000 });
      await page.close();
    });

    it('reports a resolver that is down as "could not check everything", not an endless spinner', async () => {
      const page = await browser.openPage('popup.html?domain=uncached-example.com');
      await page.waitFor($.verdict('incomplete'), { timeoutMs: 30_000 });
      await expect(page.attr($.checkById('dmarc'), 'data-state')).resolves.toBe('unknown');
      await expect(page.count($.checkInState('absent'))).resolves.toBe(0);
      await expect(page.count($.recheck)).resolves.toBe(1);
      await expect(page.count($.checking)).resolves.toBe(0);
      await page.close();
    });

    it('adds a domain to the watchlist and removes it', async () => {
      const page = await readyPopup(browser, 'acme-google.com');
      await page.click($.watch);
      await page.waitFor($.watchPressed(true));
      const stored = await browser.api(() => chrome.storage.local.get('watchlist'));
      expect(stored.watchlist).toMatchObject({ version: 1, domains: [{ domain: 'acme-google.com' }] });
      await page.click($.watch);
      await page.waitFor($.watchPressed(false));
      const after = await browser.api(() => chrome.storage.local.get('watchlist'));
      expect(after.watchlist).toMatchObject({ version: 1, domains: [] });
      await page.close();
    });

    it('first-run page says what is sent where and saves the chosen lookup mode', async () => {
      const page = await browser.openPage('src/popup/welcome.html');
      await page.waitFor(welcome.sentTitle);
      await page.waitFor(welcome.main, { text: '127.0.0.1' });
      await page.check(welcome.mode('click'));
      await page.press(welcome.save, 'Enter');
      await page.waitFor(welcome.status, { text: 'Saved.' });
      const { settings } = await browser.api(() => chrome.storage.local.get('settings'));
      expect(settings).toMatchObject({ lookupMode: 'click', firstRunDone: true, dohUrl });
      expect(await seriousAxeViolations(page)).toEqual([]);
      await browser.setLocal({ settings: { ...(settings as object), lookupMode: 'auto' } });
      await page.close();
    });

    it('captures the popup in English, light', async () => {
      await screenshot(browser, join(shotsDir(browser), 'popup-en-light.png'), 'light');
    });

    it('renders a cached report quickly and has no serious accessibility violations', async () => {
      const page = await readyPopup(browser, 'dangling-mx.com');
      const renderedMs = Number(await page.evaluate(() => document.documentElement.dataset.renderedMs));
      expect(renderedMs).toBeGreaterThan(0);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.close();
    });
  });

  describe(`extension in ${driver.name}, Spanish, dark`, () => {
    let browser: ExtensionBrowser;
    const es = (key: string) => catalogues.es[key]?.message;

    beforeAll(async () => {
      browser = await driver.launch({ lang: 'es', colorScheme: 'dark' });
      await seedAll(browser, `http://127.0.0.1:${await closedPort()}/dns-query`);
    }, 90_000);

    afterAll(async () => {
      await browser?.close();
    });

    it('speaks Spanish, dates included', async () => {
      const page = await readyPopup(browser, 'dmarc-none.com');
      await expect(page.text($.findingsTitle)).resolves.toBe('Lo que encontramos');
      await page.waitFor($.expiry, { text: 'dentro de 16 días' });
      await expect(page.text($.copy)).resolves.toBe('Copiar en Markdown');
      await page.close();
    });

    for (const expected of VERDICTS) {
      it(`shows a ${expected.verdict} report in Spanish, finding titles from the Spanish catalogue`, async () => {
        const page = await readyPopup(browser, expected.domain);
        await expect(page.attr($.anyVerdict, 'data-verdict')).resolves.toBe(expected.verdict);
        const findings = await findingList(page);
        if ('findings' in expected) expect(findings).toEqual(expected.findings);
        for (const entry of findings) {
          const id = entry.split('/')[0] as string;
          const key = `finding_${id.replace(/[.-]/g, '_')}_title`;
          expect(es(key), key).toBeTruthy();
          await expect(page.text($.findingTitle(id))).resolves.toBe(es(key));
        }
        await page.close();
      });
    }

    it('captures the popup in Spanish, dark', async () => {
      await screenshot(browser, join(shotsDir(browser), 'popup-es-dark.png'), 'dark');
    });

    it('has no serious accessibility violations in dark mode', async () => {
      const page = await readyPopup(browser, 'dmarc-none.com');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.close();
    });
  });

  // The README's screenshots come from Chromium: one browser per language and colour scheme there;
  // the same popup in Firefox is captured by the two descriptions above (en light, es dark).
  describe.runIf(driver.name === 'chromium')('popup screenshots (light/dark × en/es)', () => {
    // Checks that both themes paint; the README's screenshots come from watchlist-verdict.test.ts.
    const dir = join(ROOT, '.tmp', 'screenshots');

    for (const lang of ['en', 'es'] as const) {
      for (const colorScheme of ['light', 'dark'] as const) {
        it(`captures the popup in ${lang}, ${colorScheme}`, async () => {
          mkdirSync(dir, { recursive: true });
          const browser = await driver.launch({ lang, colorScheme });
          try {
            await seedAll(browser, `http://127.0.0.1:${await closedPort()}/dns-query`);
            await screenshot(browser, join(dir, `popup-${lang}-${colorScheme}.png`), colorScheme);
          } finally {
            await browser.close();
          }
        }, 60_000);
      }
    }
  });
}
