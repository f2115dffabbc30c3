/**
 * `npm run bench`: how long a report takes against the real DNS stack with a fixed delay per request,
 * measured against the yardstick of DESIGN.md: the depth of the report's query graph times one
 * round trip. Also: DoH requests asked twice, DoH requests per cold report for a typical domain with
 * and without DKIM and for a parked one, RDAP requests cold and warm, and 200 domains. Issue 13: the
 * report in parts (onPart) with 3 s added to every RDAP request, the same in the popup of the built
 * extension in Chromium (the provider on screen, the registration card after the registry's answer),
 * the command line's start-up against
 * `node -e 0`, and the extension's bundle sizes against their budgets.
 * Figures are printed, not asserted: timing belongs in a benchmark, not in a test (the budgets are
 * asserted by test/e2e/bundle-budget.test.ts).
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { formatBudgets, measureBundles } from '../scripts/bundle-size.ts';
import { mapWithConcurrency } from '../src/core/concurrency.ts';
import { bundledTranslator } from '../src/core/i18n/bundled.ts';
import { bootstrapFor, buildReport, type ReportOptions, resolverFor } from '../src/core/report.ts';
import type { DomainReport, FetchLike } from '../src/core/types.ts';
import { launchExtension, setLocal } from '../test/e2e/helpers/browser.ts';
import { DIST_CHROME, ensureBuilt, ROOT } from '../test/e2e/helpers/build.ts';
import { DEFAULT_ZONES_DIR, startDnsStack } from '../test/stack/dns-stack.ts';
import { startHttp2DohFront } from '../test/stack/doh-proxy.ts';
import { mapFetch } from '../test/stack/map-fetch.ts';
import { selfSignedCertificate, startWebServer } from '../test/stack/web-server.ts';
import { registrationAnswer, startRdapWorld } from '../test/world/rdap-world.ts';

const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 50);
const DOMAIN = process.env.BENCH_DOMAIN ?? 'acme-google.com';
const MANY = Number(process.env.BENCH_DOMAINS ?? 200);
/** Issue 13's slow registry: added to every RDAP request in the progressive figures. */
const RDAP_DELAY_MS = Number(process.env.BENCH_RDAP_DELAY_MS ?? 3000);
/** Runs of each command for the start-up figures (medians). */
const CLI_RUNS = Number(process.env.BENCH_CLI_RUNS ?? 15);
const run = promisify(execFile);

interface Span {
  url: string;
  start: number;
  end: number;
}

/** Records every request; adds the round-trip delay to the non-DNS ones (the stack delays DoH itself). */
function timedFetch(
  inner: FetchLike,
  dohUrl: string,
  spans: Span[],
  delayFor: (url: string) => number = () => DELAY_MS,
): FetchLike {
  return async (input, init) => {
    const start = performance.now();
    if (!input.startsWith(dohUrl)) await new Promise((r) => setTimeout(r, delayFor(input)));
    try {
      return await inner(input, init);
    } finally {
      spans.push({ url: input, start, end: performance.now() });
    }
  };
}

/** Depth of the request graph as it ran: a request depends on those that ended before it started. */
function observedDepth(spans: Span[]): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const depth = new Map<Span, number>();
  for (const span of sorted) {
    let d = 1;
    for (const [other, od] of depth) if (other.end <= span.start + 1) d = Math.max(d, od + 1);
    depth.set(span, d);
  }
  return Math.max(0, ...depth.values());
}

/** The least depth the report's data allows: SPF include chain, MX → addresses, RDAP chain. */
function necessaryDepth(report: DomainReport, rdapRequests: number): number {
  const spfDepth = (node: DomainReport['mail']['spf'] extends infer S ? S : never): number => {
    const tree = node?.tree;
    const walk = (n: NonNullable<typeof tree>): number => 1 + Math.max(0, ...n.children.map(walk));
    return tree ? walk(tree) : 1;
  };
  const mxDepth = report.mail.mx.length ? 2 : 1;
  return Math.max(spfDepth(report.mail.spf), mxDepth, rdapRequests);
}

async function main() {
  const zonesDir = await mkdtemp(join(tmpdir(), 'bench-zones-'));
  await cp(DEFAULT_ZONES_DIR, zonesDir, { recursive: true });
  const template = await readFile(join(DEFAULT_ZONES_DIR, 'acme-google.com.zone'), 'utf8');
  // A typical domain with and without DKIM, and a parked one: requests per report (issue 13).
  const typical = withoutMtaSts(template);
  await writeFile(
    join(zonesDir, 'bench-dkim.com.zone'),
    typical.replaceAll('acme-google.com', 'bench-dkim.com'),
  );
  await writeFile(
    join(zonesDir, 'bench-nodkim.com.zone'),
    withoutDkim(typical).replaceAll('acme-google.com', 'bench-nodkim.com'),
  );
  const many = Array.from({ length: MANY }, (_, i) => `bench-${String(i).padStart(3, '0')}.com`);
  for (const name of many) {
    await writeFile(
      join(zonesDir, `${name}.zone`),
      withoutMtaSts(template).replaceAll('acme-google.com', name),
    );
  }
  const stack = await startDnsStack({ zonesDir, delayMs: DELAY_MS });
  const web = await startWebServer();
  const rdap = await startRdapWorld();
  for (const name of many) {
    rdap.setDomain(
      name,
      registrationAnswer({ domain: name, createdDaysAgo: 900, expiresInDays: 300 }, Date.now()),
    );
  }
  const spans: Span[] = [];
  const fetch = timedFetch(
    mapFetch({ httpPort: web.httpPort, httpsPort: web.httpsPort }),
    stack.dohUrl,
    spans,
  );
  const base = {
    dohUrl: stack.dohUrl,
    rdapBootstrapUrl: rdap.bootstrapUrl,
    fetch,
    now: () => Date.now(),
    timeoutMs: 5000,
  };
  const fresh = (): ReportOptions => ({
    ...base,
    translate: bundledTranslator('en'),
    expiry: { warningDays: 30, criticalDays: 7 },
    resolver: resolverFor(base),
    bootstrap: bootstrapFor(base),
  });

  try {
    // Warm the stack's own caches (Unbound) so the figure is the product's, not the resolver's.
    await buildReport(DOMAIN, fresh());
    spans.length = 0;
    const cold = fresh();
    const dohBefore = stack.questions().length;
    const t0 = performance.now();
    const outcome = await buildReport(DOMAIN, cold);
    const wall = performance.now() - t0;
    if (!outcome.ok) throw new Error(`${DOMAIN}: ${outcome.reason}`);
    const questions = stack.questions().slice(dohBefore);
    const keys = questions.map((q) => `${q.name} ${q.type}${q.cd ? ' +cd' : ''}`);
    const repeated = keys.length - new Set(keys).size;
    const rdapCold = spans.filter((s) => s.url.startsWith(rdap.url)).length;
    const depth = observedDepth(spans);
    if (process.env.BENCH_TRACE) {
      for (const s of [...spans].sort((a, b) => a.start - b.start)) {
        console.log(
          `${(s.start - t0).toFixed(0).padStart(5)} → ${(s.end - t0).toFixed(0).padStart(5)}  ${s.url.slice(0, 100)}`,
        );
      }
    }
    const needed = necessaryDepth(outcome.report, rdapCold);

    spans.length = 0;
    const warmRdap = await buildReport(DOMAIN, { ...cold, resolver: resolverFor(base) });
    const rdapWarm = spans.filter((s) => s.url.startsWith(rdap.url)).length;
    if (!warmRdap.ok) throw new Error('warm report failed');

    // Requests per cold report (a fresh resolver: no cache), each question once.
    const perReport: [string, string][] = [];
    for (const [label, name] of [
      ['typical domain with DKIM', 'bench-dkim.com'],
      ['typical domain without DKIM', 'bench-nodkim.com'],
      ['parked domain (null MX, v=spf1 -all)', 'null-mx.com'],
    ] as const) {
      const before = stack.questions().length;
      const counted = await buildReport(name, fresh());
      if (!counted.ok) throw new Error(`${name}: ${counted.reason}`);
      const asked = stack
        .questions()
        .slice(before)
        .map((q) => `${q.name} ${q.type}${q.cd ? ' +cd' : ''}`);
      const twice = asked.length - new Set(asked).size;
      perReport.push([`DoH requests, ${label} (${name})`, `${asked.length} (${twice} repeated)`]);
    }

    spans.length = 0;
    const shared = fresh();
    const tMany = performance.now();
    const reports = await mapWithConcurrency(many, 8, (name) => buildReport(name, shared));
    const manyWall = performance.now() - tMany;
    const errorSources = new Map<string, number>();
    for (const r of reports) {
      for (const e of r.ok ? r.report.errors : [{ source: 'input' }]) {
        errorSources.set(e.source, (errorSources.get(e.source) ?? 0) + 1);
      }
    }
    const failed = [...errorSources].map(([source, n]) => `${n} ${source}`).join(', ') || 'no errors';

    // The report in parts: DoH as above, every RDAP request RDAP_DELAY_MS slower. The IANA file is
    // already cached (as in a worker that has run before); the domain's DNS answers are not.
    const slowSpans: Span[] = [];
    const slowBase = {
      ...base,
      fetch: timedFetch(
        mapFetch({ httpPort: web.httpPort, httpsPort: web.httpsPort }),
        stack.dohUrl,
        slowSpans,
        (url) => (url.startsWith(rdap.url) ? RDAP_DELAY_MS : DELAY_MS),
      ),
    };
    const slowBootstrap = bootstrapFor(slowBase);
    const slow = (): ReportOptions => ({
      ...fresh(),
      ...slowBase,
      resolver: resolverFor(slowBase),
      bootstrap: slowBootstrap,
    });
    await buildReport(DOMAIN, slow());
    slowSpans.length = 0;
    let firstProvider = Number.NaN;
    const tSlow = performance.now();
    const progressive = await buildReport(DOMAIN, {
      ...slow(),
      onPart: (part) => {
        if (part.report.mail.provider && Number.isNaN(firstProvider))
          firstProvider = performance.now() - tSlow;
      },
    });
    const slowWall = performance.now() - tSlow;
    if (!progressive.ok || !progressive.report.mail.provider) throw new Error('progressive report failed');
    const rdapAnswered =
      Math.max(...slowSpans.filter((x) => x.url.startsWith(rdap.url)).map((x) => x.end)) - tSlow;

    // An HTTP/2 resolver over TLS, as public resolvers serve DoH: for the popup and the command line.
    const certDir = await mkdtemp(join(tmpdir(), 'bench-h2-'));
    const front = await startHttp2DohFront(stack.dohUrl, await selfSignedCertificate(certDir, []));
    const cli = await cliStartup(stack.dohUrl, rdap.bootstrapUrl, () => fresh(), {
      url: front.url,
      caFile: join(certDir, 'cert.pem'),
      connections: front.connections,
    });
    await ensureBuilt();
    // The popup over both kinds of resolver, each in a browser of its own (its worker cold).
    const popup = [
      ...(await popupTimes(front.url, web.port, 'HTTP/2, as public resolvers')),
      ...(await popupTimes(stack.dohUrl, web.port, 'HTTP/1.1, six connections')),
    ];
    await front.stop();
    const bundles = formatBudgets(measureBundles(DIST_CHROME));

    const rows: [string, string][] = [
      ['delay per request', `${DELAY_MS} ms`],
      [`cold report (${DOMAIN})`, `${wall.toFixed(0)} ms`],
      ['query graph depth (observed / necessary)', `${depth} / ${needed}`],
      ['wall ÷ (depth × delay)', `${(wall / (needed * DELAY_MS)).toFixed(2)} (goal ≤ 1.30)`],
      ['DoH requests (cold)', String(questions.length)],
      ['DoH requests repeated', `${repeated} (goal 0)`],
      ...perReport,
      ['RDAP requests cold / warm bootstrap', `${rdapCold} / ${rdapWarm}`],
      ['findings', outcome.report.findings.map((f) => f.id).join(', ') || 'none'],
      [`${MANY} domains, 8 at a time, shared cache`, `${(manyWall / 1000).toFixed(1)} s (${failed})`],
      [
        `in parts, RDAP +${RDAP_DELAY_MS} ms: first part with the mail provider`,
        `${firstProvider.toFixed(0)} ms (goal < 1000)`,
      ],
      [
        'in parts: RDAP answered → final report',
        `${(slowWall - rdapAnswered).toFixed(0)} ms (goal ≤ 300; answered at ${rdapAnswered.toFixed(0)} ms)`,
      ],
      ...popup,
      ...cli,
      ...bundles.map((line): [string, string] => [`bundle ${line.slice(0, 6).trim()}`, line.slice(7).trim()]),
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  } finally {
    await Promise.allSettled([stack.stop(), web.stop(), rdap.stop()]);
    await rm(zonesDir, { recursive: true, force: true });
  }
}

await main();

/**
 * The popup of the built extension in Chromium, on a cold domain: every DoH request DELAY_MS late
 * (the stack's delay), every RDAP answer but the bootstrap file RDAP_DELAY_MS late. Over HTTP/1.1
 * Chromium sends at most six queries to the resolver at once and queues the rest; over HTTP/2 (what
 * public DoH resolvers speak) all of them go out together. Times from
 * opening the popup to the mail provider on screen, and from the registry's last answer (the RDAP
 * server's own clock) to the registration card filled in.
 */
async function popupTimes(dohUrl: string, webPort: number, resolver: string): Promise<[string, string][]> {
  const slowRdap = await startRdapWorld(Date.now(), { delayMs: RDAP_DELAY_MS });
  const browser = await launchExtension({ webPort });
  try {
    await setLocal(browser.worker, {
      settings: {
        dohUrl,
        rdapBootstrapUrl: slowRdap.bootstrapUrl,
        lookupMode: 'click',
        firstRunDone: true,
        timeoutMs: 10_000,
        providerStatus: false,
      },
    });
    const page = await browser.context.newPage();
    const opened = Date.now();
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html?domain=${DOMAIN}`);
    const providerAt = (await shownAt(page, '.key-facts [data-provider-id]')) - opened;
    const registrationAt = await shownAt(page, '[data-check="registration"][data-state="found"]');
    const registry = slowRdap.answered().filter((a) => a.path.endsWith(`/domain/${DOMAIN}`));
    const answeredAt = Math.max(...registry.map((a) => a.at));
    return [
      [`popup (Chromium; DoH ${resolver}): mail provider on screen`, `${providerAt} ms (goal < 1000)`],
      [
        `popup (${resolver.split(',')[0]}): registry answered → registration card`,
        `${registrationAt - answeredAt} ms (goal ≤ 300; ${registry.length} RDAP answer(s) for the domain, the last at ${answeredAt - opened} ms)`,
      ],
    ];
  } finally {
    await browser.close();
    await slowRdap.stop();
  }
}

/**
 * When `selector` first matched in the page, by the page's own clock (the machine's, as Date.now()
 * here): a MutationObserver notes it at the change itself, not at the next poll from outside.
 */
async function shownAt(page: import('playwright-core').Page, selector: string): Promise<number> {
  return page.evaluate(
    (wanted) =>
      new Promise<number>((resolve) => {
        if (document.querySelector(wanted)) resolve(Date.now());
        // Never there: NaN in the figures rather than a bench that never ends.
        setTimeout(() => resolve(Number.NaN), 30_000);
        const observer = new MutationObserver(() => {
          if (!document.querySelector(wanted)) return;
          observer.disconnect();
          resolve(Date.now());
        });
        observer.observe(document, { subtree: true, childList: true, attributes: true });
      }),
    selector,
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timeCommand(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const start = performance.now();
  await run(process.execPath, args, { cwd: ROOT, env });
  return performance.now() - start;
}

interface Phases {
  /** performance.now() inside the check: user code reached, first request out, last answer in, exit. */
  started: number;
  first: number;
  last: number;
  exit: number;
}

/** One check with bench/cli-phases.cjs preloaded; its stderr line gives the phases. */
async function checkPhases(args: string[]): Promise<Phases> {
  const { stderr } = await run(process.execPath, ['-r', join(ROOT, 'bench', 'cli-phases.cjs'), ...args], {
    cwd: ROOT,
  });
  const line = stderr.split('\n').find((text) => text.startsWith('cli-phases '));
  if (!line) throw new Error('the check printed no phases');
  return JSON.parse(line.slice('cli-phases '.length)) as Phases;
}

/** The HTTP/2 front over TLS: its URL, the certificate to trust and the connections it has taken. */
interface SecureResolver {
  url: string;
  caFile: string;
  connections(): { h2: number; http1: number };
}

/**
 * The built command line (scripts/build-cli.mjs, what `npm ci` runs) against `node -e 0`, the runs
 * interleaved so that load on the machine falls on both alike; then a warm single check against
 * node's start-up plus the same report built in this process (the network time); then the same
 * check over an https resolver that speaks HTTP/2, and the TLS connections each check opened there.
 */
async function cliStartup(
  dohUrl: string,
  bootstrapUrl: string,
  options: () => ReportOptions,
  secure: SecureResolver,
): Promise<[string, string][]> {
  await run(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')]);
  const bin = join(ROOT, 'bin', 'domain-insight.js');
  // A generated domain: registered in the RDAP world, no MTA-STS policy to fetch.
  const checkArgs = [
    bin,
    'check',
    'bench-000.com',
    '--json',
    '--doh',
    dohUrl,
    '--rdap-bootstrap',
    bootstrapUrl,
  ];
  const node: number[] = [];
  const help: number[] = [];
  const check: number[] = [];
  const inProcess: number[] = [];
  const overTls: number[] = [];
  const phases: Phases[] = [];
  const nodeStart: number[] = [];
  const tlsArgs = checkArgs.map((arg) => (arg === dohUrl ? secure.url : arg));
  const tlsEnv = { ...process.env, NODE_EXTRA_CA_CERTS: secure.caFile };
  await timeCommand(checkArgs);
  await timeCommand(tlsArgs, tlsEnv);
  const before = secure.connections();
  for (let i = 0; i < CLI_RUNS; i++) {
    node.push(await timeCommand(['-e', '0']));
    help.push(await timeCommand([bin, '--help']));
    check.push(await timeCommand(checkArgs));
    overTls.push(await timeCommand(tlsArgs, tlsEnv));
    phases.push(await checkPhases(checkArgs));
    const { stdout } = await run(process.execPath, ['-p', 'performance.now()']);
    nodeStart.push(Number(stdout));
    const t = performance.now();
    await buildReport('bench-000.com', options());
    inProcess.push(performance.now() - t);
  }
  const after = secure.connections();
  const [n, h, c, p] = [median(node), median(help), median(check), median(inProcess)];
  const perCheck = (count: number) => (count / CLI_RUNS).toFixed(1);
  return [
    ['CLI: node -e 0 (median)', `${n.toFixed(0)} ms`],
    [
      'CLI: domain-insight --help (median)',
      `${h.toFixed(0)} ms = ${(h / n).toFixed(2)} × node -e 0 (goal ≤ 2)`,
    ],
    [
      'CLI: warm check bench-000.com (median)',
      `${c.toFixed(0)} ms; node start-up + network time ${(n + p).toFixed(0)} ms (${n.toFixed(0)} + ${p.toFixed(0)} in process), ${(c - n - p).toFixed(0)} ms over`,
    ],
    [
      'CLI: warm check, where the time goes (median)',
      [
        `user code at ${median(phases.map((x) => x.started)).toFixed(0)} ms (node -p: ${median(nodeStart).toFixed(0)})`,
        `first request ${median(phases.map((x) => x.first - x.started)).toFixed(0)} ms later`,
        `first request → last answer ${median(phases.map((x) => x.last - x.first)).toFixed(0)} ms (the same report in process: ${p.toFixed(0)})`,
        `last answer → exit ${median(phases.map((x) => x.exit - x.last)).toFixed(0)} ms`,
      ].join('; '),
    ],
    [
      'CLI: warm check over an https resolver (HTTP/2)',
      `${median(overTls).toFixed(0)} ms; TLS connections per check: ${perCheck(after.h2 - before.h2)} h2, ${perCheck(after.http1 - before.http1)} HTTP/1.1`,
    ],
  ];
}

/** The web server serves no policy for the generated domains, so they do not announce one. */
function withoutMtaSts(zone: string): string {
  return zone
    .split('\n')
    .filter((line) => !line.startsWith('_mta-sts'))
    .join('\n');
}

/** The same domain without its DKIM key (no `_domainkey` name at all). */
function withoutDkim(zone: string): string {
  return zone
    .split('\n')
    .filter((line) => !line.includes('._domainkey'))
    .join('\n');
}
