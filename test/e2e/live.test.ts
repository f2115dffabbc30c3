import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { catalogues } from '../../src/core/i18n/bundled.ts';
import { type RdapServer, startRdapServer, syntheticDomain } from '../helpers/rdap-server.ts';
import { type ExtensionBrowser, launchExtension, setLocal, waitFor } from './helpers/browser.ts';
import { ensureBuilt } from './helpers/build.ts';
import { closedPort } from './helpers/sites.ts';

/**
 * The whole chain for real: Chromium browses test sites (host rules → the stack's web server), the
 * worker asks the stack's DoH resolver (Knot + Unbound + dnsdist) and the local RDAP server, and
 * the badge and popup show what came back.
 */
const DAY = 86_400_000;
const DOMAINS = {
  healthy: { name: 'acme-google.com', expiresInDays: 400 },
  warning: { name: 'dmarc-none.com', expiresInDays: 11.5 },
  critical: { name: 'dangling-mx.com', expiresInDays: 300 },
};

function startRdap(): Promise<RdapServer> {
  return startRdapServer().then((rdap) => {
    for (const { name, expiresInDays } of Object.values(DOMAINS)) {
      rdap.setDomain(
        name,
        syntheticDomain({ name, expires: new Date(Date.now() + expiresInDays * DAY).toISOString() }),
      );
    }
    return rdap;
  });
}

async function settingsFor(rdap: RdapServer, dohUrl = inject('dohUrl')) {
  return {
    dohUrl,
    rdapBootstrapUrl: rdap.bootstrapUrl,
    lookupMode: 'auto',
    firstRunDone: true,
    timeoutMs: 3000,
  };
}

describe('extension against the real DNS stack and RDAP server', () => {
  let browser: ExtensionBrowser;
  let rdap: RdapServer;

  beforeAll(async () => {
    await ensureBuilt();
    rdap = await startRdap();
    browser = await launchExtension({ webPort: inject('webPort') });
    await setLocal(browser.worker, { settings: await settingsFor(rdap) });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await rdap?.stop();
  });

  it('badges healthy, warning and critical domains as they are visited', async () => {
    const tab = await browser.context.newPage();
    const cases = [
      { domain: DOMAINS.healthy.name, text: '', title: /no problems found/ },
      // Two warnings (expiry, DMARC p=none): the tooltip names the first by check order, the registration.
      { domain: DOMAINS.warning.name, text: '12d', color: [176, 96, 0, 255], title: /expires soon/ },
      { domain: DOMAINS.critical.name, text: '!', color: [197, 34, 31, 255], title: /MX/ },
    ];
    for (const expected of cases) {
      const url = `https://www.${expected.domain}/`;
      await tab.goto(url).catch(() => undefined);
      const badge = await waitFor(
        () => browser.badgeFor(`https://www.${expected.domain}/*`),
        (b) => b.title.startsWith(`${expected.domain}:`),
        `badge of ${url}`,
        30_000,
      );
      expect(badge.text).toBe(expected.text);
      expect(badge.title).toMatch(expected.title);
      if (expected.color) expect(badge.color).toEqual(expected.color);
    }
    await tab.close();
  }, 90_000);

  it('shows provider, expiry and findings in the popup', async () => {
    const cases = [
      {
        domain: DOMAINS.healthy.name,
        provider: 'google-workspace',
        finding: 'dns.dnssec-unsigned',
        severity: 'info',
      },
      { domain: DOMAINS.warning.name, provider: null, finding: 'dmarc.policy-none', severity: 'warning' },
      {
        domain: DOMAINS.critical.name,
        provider: null,
        finding: 'mail.mx-unresolvable',
        severity: 'critical',
      },
    ];
    for (const expected of cases) {
      const page = await browser.openPage(`popup.html?domain=${expected.domain}`);
      await page.waitForSelector('[data-state="ready"]', { timeout: 30_000 });
      if (expected.provider) {
        await page.waitForSelector(`[data-provider-id="${expected.provider}"]`);
      }
      const finding = page.locator(`[data-finding-id="${expected.finding}"]`);
      await expect(finding.getAttribute('data-severity')).resolves.toBe(expected.severity);
      await expect(page.locator('#registration-title').count()).resolves.toBe(1);
      await expect(page.locator('time[datetime]').count()).resolves.toBeGreaterThanOrEqual(2);
      await page.close();
    }
  }, 90_000);

  it('checks again on request, past the cache', async () => {
    const page = await browser.openPage(`popup.html?domain=${DOMAINS.healthy.name}`);
    await page.waitForSelector('[data-state="ready"]', { timeout: 30_000 });
    const checkedAt = () => page.locator('.head time').getAttribute('datetime');
    const first = await checkedAt();
    await page.getByRole('button', { name: /Check again/ }).click();
    await page.waitForFunction(
      (before) => {
        const time = document.querySelector('[data-state="ready"] .head time');
        return time !== null && time.getAttribute('datetime') !== before;
      },
      first,
      { timeout: 30_000 },
    );
    await expect(page.locator('[data-provider-id="google-workspace"]').count()).resolves.toBe(1);
    await page.close();
  }, 60_000);

  it('in click mode looks nothing up while browsing, only when the popup opens', async () => {
    await setLocal(browser.worker, { settings: { ...(await settingsFor(rdap)), lookupMode: 'click' } });
    try {
      const tab = await browser.context.newPage();
      await tab.goto('https://contoso-m365.com/').catch(() => undefined);
      await new Promise((r) => setTimeout(r, 1500));
      const cachedKey = 'report:contoso-m365.com';
      const stored = await browser.worker.evaluate((key) => chrome.storage.local.get(key), cachedKey);
      expect(stored[cachedKey]).toBeUndefined();
      expect((await browser.badgeFor('https://contoso-m365.com/*')).text).toBe('');
      const popup = await browser.openPage('popup.html?domain=contoso-m365.com');
      await popup.waitForSelector('[data-provider-id="microsoft-365"]', { timeout: 30_000 });
      await popup.close();
      await tab.close();
    } finally {
      await setLocal(browser.worker, { settings: await settingsFor(rdap) });
    }
  }, 60_000);

  it('gives a clear error, not an endless spinner, when the resolver is down', async () => {
    await setLocal(browser.worker, {
      settings: await settingsFor(rdap, `http://127.0.0.1:${await closedPort()}/dns-query`),
    });
    try {
      const page = await browser.openPage('popup.html?domain=dmarc-norua.com');
      await page.waitForSelector('[data-state="lookup-failed"]', { timeout: 30_000 });
      await expect(page.locator('[data-error-source="dns"]').count()).resolves.toBeGreaterThan(0);
      await expect(page.locator('[data-finding-id="dns.lookup-failed"]').count()).resolves.toBe(1);
      await expect(page.getByRole('button', { name: 'Try again' }).count()).resolves.toBe(1);
      await page.close();
    } finally {
      await setLocal(browser.worker, { settings: await settingsFor(rdap) });
    }
  }, 60_000);
});

describe('extension against the real stack, in Spanish', () => {
  let browser: ExtensionBrowser;
  let rdap: RdapServer;

  beforeAll(async () => {
    await ensureBuilt();
    rdap = await startRdap();
    browser = await launchExtension({ lang: 'es', webPort: inject('webPort') });
    await setLocal(browser.worker, { settings: await settingsFor(rdap) });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await rdap?.stop();
  });

  it('shows the findings in Spanish under --lang=es', async () => {
    const page = await browser.openPage(`popup.html?domain=${DOMAINS.warning.name}`);
    await page.waitForSelector('[data-state="ready"]', { timeout: 30_000 });
    const title = await page.locator('[data-finding-id="dmarc.policy-none"] .finding-title').textContent();
    expect(title).toBe(catalogues.es.finding_dmarc_policy_none_title?.message);
    await expect(page.locator('#mail-title').textContent()).resolves.toBe('Correo');
    await page.close();
  }, 60_000);
});
