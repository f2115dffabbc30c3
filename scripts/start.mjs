// `npm start`: build the extension and open Chromium with it loaded in a fresh profile.
// `npm start -- --demo`: also start the local test world (DNS: Knot + Unbound + dnsdist; RDAP; web
// server), point the extension's settings at it and open a few demo domains: no internet needed.
// `npm start -- --screenshot <dir>`: the demo without a window: saves the popup of each demo domain
// as <dir>/popup-<domain>.png and exits (works on a machine without a display).
// Every exit path (Ctrl-C, SIGTERM, the browser closed, an error, the end of --screenshot) stops
// the local servers and removes the temporary Chromium profile.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;

const USAGE = `usage: npm start -- [--demo] [--screenshot <dir>] [--headless] [--browser <path>]
  --demo              start the local test world and open the demo domains in it (no internet needed)
  --screenshot <dir>  the demo without a window: write <dir>/popup-<domain>.png for each demo domain, then exit
  --headless          run Chromium without a window (it keeps running until Ctrl-C)
  --browser <path>    the Chromium to use (default $CHROMIUM_PATH or /usr/bin/chromium)
  --no-build          use dist/chrome as it is (the tests build it once)`;

/** What to do on a machine with no display, where a browser window cannot open. */
const NO_DISPLAY_HINT = `No display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so no browser window can open here.
Instead:
  - save the popup of the demo domains as PNG images:  npm start -- --screenshot <dir>
  - check domains from the command line:               npm run cli -- check example.com
    (against the local test world: npm run stack, then the command it prints)
  - or run the browser on a virtual display:           xvfb-run npm start -- --demo  (Debian: apt install xvfb)
  - or run it without a window, to drive it yourself:  npm start -- --headless`;

/**
 * Demo domains of the test stack's zones (registrations from test/world/rdap-world.ts), and what
 * each one shows.
 */
const DEMO_DOMAINS = [
  'acme-google.com', // Google Workspace, healthy
  'selfhosted.net', // warning, and the badge counts the 12 days left
  'dangling-mx.com', // critical: mail cannot be delivered, and it expires in 5 days
  'contoso-m365.com', // Microsoft 365 with MTA-STS
];

function options() {
  try {
    const { values } = parseArgs({
      options: {
        demo: { type: 'boolean', default: false },
        screenshot: { type: 'string' },
        headless: { type: 'boolean', default: false },
        browser: { type: 'string' },
        'no-build': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.screenshot === '') throw new Error('--screenshot needs a directory');
    return values;
  } catch (error) {
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
}

const args = options();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
// Relative to where the user typed the command (npm runs scripts from the package root).
const screenshotDir = args.screenshot
  ? resolve(process.env.INIT_CWD ?? process.cwd(), args.screenshot)
  : null;
// The screenshots are of the demo domains: --screenshot implies --demo.
const demo = args.demo || screenshotDir !== null;
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const headless = args.headless || screenshotDir !== null;
const browserPath = args.browser ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (!headless && !hasDisplay) {
  console.error(NO_DISPLAY_HINT);
  process.exit(1);
}

// ---- Clean-up: everything started registers here, and every exit path goes through `exit`. ----

/** Starts in flight or done; clean-up waits for each to settle, then stops what it started. */
const started = [];
let profile = null;
let build = null;
let exiting = null;

/** A start that failed has nothing to stop (its own error is reported by `main`). */
function track(promise, stopOf) {
  started.push(promise.then((value) => () => stopOf(value)).catch(() => null));
  return promise;
}

/** Clean-up waits this long for the browser and the servers, then removes the profile anyway. */
const CLEAN_UP_LIMIT_MS = 15_000;

async function cleanUp() {
  build?.kill('SIGTERM');
  const stopAll = (async () => {
    const stops = (await Promise.all(started)).filter(Boolean);
    // The browser first (it holds the profile open), then the servers.
    for (const stop of stops.reverse())
      await Promise.resolve()
        .then(stop)
        .catch(() => undefined);
  })();
  await Promise.race([stopAll, new Promise((r) => setTimeout(r, CLEAN_UP_LIMIT_MS).unref())]);
  removeProfile();
}

function removeProfile() {
  try {
    if (profile) rmSync(profile, { recursive: true, force: true });
  } catch (error) {
    console.error(`Could not remove ${profile}: ${error.message}`);
  }
}

function exit(code, message) {
  exiting ??= (async () => {
    if (message) console.error(message);
    await cleanUp().catch(() => undefined);
    process.exit(code);
  })();
  return exiting;
}

/** A second Ctrl-C while cleaning up: stop waiting, but still leave no profile behind. */
function onSignal(code, message) {
  if (exiting) {
    removeProfile();
    process.exit(code);
  }
  exit(code, message);
}

process.on('SIGINT', () => onSignal(130, '\nInterrupted: stopping (Ctrl-C again to stop at once).'));
process.on('SIGTERM', () => onSignal(143, 'Terminated: stopping.'));
process.on('SIGHUP', () => onSignal(129));
process.on('uncaughtException', (error) => exit(1, `Error: ${error.stack ?? error}`));
process.on('unhandledRejection', (error) => exit(1, `Error: ${error?.stack ?? error}`));

// ---- The steps. ----

function buildExtension() {
  return new Promise((done, fail) => {
    build = spawn('npm', ['run', 'build', '--silent'], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    build.on('error', fail);
    build.on('close', (code, signal) => {
      build = null;
      if (code === 0) done();
      else fail(new Error(`the build failed (${signal ?? `exit status ${code}`})`));
    });
  });
}

async function startWorld() {
  const { register } = await import('tsx/esm/api');
  register();
  const { startDnsStack } = await import('../test/stack/dns-stack.ts');
  const { startWebServer } = await import('../test/stack/web-server.ts');
  const { startRdapWorld } = await import('../test/world/rdap-world.ts');
  console.log('Starting the local DNS stack, RDAP server and web server…');
  const stop = (server) => server.stop();
  const [dns, web, rdap] = await Promise.all([
    track(startDnsStack(), stop),
    track(startWebServer(), stop),
    track(startRdapWorld(), stop),
  ]);
  console.log(`  DoH ${dns.dohUrl}\n  RDAP ${rdap.bootstrapUrl}\n  web 127.0.0.1:${web.port}`);
  return {
    webPort: web.port,
    settings: {
      dohUrl: dns.dohUrl,
      rdapBootstrapUrl: rdap.bootstrapUrl,
      lookupMode: 'auto',
      firstRunDone: true,
    },
  };
}

async function launchBrowser(dist, webPort) {
  // Imported here, so the no-display hint and --help come at once.
  const { chromium } = await import('playwright-core');
  profile = mkdtempSync(join(tmpdir(), 'domain-insight-profile-'));
  return track(
    chromium.launchPersistentContext(profile, {
      executablePath: browserPath,
      headless,
      // The popup's own size for the screenshots; the window's size otherwise.
      viewport: screenshotDir ? { width: 400, height: 600 } : null,
      // This script stops the browser itself, after the servers' clean-up is under way.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      args: [
        `--disable-extensions-except=${dist}`,
        `--load-extension=${dist}`,
        '--no-first-run',
        '--disable-sync',
        '--disable-component-update',
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        // The demo sites are served by the local web server with a self-signed certificate.
        ...(webPort
          ? [`--host-rules=MAP * 127.0.0.1:${webPort}, EXCLUDE 127.0.0.1`, '--ignore-certificate-errors']
          : []),
      ],
    }),
    (context) => context.close(),
  );
}

async function screenshots(context, extensionId) {
  mkdirSync(screenshotDir, { recursive: true });
  const failed = [];
  for (const domain of DEMO_DOMAINS) {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html?domain=${encodeURIComponent(domain)}`);
    const ready = await page
      .waitForSelector('[data-state="ready"]', { timeout: 30_000 })
      .then(() => true)
      .catch(() => false);
    const file = join(screenshotDir, `popup-${domain}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`  ${file}${ready ? '' : ' (the report did not finish within 30 s)'}`);
    if (!ready) failed.push(domain);
    await page.close();
  }
  return failed;
}

async function main() {
  if (!args['no-build']) {
    console.log('Building the extension…');
    await buildExtension();
  }
  const dist = join(root, 'dist', 'chrome');
  const world = demo ? await startWorld() : null;

  const context = await launchBrowser(dist, world?.webPort);
  context.on('close', () => exit(0, exiting ? undefined : 'The browser was closed: stopping.'));
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  console.log(`Extension loaded: chrome-extension://${extensionId}/`);

  if (world) await worker.evaluate((value) => chrome.storage.local.set({ settings: value }), world.settings);

  if (screenshotDir) {
    console.log(`Saving the popup of ${DEMO_DOMAINS.length} demo domains…`);
    const failed = await screenshots(context, extensionId);
    if (failed.length > 0) return exit(1, `No finished report for: ${failed.join(', ')}`);
    return exit(0);
  }

  if (world) {
    for (const name of DEMO_DOMAINS) await (await context.newPage()).goto(`http://${name}/`);
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html?domain=selfhosted.net`);
    console.log('Demo domains opened; the popup of selfhosted.net is in the last tab.');
  }
  if (headless) console.log('Running without a window. Press Ctrl+C to stop.');
  else console.log('Close the browser (or press Ctrl+C) to stop.');
}

main().catch((error) => exit(1, `Error: ${error?.message ?? error}`));
