/**
 * The options page with 1,000 watched domains, in the built extension in Debian's Chromium: time to
 * the first full render of the table (from navigation start, storage read included), and the time
 * for a filter keystroke, a sort and a page change to reach the screen. Median of several runs.
 * Run: npm run build && npx tsx bench/watchlist-options-render.ts
 */
import type { Page } from 'playwright-core';
import { sampleWatchlist } from '../src/watchlist/test-helpers.ts';
import { launchExtension, setLocal } from '../test/e2e/helpers/browser.ts';
import { ensureBuilt } from '../test/e2e/helpers/build.ts';

const RUNS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Runs `act` in the page and measures until the next frame after the DOM settled. */
async function timeToFrame(page: Page, act: string): Promise<number> {
  return page.evaluate(async (code) => {
    const started = performance.now();
    new Function(code)();
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    return performance.now() - started;
  }, act);
}

async function main() {
  await ensureBuilt();
  const browser = await launchExtension();
  try {
    await setLocal(browser.worker, {
      watchlist: sampleWatchlist(1000, 5, Date.now()),
      settings: { firstRunDone: true },
    });
    const first: number[] = [];
    const filter: number[] = [];
    const sort: number[] = [];
    const page2: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const page = await browser.openPage('src/options/index.html');
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.waitForSelector('tr[data-domain]');
      first.push(
        await page.evaluate(
          () => performance.getEntriesByName('watchlist-rendered')[0]?.startTime ?? Number.NaN,
        ),
      );
      filter.push(
        await timeToFrame(
          page,
          `const i = document.getElementById('filter'); i.value = '-004'; i.dispatchEvent(new Event('input', { bubbles: true }));`,
        ),
      );
      const filtered = await page.locator('tr[data-domain]').count();
      if (filtered !== 10) throw new Error(`filter showed ${filtered} rows, expected 10`);
      await timeToFrame(
        page,
        `const i = document.getElementById('filter'); i.value = ''; i.dispatchEvent(new Event('input', { bubbles: true }));`,
      );
      sort.push(await timeToFrame(page, `document.querySelector('button[data-sort="expiry"]').click();`));
      page2.push(await timeToFrame(page, `[...document.querySelectorAll('.pager button')].at(-1).click();`));
      await page.close();
    }
    const rows = 100;
    console.log(`options page, 1,000 domains (${rows} rows per page), median of ${RUNS} runs:`);
    console.log(
      `  first render of the table: ${median(first).toFixed(0)} ms after navigation start (runs: ${first.map((x) => x.toFixed(0)).join(', ')})`,
    );
    console.log(`  filter keystroke to frame: ${median(filter).toFixed(1)} ms`);
    console.log(`  sort by expiry to frame:   ${median(sort).toFixed(1)} ms`);
    console.log(`  next page to frame:        ${median(page2).toFixed(1)} ms`);
  } finally {
    await browser.close();
  }
}

await main();
