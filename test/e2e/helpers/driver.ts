import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { type Badge, readBadge } from './badge.ts';
import { launchExtension } from './browser.ts';
import { ensureBuilt } from './build.ts';
import { firefoxBadgeFor, launchFirefoxExtension } from './firefox.ts';

/**
 * One interface over the two real browsers, so each end-to-end scenario is written once: Chromium
 * (Playwright over CDP, the extension's service worker) and Firefox ESR (puppeteer-core over
 * WebDriver BiDi, the extension's background page). Pages are driven by CSS selectors; reading the
 * DOM goes through `evaluate`, so only input (real clicks and keys: user gestures) is per browser.
 */
export type BrowserName = 'chromium' | 'firefox';
export type { Badge };

export interface E2EPage {
  /** Runs `fn` in the page (an extension page has the whole `chrome.*` API). */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Runs a script's source text in the page (axe-core; extension pages' CSP refuses script tags). */
  evaluateSource(source: string): Promise<void>;
  /** Waits until `selector` matches (and, given `text`, one match's text contains it). */
  waitFor(selector: string, options?: { text?: string; timeoutMs?: number }): Promise<void>;
  count(selector: string): Promise<number>;
  /** The first match's textContent, or null when nothing matches. */
  text(selector: string): Promise<string | null>;
  attr(selector: string, name: string): Promise<string | null>;
  /** `name` of every match, in document order. */
  attrs(selector: string, name: string): Promise<(string | null)[]>;
  visible(selector: string): Promise<boolean>;
  value(selector: string): Promise<string>;
  /** A real click (a user gesture: permissions.request needs one). */
  click(selector: string): Promise<void>;
  /** Clicks the first `selector` match whose text contains `text`. */
  clickText(selector: string, text: string): Promise<void>;
  /** Replaces an input's value as typing would (input and change events). */
  fill(selector: string, value: string): Promise<void>;
  /** Focuses `selector` and presses a key on it. */
  press(selector: string, key: string): Promise<void>;
  check(selector: string): Promise<void>;
  select(selector: string, value: string): Promise<void>;
  /** Gives a file input one file, as picking it would. */
  setFile(selector: string, name: string, contents: string): Promise<void>;
  /** From now on, files the page saves through a download link are kept for `downloads()`. */
  captureDownloads(): Promise<void>;
  downloads(): Promise<{ name: string; text: string }[]>;
  setViewport(width: number, height: number): Promise<void>;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

export interface ExtensionBrowser {
  name: BrowserName;
  /** Opens an extension page (e.g. "popup.html?domain=x") in a new tab. */
  openPage(path: string): Promise<E2EPage>;
  /** Opens a web page in a new tab (a failed load is not an error: the tab's URL is what counts). */
  openTab(url: string): Promise<E2EPage>;
  /** Runs `fn` where the extension's API is: the service worker (Chromium), an extension tab (Firefox). */
  api<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  setLocal(items: Record<string, unknown>): Promise<void>;
  /** The badge text, title and colour for the tab whose URL matches `urlPattern`. */
  badgeFor(urlPattern: string): Promise<Badge>;
  /** Stops the background (service worker / event page) as the browser does when it is idle. */
  stopBackground(): Promise<void>;
  /**
   * Withdraws the MV3 host permissions as a user can: Firefox's add-ons manager (permissions.remove
   * does the same), Chromium's chrome://extensions "Site access: on click" (permissions.remove
   * refuses there: "You cannot remove required permissions").
   */
  withdrawHostAccess(): Promise<void>;
  /**
   * Gives them back the way this browser's user would, after the page's own button asked:
   * `clickAsk` clicks it. Firefox answers that request at once (prompts off); headless Chromium
   * shows a prompt nobody can answer, so there the user turns site access back on instead.
   */
  grantHostAccess(clickAsk: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  lang?: 'en' | 'es';
  colorScheme?: 'light' | 'dark';
  /** Every http(s) host name is served from 127.0.0.1:<webPort>; 127.0.0.1 itself stays direct. */
  webPort?: number;
  /** false: MV3 host permissions are not granted at install (Firefox lets the user withhold them). */
  grantHostPermissions?: boolean;
}

export interface BrowserDriver {
  name: BrowserName;
  launch(options?: LaunchOptions): Promise<ExtensionBrowser>;
}

/** The parts of a page API that differ between Playwright and puppeteer. */
interface NativePage {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  evaluateSource(source: string): Promise<void>;
  click(selector: string): Promise<void>;
  press(selector: string, key: string): Promise<void>;
  setViewport(width: number, height: number): Promise<void>;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pageOver(native: NativePage): E2EPage {
  const evaluate = <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) => native.evaluate(fn, arg as A);
  const waitFor = async (selector: string, options: { text?: string; timeoutMs?: number } = {}) => {
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    for (;;) {
      const found = await evaluate(
        ([sel, text]) =>
          [...document.querySelectorAll(sel)].some((el) => text === null || el.textContent?.includes(text)),
        [selector, options.text ?? null] as const,
      ).catch(() => false);
      if (found) return;
      if (Date.now() > deadline) {
        const text = options.text ? ` with text "${options.text}"` : '';
        throw new Error(`timed out waiting for ${selector}${text}`);
      }
      await sleep(50);
    }
  };
  const page: E2EPage = {
    evaluate,
    evaluateSource: (source) => native.evaluateSource(source),
    waitFor,
    count: (selector) => evaluate((sel) => document.querySelectorAll(sel).length, selector),
    text: (selector) => evaluate((sel) => document.querySelector(sel)?.textContent ?? null, selector),
    attr: (selector, name) =>
      evaluate(([sel, n]) => document.querySelector(sel)?.getAttribute(n) ?? null, [selector, name] as const),
    attrs: (selector, name) =>
      evaluate(([sel, n]) => [...document.querySelectorAll(sel)].map((el) => el.getAttribute(n)), [
        selector,
        name,
      ] as const),
    visible: (selector) =>
      evaluate((sel) => {
        const el = document.querySelector(sel) as HTMLElement | null;
        return el?.checkVisibility() === true && el.getClientRects().length > 0;
      }, selector),
    value: (selector) =>
      evaluate((sel) => (document.querySelector(sel) as HTMLInputElement | null)?.value ?? '', selector),
    async click(selector) {
      await waitFor(selector);
      await native.click(selector);
    },
    async clickText(selector, text) {
      await waitFor(selector, { text });
      // Marks the match so the real click can name it by a selector.
      const mark = await evaluate(
        ([sel, t]) => {
          const el = [...document.querySelectorAll(sel)].find((e) => e.textContent?.includes(t));
          const id = String(Math.random()).slice(2);
          el?.setAttribute('data-e2e-mark', id);
          return id;
        },
        [selector, text] as const,
      );
      await native.click(`[data-e2e-mark="${mark}"]`);
    },
    async fill(selector, value) {
      await waitFor(selector);
      await evaluate(
        ([sel, v]) => {
          const el = document.querySelector(sel) as HTMLInputElement | HTMLTextAreaElement;
          el.focus();
          // The prototype's setter, as typing would: frameworks watch the input event.
          const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement : HTMLInputElement;
          Object.getOwnPropertyDescriptor(proto.prototype, 'value')?.set?.call(el, v);
          el.dispatchEvent(new Event('input', { bubbles: true }));
          el.dispatchEvent(new Event('change', { bubbles: true }));
        },
        [selector, value] as const,
      );
    },
    async press(selector, key) {
      await waitFor(selector);
      await native.press(selector, key);
    },
    async check(selector) {
      await waitFor(selector);
      if (!(await evaluate((sel) => (document.querySelector(sel) as HTMLInputElement).checked, selector))) {
        await native.click(selector);
      }
    },
    async select(selector, value) {
      await waitFor(selector);
      await evaluate(
        ([sel, v]) => {
          const el = document.querySelector(sel) as HTMLSelectElement;
          el.value = v;
          el.dispatchEvent(new Event('input', { bubbles: true }));
          el.dispatchEvent(new Event('change', { bubbles: true }));
        },
        [selector, value] as const,
      );
    },
    async setFile(selector, name, contents) {
      await waitFor(selector);
      await evaluate(
        ([sel, n, text]) => {
          const input = document.querySelector(sel) as HTMLInputElement;
          const transfer = new DataTransfer();
          transfer.items.add(new File([text], n, { type: 'text/plain' }));
          input.files = transfer.files;
          input.dispatchEvent(new Event('change', { bubbles: true }));
        },
        [selector, name, contents] as const,
      );
    },
    async captureDownloads() {
      // The product saves files through a temporary <a download href="blob:…">: keep what it saves.
      await evaluate(() => {
        const w = window as unknown as { __e2eDownloads?: Promise<{ name: string; text: string }>[] };
        if (w.__e2eDownloads) return;
        const saved: Promise<{ name: string; text: string }>[] = [];
        w.__e2eDownloads = saved;
        const click = HTMLAnchorElement.prototype.click;
        HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
          if (!this.download) return click.call(this);
          const name = this.download;
          saved.push(
            fetch(this.href)
              .then((r) => r.text())
              .then((text) => ({ name, text })),
          );
        };
      });
    },
    downloads: () =>
      evaluate(() =>
        Promise.all(
          (window as unknown as { __e2eDownloads?: Promise<{ name: string; text: string }>[] })
            .__e2eDownloads ?? [],
        ),
      ),
    setViewport: (width, height) => native.setViewport(width, height),
    screenshot: (path) => native.screenshot(path),
    close: () => native.close(),
  };
  return page;
}

function playwrightPage(page: PlaywrightPage): E2EPage {
  return pageOver({
    evaluate: (fn, arg) => page.evaluate(fn as (arg: unknown) => never, arg) as never,
    evaluateSource: async (source) => {
      await page.evaluate(source);
    },
    click: (selector) => page.click(selector),
    press: (selector, key) => page.press(selector, key),
    setViewport: (width, height) => page.setViewportSize({ width, height }),
    screenshot: async (path) => {
      await page.screenshot({ path, fullPage: true });
    },
    close: () => page.close(),
  });
}

function puppeteerPage(page: PuppeteerPage): E2EPage {
  return pageOver({
    evaluate: (fn, arg) => page.evaluate(fn as (arg: unknown) => never, arg) as never,
    evaluateSource: async (source) => {
      await page.evaluate(source);
    },
    click: (selector) => page.click(selector),
    press: async (selector, key) => {
      await page.focus(selector);
      await page.keyboard.press(key as never);
    },
    setViewport: (width, height) => page.setViewport({ width, height }),
    screenshot: async (path) => {
      await page.screenshot({ path: path as `${string}.png`, fullPage: true });
    },
    close: () => page.close(),
  });
}

/** chrome://extensions' "Site access" switch, through the API that page itself uses. */
async function siteAccess(
  ext: Awaited<ReturnType<typeof launchExtension>>,
  hostAccess: 'ON_CLICK' | 'ON_ALL_SITES',
): Promise<void> {
  const page = await ext.context.newPage();
  try {
    await page.goto('chrome://extensions/');
    await page.evaluate(
      ([extensionId, access]) =>
        // biome-ignore lint/suspicious/noExplicitAny: developerPrivate is chrome://extensions' own API, untyped.
        (chrome as any).developerPrivate.updateExtensionConfiguration({ extensionId, hostAccess: access }),
      [ext.extensionId, hostAccess] as const,
    );
  } finally {
    await page.close();
  }
}

export const chromiumDriver: BrowserDriver = {
  name: 'chromium',
  async launch(options = {}) {
    await ensureBuilt();
    const ext = await launchExtension({
      lang: options.lang,
      colorScheme: options.colorScheme,
      webPort: options.webPort,
    });
    const api: ExtensionBrowser['api'] = (fn, arg) =>
      ext.worker.evaluate(fn as (arg: unknown) => never, arg) as never;
    return {
      name: 'chromium',
      openPage: async (path) => playwrightPage(await ext.openPage(path)),
      async openTab(url) {
        const page = await ext.context.newPage();
        await page.goto(url).catch(() => undefined);
        return playwrightPage(page);
      },
      api,
      setLocal: (items) => api((entries) => chrome.storage.local.set(entries), items),
      badgeFor: (urlPattern) => api(readBadge, urlPattern),
      withdrawHostAccess: () => siteAccess(ext, 'ON_CLICK'),
      async grantHostAccess(clickAsk) {
        await clickAsk();
        await siteAccess(ext, 'ON_ALL_SITES');
      },
      async stopBackground() {
        const page = await ext.context.newPage();
        const cdp = await ext.context.newCDPSession(page);
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
        await page.close();
      },
      close: () => ext.close(),
    };
  },
};

export const firefoxDriver: BrowserDriver = {
  name: 'firefox',
  async launch(options = {}) {
    await ensureBuilt();
    const ext = await launchFirefoxExtension(options);
    const api: ExtensionBrowser['api'] = (fn, arg) =>
      ext.apiPage.evaluate(fn as (arg: unknown) => never, arg) as never;
    return {
      name: 'firefox',
      openPage: async (path) => puppeteerPage(await ext.openPage(path)),
      async openTab(url) {
        const page = await ext.browser.newPage();
        await page.goto(url, { waitUntil: 'load', timeout: 15_000 }).catch(() => undefined);
        return puppeteerPage(page);
      },
      api,
      setLocal: (items) => api((entries) => chrome.storage.local.set(entries), items),
      badgeFor: (urlPattern) => firefoxBadgeFor(ext, urlPattern),
      stopBackground: () => ext.terminateBackground(),
      async withdrawHostAccess() {
        const removed = await api(() =>
          chrome.permissions.remove({ origins: chrome.runtime.getManifest().host_permissions ?? [] }),
        );
        if (!removed) throw new Error('Firefox kept the host permissions');
      },
      grantHostAccess: (clickAsk) => clickAsk(),
      close: () => ext.close(),
    };
  },
};

const ALL = [chromiumDriver, firefoxDriver];

/** The browsers to test: all, or those named in E2E_BROWSERS (e.g. "firefox" or "chromium,firefox"). */
export const DRIVERS: BrowserDriver[] = process.env.E2E_BROWSERS
  ? ALL.filter((d) => process.env.E2E_BROWSERS?.split(',').includes(d.name))
  : ALL;
