import { mkdirSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readIcs } from '../../src/watchlist/ics-reader.ts';
import type { Watchlist } from '../../src/watchlist/model.ts';
import type { RdapServer } from '../helpers/rdap-server.ts';
import { DEFAULT_ZONES_DIR, type DnsStack, startDnsStack } from '../stack/dns-stack.ts';
import { registrationAnswer, startRdapWorld } from '../world/rdap-world.ts';
import { waitFor } from './helpers/browser.ts';
import { ROOT } from './helpers/build.ts';
import { DRIVERS, type E2EPage, type ExtensionBrowser } from './helpers/driver.ts';
import { options as $ } from './helpers/selectors.ts';
import { startPageServer } from './helpers/sites.ts';

/**
 * The watchlist in the built extension, in each browser, against the real DNS stack (its own copy of the
 * zones, so one can change) and the local RDAP server: add, import, check, a zone change seen in the
 * history and notified, a sweep that survives its background being stopped, export/import and .ics.
 */
const SWEEP_DOMAINS = Array.from({ length: 6 }, (_, i) => `wl-sweep-${i}.com`);
const CHANGING = 'watch-change.com';

function changingZone(mx: string): string {
  // A 2-second TTL: the second check must not be answered from the first one's cache.
  return [
    '; Watchlist e2e: a domain whose MX the test changes.',
    '$TTL 2',
    `@ SOA ns1.dns-host-a.net. hostmaster.${CHANGING}. 1 3600 600 86400 2`,
    '@ NS ns1.dns-host-a.net.',
    '@ NS ns2.dns-host-b.com.',
    `@ MX 10 ${mx}.${CHANGING}.`,
    `${mx} A 192.0.2.61`,
    '@ TXT "v=spf1 mx -all"',
    '_dmarc TXT "v=DMARC1; p=reject"',
    '',
  ].join('\n');
}

for (const driver of DRIVERS) {
  describe(`watchlist in ${driver.name}`, () => {
    let browser: ExtensionBrowser;
    let stack: DnsStack;
    let rdap: RdapServer;
    let pages: Awaited<ReturnType<typeof startPageServer>>;
    let zonesDir: string;
    let options: E2EPage;

    const stored = () =>
      browser.api(async () => (await chrome.storage.local.get('watchlist')).watchlist as Watchlist);
    const openImport = () =>
      options.evaluate((sel) => {
        (document.querySelector(sel) as HTMLDetailsElement).open = true;
      }, $.importExport);
    const sweepState = () =>
      browser.api(async () => (await chrome.storage.local.get('watchlistSweep')).watchlistSweep) as Promise<{
        active: { remaining: string[] } | null;
        last: { finishedAt: string } | null;
      }>;
    const settings = (patch: Record<string, unknown>) =>
      browser.api(async (p) => {
        const { settings } = (await chrome.storage.local.get('settings')) as {
          settings: Record<string, unknown>;
        };
        await chrome.storage.local.set({ settings: { ...settings, ...p } });
      }, patch);

    beforeAll(async () => {
      zonesDir = await mkdtemp(join(tmpdir(), 'wl-e2e-zones-'));
      await cp(DEFAULT_ZONES_DIR, zonesDir, { recursive: true });
      const template = (await readFile(join(DEFAULT_ZONES_DIR, 'acme-google.com.zone'), 'utf8'))
        .split('\n')
        .filter((line) => !line.startsWith('_mta-sts'))
        .join('\n');
      for (const name of SWEEP_DOMAINS) {
        await writeFile(join(zonesDir, `${name}.zone`), template.replaceAll('acme-google.com', name));
      }
      await writeFile(join(zonesDir, `${CHANGING}.zone`), changingZone('mx1'));
      [stack, rdap, pages] = await Promise.all([
        startDnsStack({ zonesDir }),
        startRdapWorld(),
        startPageServer(),
      ]);
      for (const domain of [...SWEEP_DOMAINS, CHANGING]) {
        rdap.setDomain(
          domain,
          registrationAnswer({ domain, createdDaysAgo: 700, expiresInDays: 200 }, Date.now()),
        );
      }
      browser = await driver.launch({ webPort: pages.port });
      await browser.setLocal({
        settings: {
          dohUrl: stack.dohUrl,
          rdapBootstrapUrl: rdap.bootstrapUrl,
          firstRunDone: true,
          lookupMode: 'click',
          rdapPacingMs: 0,
          timeoutMs: 3000,
        },
      });
      options = await browser.openPage('src/options/index.html');
      await options.setViewport(1280, 900);
      await options.captureDownloads();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await Promise.allSettled([stack?.stop(), rdap?.stop(), pages?.stop()]);
      if (zonesDir) await rm(zonesDir, { recursive: true, force: true });
    });

    it('adds a domain typed by hand, normalised, and says why an address is refused', async () => {
      await options.fill($.addDomain, `https://www.${CHANGING}/contact`);
      await options.press($.addDomain, 'Enter');
      await options.waitFor($.row(CHANGING));
      await options.fill($.addDomain, '192.168.1.1');
      await options.press($.addDomain, 'Enter');
      await options.waitFor($.addError, { text: 'IP address' });
      expect((await stored()).domains.map((d) => d.domain)).toEqual([CHANGING]);
    });

    it('imports a pasted list, keeps the good lines and lists each bad one with its line', async () => {
      await openImport();
      await options.fill(
        $.importText,
        'acme-google.com\nnot_a_domain!\ndangling-mx.com\nprinter.local\nproton-user.com\n',
      );
      await options.click($.importPasted);
      await options.waitFor($.importReport);
      expect(await options.attrs($.problemLines, 'data-line')).toEqual(['2', '4']);
      await options.waitFor($.row('acme-google.com'));
      await options.waitFor($.row('dangling-mx.com'));
    });

    it('checks every domain: provider, expiry and worst severity on each row', async () => {
      await options.click($.checkAll);
      await waitFor(
        () => options.count($.uncheckedRow),
        (n) => n === 0,
        'every row checked',
        60_000,
      );
      // The page repaints from storage after the sweep wrote it: wait for the painted rows.
      await options.waitFor($.rowWithSeverity('dangling-mx.com', 'critical'));
      await options.waitFor($.row('acme-google.com'), { text: 'Google Workspace' });
      await expect(options.attr($.row('acme-google.com'), 'data-severity')).resolves.not.toMatch(
        /critical|unchecked/,
      );
    });

    it('marks the toolbar when a watched domain is critical, even on a healthy page', async () => {
      const global = await waitFor(
        () => browser.api(() => chrome.action.getBadgeText({})),
        (text) => text === '★1',
        'the default badge',
      );
      expect(global).toBe('★1');
      // proton-user.com is watched and healthy (info findings only): its tab has no badge of its own.
      await expect(options.attr($.row('proton-user.com'), 'data-severity')).resolves.toBe('ok');
      const tab = await browser.openTab('http://www.proton-user.com/');
      const badge = await waitFor(
        () => browser.badgeFor('http://www.proton-user.com/*'),
        (b) => b.text === '★1',
        'the healthy tab showing the watchlist mark',
      );
      expect(badge.title).toContain('dangling-mx.com');
      await tab.close();
    });

    it('shows a new MX in the history and raises a notification', async () => {
      await writeFile(join(zonesDir, `${CHANGING}.zone`), changingZone('mx2'));
      await stack.reload();
      await new Promise((r) => setTimeout(r, 2500)); // the 2-second TTL of the first answers runs out
      await options.click($.recheck(CHANGING));
      await waitFor(
        async () => (await stored()).domains.find((d) => d.domain === CHANGING)?.history ?? [],
        (history) => history.some((c) => c.kind === 'mx'),
        'the MX change in the history',
        30_000,
      );
      await options.click($.details(CHANGING));
      await options.waitFor($.historyOf('mx'), { text: `mx2.${CHANGING}` });
      const notifications = await waitFor(
        () => browser.api(() => chrome.notifications.getAll()),
        (all) => `watchlist:${CHANGING}|mx` in all,
        'the MX change notified',
      );
      expect(Object.keys(notifications)).toContain(`watchlist:${CHANGING}|mx`);
      await options.click($.tabActivity);
      await expect(options.count($.activityItem(CHANGING, 'mx'))).resolves.toBe(1);
      await options.click($.tabWatchlist);
    });

    it('finishes a sweep when the background is stopped in the middle of it', async () => {
      // Pacing keeps the sweep going long enough to stop the background half-way.
      await settings({ rdapPacingMs: 1500 });
      await openImport();
      await options.fill($.importText, SWEEP_DOMAINS.join('\n'));
      await options.click($.importPasted);
      await options.waitFor($.row(SWEEP_DOMAINS[0] as string));
      await options.click($.checkAll);
      await waitFor(sweepState, (s) => Boolean(s?.active), 'the sweep to start');
      await new Promise((r) => setTimeout(r, 3000));
      const before = await sweepState();
      expect(before.active?.remaining.length).toBeGreaterThan(0);
      await browser.stopBackground();
      const done = await waitFor(
        sweepState,
        (s) => s?.active === null && s.last !== null,
        'the sweep to finish after the restart',
        150_000,
      );
      expect(done.last?.finishedAt).toBeTruthy();
      const list = await stored();
      for (const domain of SWEEP_DOMAINS) {
        expect(list.domains.find((d) => d.domain === domain)?.lastReport).toBeTruthy();
      }
      await settings({ rdapPacingMs: 0 });
    }, 200_000);

    it('opens from the popup’s ?domain= link and keeps an expiry entered by hand for a TLD without RDAP', async () => {
      const page = await browser.openPage('src/options/index.html?domain=panaderia-ejemplo.es#watchlist');
      await waitFor(
        () => page.value($.addDomain),
        (v) => v === 'panaderia-ejemplo.es',
        'the prefilled domain',
      );
      await page.press($.addDomain, 'Enter');
      await page.waitFor($.row('panaderia-ejemplo.es'));
      // The first check of a new domain repaints (and may re-sort) its row: type once it is done.
      await waitFor(
        () => page.attr($.row('panaderia-ejemplo.es'), 'data-severity'),
        (severity) => severity !== null && severity !== 'unchecked',
        'the first check of the new domain',
        30_000,
      );
      await page.fill($.manualExpiry('panaderia-ejemplo.es'), '2027-05-01');
      await page.click($.saveExpiry('panaderia-ejemplo.es'));
      await waitFor(
        async () => (await stored()).domains.find((d) => d.domain === 'panaderia-ejemplo.es')?.manualExpiry,
        (date) => date === '2027-05-01',
        'the hand-entered expiry',
      );
      await page.waitFor($.manualMark('panaderia-ejemplo.es'));
      await expect(page.text($.manualMark('panaderia-ejemplo.es'))).resolves.toBe('entered by you');
      await page.close();
    });

    it('tests a custom resolver through the background and reschedules the sweep when the interval changes', async () => {
      const page = await browser.openPage('src/options/index.html#settings');
      await page.check($.resolverCustom);
      await page.fill($.customResolver, 'http://dns.example.net/dns-query');
      await page.clickText($.resolverSave, 'Save');
      await page.waitFor($.resolverError, { text: 'https://' });
      await page.fill($.customResolver, stack.dohUrl);
      await page.clickText($.resolverSave, 'Save');
      await waitFor(
        () =>
          browser.api(
            async () => ((await chrome.storage.local.get('settings')).settings as { dohUrl: string }).dohUrl,
          ),
        (url) => url === stack.dohUrl,
        'the custom resolver saved',
      );
      await page.click($.testResolver);
      await page.waitFor($.resolverTestResult, { text: 'It answered', timeoutMs: 15_000 });
      await expect(page.text($.resolverTestResult)).resolves.toMatch(
        /It answered (NOERROR|NXDOMAIN) in \d+ ms/,
      );
      await page.select($.interval, '6');
      const alarm = await waitFor(
        () => browser.api(() => chrome.alarms.get('watchlist-sweep')),
        (a) => a?.periodInMinutes === 360,
        'the sweep alarm every 6 hours',
      );
      expect(alarm?.periodInMinutes).toBe(360);
      await page.close();
    });

    it('has no serious accessibility violations on the options page', async () => {
      await options.evaluateSource(
        readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'),
      );
      const violations = await options.evaluate(async () => {
        // biome-ignore lint/suspicious/noExplicitAny: axe is a global once its source ran.
        const result = await (window as any).axe.run(document);
        return (result.violations as { id: string; impact: string }[])
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => v.id);
      });
      expect(violations).toEqual([]);
    });

    it('restores everything from its own JSON and CSV exports', async () => {
      await options.click($.details(CHANGING)).catch(() => undefined);
      const before = await stored();
      for (const button of [$.exportJson, $.exportCsv]) {
        const saved = (await options.downloads()).length;
        await options.click(button);
        const download = (
          await waitFor(options.downloads, (all) => all.length > saved, `the file of ${button}`)
        ).at(-1) as { name: string; text: string };
        await browser.api(() => chrome.storage.local.set({ watchlist: { version: 1, domains: [] } }));
        await options.waitFor($.empty);
        await openImport();
        await options.setFile($.importFile, download.name, download.text);
        await options.waitFor($.importReport);
        await waitFor(stored, (w) => w.domains.length === before.domains.length, `import of ${button}`);
        expect(await stored()).toEqual(before);
      }
    }, 60_000);

    it('exports the expiry dates as a valid iCalendar file with reminders', async () => {
      const saved = (await options.downloads()).length;
      await options.click($.exportIcs);
      const download = (await waitFor(options.downloads, (all) => all.length > saved, 'the .ics file')).at(
        -1,
      ) as { name: string; text: string };
      expect(download.name).toMatch(/\.ics$/);
      const parsed = readIcs(download.text);
      if (!parsed.ok) throw new Error(parsed.error);
      const events = parsed.calendar.components.filter((c) => c.type === 'VEVENT');
      expect(events.length).toBeGreaterThanOrEqual(SWEEP_DOMAINS.length + 3);
      for (const event of events) {
        expect(
          event.components
            .filter((c) => c.type === 'VALARM')
            .map((a) => a.properties.find((p) => p.name === 'TRIGGER')?.value),
        ).toEqual(['-P30D', '-P7D']);
      }
    });
  });

  describe(`options page in ${driver.name}, a stored watchlist it cannot read`, () => {
    it.each([
      ['en', 'newer version'],
      ['es', 'versión más reciente'],
    ] as const)(
      'in %s says it is kept, never that there are no domains',
      async (lang, words) => {
        const browser = await driver.launch({ lang });
        try {
          // A layout of a later version (an encoding this one does not know).
          const future = { version: 2, encoding: 'zstd', data: 'AAAA' };
          await browser.setLocal({ settings: { firstRunDone: true }, watchlist: future });
          const page = await browser.openPage('src/options/index.html');
          await page.waitFor('[data-watchlist="unreadable"]', { text: words, timeoutMs: 20_000 });
          await expect(page.count($.empty)).resolves.toBe(0);
          mkdirSync(join(ROOT, '.tmp', 'screenshots', driver.name), { recursive: true });
          await page.screenshot(
            join(ROOT, '.tmp', 'screenshots', driver.name, `watchlist-unreadable-${lang}.png`),
          );
        } finally {
          await browser.close();
        }
      },
      60_000,
    );
  });

  describe(`options page in ${driver.name}, Spanish`, () => {
    it('speaks Spanish', async () => {
      const browser = await driver.launch({ lang: 'es' });
      try {
        await browser.setLocal({ settings: { firstRunDone: true } });
        const page = await browser.openPage('src/options/index.html');
        await page.waitFor($.tabWatchlist, { text: 'Lista de vigilancia' });
        await expect(page.text($.tabWatchlist)).resolves.toBe('Lista de vigilancia');
        await page.waitFor($.empty, { text: 'Añada los dominios' });
        await page.fill($.addDomain, 'impresora.local');
        await page.press($.addDomain, 'Enter');
        await page.waitFor($.addError, { text: 'redes privadas' });
      } finally {
        await browser.close();
      }
    }, 60_000);
  });
}
