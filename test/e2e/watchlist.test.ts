import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readIcs } from '../../src/watchlist/ics-reader.ts';
import type { Watchlist } from '../../src/watchlist/model.ts';
import type { RdapServer } from '../helpers/rdap-server.ts';
import { DEFAULT_ZONES_DIR, type DnsStack, startDnsStack } from '../stack/dns-stack.ts';
import { registrationAnswer, startRdapWorld } from '../world/rdap-world.ts';
import { type ExtensionBrowser, launchExtension, setLocal, waitFor } from './helpers/browser.ts';
import { ensureBuilt } from './helpers/build.ts';
import { startPageServer } from './helpers/sites.ts';

/**
 * The watchlist in the built extension, in Chromium, against the real DNS stack (its own copy of the
 * zones, so one can change) and the local RDAP server: add, import, check, a zone change seen in the
 * history and notified, a sweep that survives its worker being stopped, export/import and .ics.
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

describe('watchlist in Chromium', () => {
  let browser: ExtensionBrowser;
  let stack: DnsStack;
  let rdap: RdapServer;
  let pages: Awaited<ReturnType<typeof startPageServer>>;
  let zonesDir: string;
  let options: Page;

  const stored = () =>
    browser.worker.evaluate(
      async () => (await chrome.storage.local.get('watchlist')).watchlist,
    ) as Promise<Watchlist>;
  const row = (domain: string) => options.locator(`tr[data-domain="${domain}"]`);
  const openImport = () =>
    options.locator('.import-export').evaluate((el) => {
      (el as HTMLDetailsElement).open = true;
    });
  const settings = (patch: Record<string, unknown>) =>
    browser.worker.evaluate(async (p) => {
      const { settings } = (await chrome.storage.local.get('settings')) as {
        settings: Record<string, unknown>;
      };
      await chrome.storage.local.set({ settings: { ...settings, ...p } });
    }, patch);

  beforeAll(async () => {
    await ensureBuilt();
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
    browser = await launchExtension({ webPort: pages.port });
    await setLocal(browser.worker, {
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
    await options.setViewportSize({ width: 1280, height: 900 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.allSettled([stack?.stop(), rdap?.stop(), pages?.stop()]);
    if (zonesDir) await rm(zonesDir, { recursive: true, force: true });
  });

  it('adds a domain typed by hand, normalised, and says why an address is refused', async () => {
    await options.fill('#addDomain', `https://www.${CHANGING}/contact`);
    await options.press('#addDomain', 'Enter');
    await row(CHANGING).waitFor();
    await options.fill('#addDomain', '192.168.1.1');
    await options.press('#addDomain', 'Enter');
    await expect(options.locator('#addMessage.error').textContent()).resolves.toContain('IP address');
    expect((await stored()).domains.map((d) => d.domain)).toEqual([CHANGING]);
  });

  it('imports a pasted list, keeps the good lines and lists each bad one with its line', async () => {
    await openImport();
    await options.fill(
      '#importText',
      'acme-google.com\nnot_a_domain!\ndangling-mx.com\nprinter.local\nproton-user.com\n',
    );
    await options.click('#importPasted');
    await options.locator('#importReport').waitFor();
    const problems = await options
      .locator('.problems li')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-line')));
    expect(problems).toEqual(['2', '4']);
    await row('acme-google.com').waitFor();
    await row('dangling-mx.com').waitFor();
  });

  it('checks every domain: provider, expiry and worst severity on each row', async () => {
    await options.click('#checkAll');
    await waitFor(
      () => options.locator('tr[data-severity="unchecked"]').count(),
      (n) => n === 0,
      'every row checked',
      60_000,
    );
    // The page repaints from storage after the sweep wrote it: wait for the painted rows.
    await options.locator('tr[data-domain="dangling-mx.com"][data-severity="critical"]').waitFor();
    await options.locator('tr[data-domain="acme-google.com"]:has-text("Google Workspace")').waitFor();
    await expect(row('dangling-mx.com').getAttribute('data-severity')).resolves.toBe('critical');
    await expect(row('acme-google.com').getAttribute('data-severity')).resolves.not.toMatch(
      /critical|unchecked/,
    );
    await expect(row('acme-google.com').textContent()).resolves.toContain('Google Workspace');
  });

  it('marks the toolbar when a watched domain is critical, even on a healthy page', async () => {
    const global = await waitFor(
      () => browser.worker.evaluate(() => chrome.action.getBadgeText({})),
      (text) => text === '★1',
      'the default badge',
    );
    expect(global).toBe('★1');
    const tab = await browser.context.newPage();
    // proton-user.com is watched and healthy (info findings only): its tab has no badge of its own.
    await expect(row('proton-user.com').getAttribute('data-severity')).resolves.toBe('ok');
    await tab.goto('http://www.proton-user.com/');
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
    // The resolver serves the first answers until their 2-second TTL runs out: re-check (as the
    // button does) until the new MX shows in the history, instead of sleeping past the TTL.
    await row(CHANGING).locator('button.recheck').click();
    await waitFor(
      async () => {
        const history = (await stored()).domains.find((d) => d.domain === CHANGING)?.history ?? [];
        if (!history.some((c) => c.kind === 'mx')) {
          await options.evaluate(
            (domain) => chrome.runtime.sendMessage({ type: 'watchlist/recheck', domain }),
            CHANGING,
          );
        }
        return history;
      },
      (history) => history.some((c) => c.kind === 'mx'),
      'the MX change in the history',
      30_000,
    );
    await row(CHANGING).locator('button.details').click();
    await expect(options.locator('.history li[data-kind="mx"]').textContent()).resolves.toContain(
      `mx2.${CHANGING}`,
    );
    const notifications = await browser.worker.evaluate(() => chrome.notifications.getAll());
    expect(Object.keys(notifications)).toContain(`watchlist:${CHANGING}|mx`);
    await options.click('#tab-activity');
    await expect(
      options.locator(`.activity-list li[data-domain="${CHANGING}"][data-kind="mx"]`).count(),
    ).resolves.toBe(1);
    await options.click('#tab-watchlist');
  });

  it('finishes a sweep when the worker is stopped in the middle of it', async () => {
    // Pacing keeps the sweep going long enough to stop the worker half-way.
    await settings({ rdapPacingMs: 1500 });
    await openImport();
    await options.fill('#importText', SWEEP_DOMAINS.join('\n'));
    await options.click('#importPasted');
    await row(SWEEP_DOMAINS[0] as string).waitFor();
    await options.click('#checkAll');
    await waitFor(
      () =>
        browser.worker.evaluate(
          async () => (await chrome.storage.local.get('watchlistSweep')).watchlistSweep,
        ),
      (s) => Boolean((s as { active?: unknown })?.active),
      'the sweep to start',
    );
    // Stop the worker half-way: once some results are saved and some are still queued.
    const before = (await waitFor(
      () =>
        browser.worker.evaluate(
          async () => (await chrome.storage.local.get('watchlistSweep')).watchlistSweep,
        ),
      (s) => {
        const remaining = (s as { active?: { remaining: string[] } | null })?.active?.remaining.length ?? 0;
        return remaining > 0 && remaining < SWEEP_DOMAINS.length;
      },
      'the sweep to be half-way',
      60_000,
    )) as { active: { remaining: string[] } | null };
    expect(before.active?.remaining.length).toBeGreaterThan(0);
    const cdp = await browser.context.newCDPSession(options);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    const done = await waitFor(
      async () =>
        (await options.evaluate(
          async () => (await chrome.storage.local.get('watchlistSweep')).watchlistSweep,
        )) as {
          active: unknown;
          last: { finishedAt: string } | null;
        },
      (s) => s?.active === null && s.last !== null,
      'the sweep to finish after the restart',
      150_000,
    );
    expect(done.last?.finishedAt).toBeTruthy();
    const list = await options.evaluate(
      async () => (await chrome.storage.local.get('watchlist')).watchlist as Watchlist,
    );
    for (const domain of SWEEP_DOMAINS) {
      expect(list.domains.find((d) => d.domain === domain)?.lastReport).toBeTruthy();
    }
    await settings({ rdapPacingMs: 0 });
  }, 200_000);

  it('opens from the popup’s ?domain= link and keeps an expiry entered by hand for a TLD without RDAP', async () => {
    const page = await browser.openPage('src/options/index.html?domain=panaderia-ejemplo.es#watchlist');
    await expect(page.inputValue('#addDomain')).resolves.toBe('panaderia-ejemplo.es');
    await page.press('#addDomain', 'Enter');
    await page.locator('tr[data-domain="panaderia-ejemplo.es"]').waitFor();
    await page.fill('[data-details-for="panaderia-ejemplo.es"] input[name="manualExpiry"]', '2027-05-01');
    await page.click('[data-details-for="panaderia-ejemplo.es"] button.save-expiry');
    await waitFor(
      async () => (await stored()).domains.find((d) => d.domain === 'panaderia-ejemplo.es')?.manualExpiry,
      (date) => date === '2027-05-01',
      'the hand-entered expiry',
    );
    await expect(page.locator('tr[data-domain="panaderia-ejemplo.es"] .manual').textContent()).resolves.toBe(
      'entered by you',
    );
    await page.close();
  });

  it('shows a note field’s limit and refuses a longer note with a message, never "Saved"', async () => {
    const page = await browser.openPage('src/options/index.html?domain=panaderia-ejemplo.es#watchlist');
    const details = page.locator('[data-details-for="panaderia-ejemplo.es"]');
    await details.locator('input[name="owner"]').fill('Ana');
    await details.locator('form.notes button[type="submit"]').click();
    await details.locator('[data-save-result="saved"]').waitFor();
    await details.locator('input[name="owner"]').fill('x'.repeat(501));
    await expect(details.locator('input[name="owner"]').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(details.textContent()).resolves.toContain('501 of 500 characters');
    await details.locator('form.notes button[type="submit"]').click();
    await details.locator('[data-save-result="refused"]').waitFor();
    await expect(details.locator('[data-save-result="refused"]').textContent()).resolves.toContain('500');
    const entry = (await stored()).domains.find((d) => d.domain === 'panaderia-ejemplo.es');
    expect(entry?.notes.owner).toBe('Ana');
    await page.close();
  });

  it('tests a custom resolver through the worker and reschedules the sweep when the interval changes', async () => {
    const page = await browser.openPage('src/options/index.html#settings');
    await page.check('input[name="resolver"][value="custom"]');
    await page.fill('#customResolver', 'http://dns.example.net/dns-query');
    await page.click('.inline button:has-text("Save")');
    await expect(page.locator('#resolver-error').textContent()).resolves.toContain('https://');
    await page.fill('#customResolver', stack.dohUrl);
    await page.click('.inline button:has-text("Save")');
    await waitFor(
      () =>
        browser.worker.evaluate(
          async () => ((await chrome.storage.local.get('settings')).settings as { dohUrl: string }).dohUrl,
        ),
      (url) => url === stack.dohUrl,
      'the custom resolver saved',
    );
    await page.click('#testResolver');
    await expect(
      page.locator('#resolverTestResult').filter({ hasText: 'It answered' }).textContent(),
    ).resolves.toMatch(/It answered (NOERROR|NXDOMAIN) in \d+ ms/);
    await page.selectOption('#checkIntervalHours', '6');
    const alarm = await waitFor(
      () => browser.worker.evaluate(() => chrome.alarms.get('watchlist-sweep')),
      (a) => a?.periodInMinutes === 360,
      'the sweep alarm every 6 hours',
    );
    expect(alarm?.periodInMinutes).toBe(360);
    await page.close();
  });

  it('has no serious accessibility violations on the options page', async () => {
    await options.evaluate(
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
    await row(CHANGING)
      .locator('button.details')
      .click()
      .catch(() => undefined);
    const before = await stored();
    for (const button of ['#exportJson', '#exportCsv']) {
      const [download] = await Promise.all([options.waitForEvent('download'), options.click(button)]);
      const file = await download.path();
      await browser.worker.evaluate(() =>
        chrome.storage.local.set({ watchlist: { version: 1, domains: [] } }),
      );
      await options.locator('.empty').waitFor();
      await options.setInputFiles('#importFile', {
        name: download.suggestedFilename(),
        mimeType: 'text/plain',
        buffer: await readFile(file),
      });
      await options.locator('#importReport').waitFor();
      await waitFor(stored, (w) => w.domains.length === before.domains.length, `import of ${button}`);
      expect(await stored()).toEqual(before);
    }
  }, 60_000);

  it('exports the expiry dates as a valid iCalendar file with reminders', async () => {
    const [download] = await Promise.all([options.waitForEvent('download'), options.click('#exportIcs')]);
    expect(download.suggestedFilename()).toMatch(/\.ics$/);
    const parsed = readIcs(await readFile(await download.path(), 'utf8'));
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

describe('options page in Spanish', () => {
  it('speaks Spanish under --lang=es', async () => {
    await ensureBuilt();
    const browser = await launchExtension({ lang: 'es' });
    try {
      await setLocal(browser.worker, { settings: { firstRunDone: true } });
      const page = await browser.openPage('src/options/index.html');
      await expect(page.locator('#tab-watchlist').textContent()).resolves.toBe('Lista de vigilancia');
      await expect(page.locator('.empty').textContent()).resolves.toContain('Añada los dominios');
      await page.fill('#addDomain', 'impresora.local');
      await page.press('#addDomain', 'Enter');
      await expect(page.locator('#addMessage.error').textContent()).resolves.toContain('redes privadas');
    } finally {
      await browser.close();
    }
  });
});
