import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { type Badge, readBadge } from './badge.ts';
import { ROOT } from './build.ts';
import { startHostProxy } from './proxy.ts';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const DIST_FIREFOX = join(ROOT, 'dist', 'firefox');
/** scripts/build-firefox.mjs: browser_specific_settings.gecko.id. */
export const GECKO_ID = 'domain-insight@domain-insight.dev';

export interface FirefoxLaunchOptions {
  lang?: string;
  colorScheme?: 'light' | 'dark';
  /** Every http(s) host is sent here (a proxy stands in for Chromium's --host-rules). */
  webPort?: number;
  /**
   * false: MV3 host permissions are not granted at install (what a user who withdrew them sees);
   * the extension must ask with permissions.request from a click.
   */
  grantHostPermissions?: boolean;
  extraPrefs?: Record<string, unknown>;
}

export interface FirefoxExtension {
  browser: Browser;
  /** The add-on's internal UUID: pages are moz-extension://<uuid>/… */
  uuid: string;
  /** An extension tab kept open: it has the whole browser API, standing in for the background handle. */
  apiPage: Page;
  /** Opens an extension page (e.g. "popup.html?domain=x") in a new tab, once it has loaded. */
  openPage(path: string): Promise<Page>;
  /** Stops the background page as about:debugging's "Terminate background script" does. */
  terminateBackground(): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Firefox sends no BiDi navigation events for moz-extension:// and about: pages (bug 1755014), so
 * `goto` never settles: start it, then poll the document until it is the one asked for.
 */
export async function gotoUnsettled(page: Page, url: string, timeoutMs = 15_000): Promise<void> {
  page.goto(url).catch(() => undefined);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ready = await page
      .evaluate((u) => location.href === u && document.readyState === 'complete', url)
      .catch(() => false);
    if (ready) return;
    await sleep(50);
  }
  throw new Error(`timed out opening ${url}`);
}

function prefs(
  uuid: string,
  options: FirefoxLaunchOptions,
  proxyPort: number | null,
): Record<string, unknown> {
  return {
    // A known UUID instead of a random one, so that extension pages have a known address.
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
    // The Spanish UI needs Debian's firefox-esr-l10n-es-es language pack (.ci/run installs it).
    'intl.locale.requested': options.lang === 'es' ? 'es-ES' : 'en-US',
    'layout.css.prefers-color-scheme.content-override': options.colorScheme === 'dark' ? 0 : 1,
    'extensions.originControls.grantByDefault': options.grantHostPermissions !== false,
    // permissions.request from a click resolves at once instead of showing a door-hanger.
    'extensions.webextOptionalPermissionPrompts': false,
    'dom.security.https_first': false,
    'dom.security.https_first_schemeless': false,
    'browser.fixup.alternate.enabled': false,
    // Headless Firefox has no desktop notification service: its own alert window closes after
    // alerts.totalOpenTime, and a closed notification leaves notifications.getAll(). Keep it open
    // as a notification centre would, so a test can see what was raised.
    'alerts.useSystemBackend': false,
    'alerts.totalOpenTime': 600_000,
    ...(proxyPort !== null
      ? {
          'network.proxy.type': 1,
          'network.proxy.http': '127.0.0.1',
          'network.proxy.http_port': proxyPort,
          'network.proxy.ssl': '127.0.0.1',
          'network.proxy.ssl_port': proxyPort,
          // 127.0.0.1 (the DoH resolver, the RDAP server) stays direct.
          'network.proxy.allow_hijacking_localhost': false,
        }
      : {}),
    ...options.extraPrefs,
  };
}

/** Debian's Firefox ESR over WebDriver BiDi, with dist/firefox installed as a temporary add-on. */
export async function launchFirefoxExtension(options: FirefoxLaunchOptions = {}): Promise<FirefoxExtension> {
  const uuid = randomUUID();
  const proxy = options.webPort ? await startHostProxy(options.webPort) : null;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    // Without it, navigating to moz-extension:// is refused ("not allowed in this context").
    args: ['--remote-allow-system-access'],
    acceptInsecureCerts: true,
    defaultViewport: { width: 400, height: 600 },
    extraPrefsFirefox: prefs(uuid, options, proxy?.port ?? null),
  });
  try {
    await browser.installExtension(DIST_FIREFOX);
    const base = `moz-extension://${uuid}/`;
    const openPage = async (path: string) => {
      const page = await browser.newPage();
      await gotoUnsettled(page, `${base}${path}`);
      return page;
    };
    // A private name: the popup looks nothing up for it, so this tab only lends its API.
    const apiPage = await openPage('popup.html?domain=api.local');
    return {
      browser,
      uuid,
      apiPage,
      openPage,
      async terminateBackground() {
        const page = await browser.newPage();
        await gotoUnsettled(page, 'about:debugging#/runtime/this-firefox');
        // A privileged page: puppeteer's waitForSelector is refused there ("unsafe filename"), a
        // plain evaluate is not. Ours is the only temporary add-on, so the only such button.
        const deadline = Date.now() + 10_000;
        const press = () =>
          page
            .evaluate(() => {
              const button = document.querySelector<HTMLButtonElement>(
                '.qa-temporary-extension-terminate-bgscript-button',
              );
              button?.click();
              return button !== null;
            })
            .catch(() => false);
        while (!(await press())) {
          if (Date.now() > deadline)
            throw new Error('about:debugging showed no "Terminate background script"');
          await sleep(100);
        }
        await page.close();
      },
      async close() {
        await browser.close().catch(() => undefined);
        await proxy?.stop();
      },
    };
  } catch (error) {
    await browser.close().catch(() => undefined);
    await proxy?.stop();
    throw error;
  }
}

/** The badge text, title and colour Firefox shows for the tab at `urlPattern`. */
export function firefoxBadgeFor(ext: FirefoxExtension, urlPattern: string): Promise<Badge> {
  return ext.apiPage.evaluate(readBadge, urlPattern);
}
