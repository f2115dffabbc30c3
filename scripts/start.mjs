// `npm start`: build the extension and open Chromium with it loaded in a fresh profile.
// `npm start -- --demo`: also start the local test stack (DNS: Knot + Unbound + dnsdist; RDAP; web
// server), point the extension's settings at it and open a few demo domains: no internet needed.
// Options: --headless (no window; for machines without a display), --browser <path>.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { register } from 'tsx/esm/api';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const demo = args.includes('--demo');
const headless = args.includes('--headless') || (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);
const browserPath =
  args[args.indexOf('--browser') + 1] && args.includes('--browser')
    ? args[args.indexOf('--browser') + 1]
    : (process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');

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

console.log('Building the extension…');
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
const dist = join(root, 'dist', 'chrome');

const stops = [];
let settings = null;
let webPort = null;
if (demo) {
  register();
  const { startDnsStack } = await import('../test/stack/dns-stack.ts');
  const { startWebServer } = await import('../test/stack/web-server.ts');
  const { startRdapWorld } = await import('../test/world/rdap-world.ts');
  console.log('Starting the local DNS stack, RDAP server and web server…');
  const [dns, web, rdap] = await Promise.all([startDnsStack(), startWebServer(), startRdapWorld()]);
  stops.push(
    () => dns.stop(),
    () => web.stop(),
    () => rdap.stop(),
  );
  settings = {
    dohUrl: dns.dohUrl,
    rdapBootstrapUrl: rdap.bootstrapUrl,
    lookupMode: 'auto',
    firstRunDone: true,
  };
  webPort = web.port;
  console.log(`  DoH ${dns.dohUrl}\n  RDAP ${rdap.bootstrapUrl}\n  web 127.0.0.1:${web.port}`);
}

const profile = mkdtempSync(join(tmpdir(), 'domain-insight-profile-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: browserPath,
  headless,
  viewport: null,
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
});
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const extensionId = new URL(worker.url()).host;
console.log(`Extension loaded: chrome-extension://${extensionId}/`);

if (settings) {
  await worker.evaluate((value) => chrome.storage.local.set({ settings: value }), settings);
  for (const name of DEMO_DOMAINS) await (await context.newPage()).goto(`http://${name}/`);
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html?domain=selfhosted.net`);
  console.log('Demo domains opened; the popup of selfhosted.net is in the last tab.');
}

async function shutdown() {
  await context.close().catch(() => undefined);
  await Promise.all(stops.map((stop) => stop().catch(() => undefined)));
  rmSync(profile, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
context.on('close', shutdown);
if (headless) console.log('No display: running headless. Press Ctrl+C to stop.');
else console.log('Close the browser (or press Ctrl+C) to stop.');
