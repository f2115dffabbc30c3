// Extension benchmarks (issue 4): `npx tsx test/e2e/bench.ts`
//  1. popup time to first render with a cached report (navigation start → report rendered),
//  2. gzip sizes of the popup and worker bundles in dist/chrome,
//  3. the worker's JS heap after reports for 50 domains from the real DNS stack and RDAP server.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { measureBundles } from '../../scripts/bundle-size.ts';
import { startRdapServer } from '../helpers/rdap-server.ts';
import { startDnsStack } from '../stack/dns-stack.ts';
import { warningReport } from './fixtures/reports.ts';
import { launchExtension, setLocal } from './helpers/browser.ts';
import { DIST_CHROME, ensureBuilt, ROOT } from './helpers/build.ts';
import { cachedReports } from './helpers/demo-world.ts';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

function bundleSizes(): { popup: number; worker: number } {
  // The same count as the budget test: each entry with every file it loads (scripts/bundle-size.ts).
  const { popup, worker } = measureBundles(DIST_CHROME);
  return { popup: popup.gzip, worker: worker.gzip };
}

async function popupFirstRender(runs = 20): Promise<number[]> {
  const browser = await launchExtension();
  try {
    const report = warningReport(Date.now());
    await setLocal(browser.worker, cachedReports([report]));
    const times: number[] = [];
    const page = await browser.context.newPage();
    for (let i = 0; i < runs; i++) {
      await page.goto(`chrome-extension://${browser.extensionId}/popup.html?domain=${report.domain}`);
      await page.waitForSelector('[data-state="ready"]');
      times.push(Number(await page.evaluate(() => document.documentElement.dataset.renderedMs)));
    }
    return times;
  } finally {
    await browser.close();
  }
}

async function workerHeapAfter(
  domainCount: number,
): Promise<{ before: number; after: number; domains: number }> {
  const [dns, rdap] = await Promise.all([startDnsStack(), startRdapServer()]);
  const zones = readdirSync(join(ROOT, 'test', 'stack', 'zones'))
    .filter((f) => f.endsWith('.zone') && f.split('.').length === 3)
    .map((f) => f.replace(/\.zone$/, ''));
  // Names in no zone are NXDOMAIN: still a full report each, which is what a browsing session meets.
  const domains = [...zones, ...Array.from({ length: domainCount }, (_, i) => `no-such-${i}.com`)].slice(
    0,
    domainCount,
  );
  const browser = await launchExtension({ extraArgs: ['--remote-debugging-port=0'] });
  try {
    await setLocal(browser.worker, {
      settings: { dohUrl: dns.dohUrl, rdapBootstrapUrl: rdap.bootstrapUrl, firstRunDone: true },
    });
    const port = readFileSync(join(browser.profile, 'DevToolsActivePort'), 'utf8').split('\n')[0];
    const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    const session = await cdp.newBrowserCDPSession();
    const { targetInfos } = await session.send('Target.getTargets');
    const target = targetInfos.find(
      (t) => t.type === 'service_worker' && t.url.includes(browser.extensionId),
    );
    if (!target) throw new Error('service worker target not found');
    const { sessionId } = await session.send('Target.attachToTarget', {
      targetId: target.targetId,
      flatten: false,
    });
    let nextId = 1;
    const pending = new Map<number, (result: unknown) => void>();
    session.on('Target.receivedMessageFromTarget', (event) => {
      const message = JSON.parse(event.message) as { id?: number; result?: unknown };
      if (message.id !== undefined) pending.get(message.id)?.(message.result);
    });
    const call = (method: string) =>
      new Promise<unknown>((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        void session.send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id, method }),
        });
      });
    const heap = async () => {
      await call('HeapProfiler.collectGarbage');
      return ((await call('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    };
    const before = await heap();
    const page = await browser.openPage('popup.html?domain=example.invalid');
    for (let i = 0; i < domains.length; i += 10) {
      await page.evaluate(
        (batch) =>
          Promise.all(batch.map((domain) => chrome.runtime.sendMessage({ type: 'report/get', domain }))),
        domains.slice(i, i + 10),
      );
    }
    const after = await heap();
    await cdp.close();
    return { before, after, domains: domains.length };
  } finally {
    await browser.close();
    await Promise.all([dns.stop(), rdap.stop()]);
  }
}

await ensureBuilt();
const sizes = bundleSizes();
console.log(`gzip: popup ${kB(sizes.popup)} (html+js+css), worker ${kB(sizes.worker)}`);
const times = await popupFirstRender();
console.log(
  `popup first render, cached report: median ${median(times)} ms, max ${Math.max(...times)} ms (${times.length} runs)`,
);
const heap = await workerHeapAfter(50);
console.log(`worker JS heap: ${kB(heap.before)} idle → ${kB(heap.after)} after ${heap.domains} domains`);
