import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { catalogues } from '../../src/core/i18n/bundled.ts';
import { type RdapServer, startRdapServer, syntheticDomain } from '../helpers/rdap-server.ts';
import { waitFor } from './helpers/browser.ts';
import { DRIVERS, type ExtensionBrowser } from './helpers/driver.ts';
import { popup as $ } from './helpers/selectors.ts';
import { closedPort } from './helpers/sites.ts';

/**
 * The whole chain for real, in each browser: it browses test sites (Chromium's host rules, Firefox's
 * proxy prefs → the stack's web server), the background asks the stack's DoH resolver (Knot +
 * Unbound + dnsdist) and the local RDAP server, and the badge and popup show what came back.
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

for (const driver of DRIVERS) {
  describe(`${driver.name} against the real DNS stack and RDAP server`, () => {
    let browser: ExtensionBrowser;
    let rdap: RdapServer;

    beforeAll(async () => {
      rdap = await startRdap();
      browser = await driver.launch({ webPort: inject('webPort') });
      await browser.setLocal({ settings: await settingsFor(rdap) });
    }, 90_000);

    afterAll(async () => {
      await browser?.close();
      await rdap?.stop();
    });

    it('badges healthy, warning and critical domains as they are visited', async () => {
      const cases = [
        { domain: DOMAINS.healthy.name, text: '', title: /no problems found/ },
        { domain: DOMAINS.warning.name, text: '12d', color: [176, 96, 0, 255], title: /expires soon/ },
        { domain: DOMAINS.critical.name, text: '!', color: [197, 34, 31, 255], title: /MX/ },
      ];
      for (const expected of cases) {
        const url = `https://www.${expected.domain}/`;
        const tab = await browser.openTab(url);
        const badge = await waitFor(
          () => browser.badgeFor(`https://www.${expected.domain}/*`),
          (b) => b.title.startsWith(`${expected.domain}:`),
          `badge of ${url}`,
          30_000,
        );
        expect(badge.text).toBe(expected.text);
        expect(badge.title).toMatch(expected.title);
        if (expected.color) expect(badge.color).toEqual(expected.color);
        await tab.close();
      }
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
        await page.waitFor($.ready, { timeoutMs: 30_000 });
        if (expected.provider) await page.waitFor($.provider(expected.provider));
        await expect(page.attr($.findingById(expected.finding), 'data-severity')).resolves.toBe(
          expected.severity,
        );
        await expect(page.count($.registrationTitle)).resolves.toBe(1);
        await expect(page.count($.dates)).resolves.toBeGreaterThanOrEqual(2);
        await page.close();
      }
    }, 90_000);

    it('checks again on request, past the cache', async () => {
      const page = await browser.openPage(`popup.html?domain=${DOMAINS.healthy.name}`);
      await page.waitFor($.ready, { timeoutMs: 30_000 });
      const checkedAt = () => page.attr(`${$.ready} ${$.checkedAt}`, 'datetime');
      const first = await checkedAt();
      await page.clickText($.button, 'Check again');
      await waitFor(checkedAt, (at) => at !== null && at !== first, 'a newer check time', 30_000);
      await expect(page.count($.provider('google-workspace'))).resolves.toBe(1);
      await page.close();
    }, 60_000);

    it('in click mode looks nothing up while browsing, only when the popup opens', async () => {
      await browser.setLocal({ settings: { ...(await settingsFor(rdap)), lookupMode: 'click' } });
      try {
        const tab = await browser.openTab('https://contoso-m365.com/');
        await new Promise((r) => setTimeout(r, 1500));
        const cachedKey = 'report:contoso-m365.com';
        const stored = await browser.api((key) => chrome.storage.local.get(key), cachedKey);
        expect(stored[cachedKey]).toBeUndefined();
        expect((await browser.badgeFor('https://contoso-m365.com/*')).text).toBe('');
        const popup = await browser.openPage('popup.html?domain=contoso-m365.com');
        await popup.waitFor($.provider('microsoft-365'), { timeoutMs: 30_000 });
        await popup.close();
        await tab.close();
      } finally {
        await browser.setLocal({ settings: await settingsFor(rdap) });
      }
    }, 60_000);

    it('says "could not check everything", naming the resolver, not an endless spinner, when the resolver is down', async () => {
      await browser.setLocal({
        settings: await settingsFor(rdap, `http://127.0.0.1:${await closedPort()}/dns-query`),
      });
      try {
        const page = await browser.openPage('popup.html?domain=dmarc-norua.com');
        // checks.md: the resolver itself failing is one dns.resolver-unreachable, and the report incomplete.
        await page.waitFor($.verdict('incomplete'), { timeoutMs: 30_000 });
        await expect(page.count($.findingById('dns.resolver-unreachable'))).resolves.toBe(1);
        await expect(page.count($.findingById('dns.lookup-failed'))).resolves.toBe(0);
        await expect(page.attr($.checkById('spf'), 'data-state')).resolves.toBe('unknown');
        await expect(page.count($.resolverSettings)).resolves.toBe(1);
        await expect(page.count($.recheck)).resolves.toBe(1);
        await expect(page.count($.checking)).resolves.toBe(0);
        await page.close();
      } finally {
        await browser.setLocal({ settings: await settingsFor(rdap) });
      }
    }, 60_000);
  });

  describe(`${driver.name} against the real stack, in Spanish`, () => {
    let browser: ExtensionBrowser;
    let rdap: RdapServer;

    beforeAll(async () => {
      rdap = await startRdap();
      browser = await driver.launch({ lang: 'es', webPort: inject('webPort') });
      await browser.setLocal({ settings: await settingsFor(rdap) });
    }, 90_000);

    afterAll(async () => {
      await browser?.close();
      await rdap?.stop();
    });

    it('shows the findings in Spanish under --lang=es', async () => {
      const page = await browser.openPage(`popup.html?domain=${DOMAINS.warning.name}`);
      await page.waitFor($.ready, { timeoutMs: 30_000 });
      const title = await page.text($.findingTitle('dmarc.policy-none'));
      expect(title).toBe(catalogues.es.finding_dmarc_policy_none_title?.message);
      await expect(page.text($.mailTitle)).resolves.toBe('Correo');
      await page.close();
    }, 60_000);
  });
}
