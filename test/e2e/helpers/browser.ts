import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { type Badge, readBadge } from './badge.ts';
import { DIST_CHROME } from './build.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** The throw-away profile directory (Chromium writes DevToolsActivePort there). */
  profile: string;
  /** Opens an extension page (e.g. "popup.html?domain=x") in a new tab. */
  openPage(path: string): Promise<Page>;
  /** The badge text and title the worker has set for the tab showing `url`. */
  badgeFor(urlPattern: string): Promise<Badge>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  lang?: string;
  colorScheme?: 'light' | 'dark';
  /** Every host name resolves here (Chromium's own resolver; the extension's DoH is separate). */
  webPort?: number;
  headless?: boolean;
  extraArgs?: string[];
}

/** The flags of ../shared/TOOLCHAIN.md, which load an unpacked extension into Debian's headless Chromium. */
export function extensionArgs(dist: string, options: LaunchOptions = {}): string[] {
  return [
    `--disable-extensions-except=${dist}`,
    `--load-extension=${dist}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--ignore-certificate-errors',
    `--lang=${options.lang ?? 'en'}`,
    ...(options.webPort ? [`--host-rules=MAP * 127.0.0.1:${options.webPort}, EXCLUDE 127.0.0.1`] : []),
    ...(options.extraArgs ?? []),
  ];
}

export async function launchExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'di-e2e-profile-'));
  const lang = options.lang ?? 'en';
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: options.headless ?? true,
    args: extensionArgs(DIST_CHROME, options),
    locale: lang,
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: 400, height: 600 },
  });
  const worker =
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    profile,
    async openPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    badgeFor: (urlPattern) => worker.evaluate(readBadge, urlPattern),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Writes storage.local keys from inside the worker (settings, a seeded report cache). */
export async function setLocal(worker: Worker, items: Record<string, unknown>): Promise<void> {
  await worker.evaluate((entries) => chrome.storage.local.set(entries), items);
}

/** Polls `read` until `accept` holds (badge updates are asynchronous), or fails naming `what`. */
export async function waitFor<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (accept(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
}
