import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RdapServer } from '../helpers/rdap-server.ts';
import { startRdapWorld } from '../world/rdap-world.ts';
import { type ExtensionBrowser, launchExtension, setLocal } from './helpers/browser.ts';
import { ensureBuilt } from './helpers/build.ts';

/**
 * A popup that answers before the registry does: with every RDAP answer 3 s late, the mail card
 * (which DNS fills in a few round trips) is on screen long before the registration, whose rows say
 * "checking…" (`data-state="pending"`) until it arrives; the final report is the usual one.
 */
const RDAP_DELAY_MS = 3_000;

describe('the popup renders the report in parts (Chromium, real stack)', () => {
  let browser: ExtensionBrowser;
  let rdap: RdapServer;

  beforeAll(async () => {
    await ensureBuilt();
    rdap = await startRdapWorld(Date.now(), { delayMs: RDAP_DELAY_MS });
    browser = await launchExtension({ webPort: inject('webPort') });
    await setLocal(browser.worker, {
      settings: {
        dohUrl: inject('dohUrl'),
        rdapBootstrapUrl: rdap.bootstrapUrl,
        lookupMode: 'click',
        firstRunDone: true,
        timeoutMs: 8000,
        providerStatus: false,
      },
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await rdap?.stop();
  });

  it('shows the mail provider while the registration is still pending, then the verdict', async () => {
    const page = await browser.openPage('popup.html?domain=acme-google.com');
    const opened = Date.now();
    await page.waitForSelector('[data-state="partial"] .key-facts [data-provider-id="google-workspace"]', {
      timeout: 15_000,
    });
    const providerAt = Date.now() - opened;
    // The provider comes with the routing, long before the registry's delayed answer.
    expect(providerAt).toBeLessThan(RDAP_DELAY_MS);
    await expect(page.locator('[data-verdict]').count()).resolves.toBe(0);
    // Then DNS and mail are judged while the registration is still running.
    await page.waitForSelector('[data-check="mx"][data-state="found"]', { timeout: 15_000 });
    await expect(page.locator('[data-check="registration"]').getAttribute('data-state')).resolves.toBe(
      'pending',
    );
    // Whether the domain is watched is not known to a report in parts: no button claims it.
    await expect(page.locator('[data-action="watch"]').count()).resolves.toBe(0);
    await page.waitForSelector('[data-verdict="ok"]', { timeout: 15_000 });
    const finalAt = Date.now() - opened;
    await expect(page.locator('[data-check="registration"]').getAttribute('data-state')).resolves.toBe(
      'found',
    );
    await expect(page.locator('[data-action="watch"]').count()).resolves.toBe(1);
    console.log(
      `progressive popup: provider on screen after ${providerAt} ms, final report after ${finalAt} ms`,
    );
    await page.close();
  }, 40_000);
});
