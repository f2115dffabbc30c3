import { storedReport } from '../../../src/background/report-cache.ts';
import { bootstrapFor, buildReport, resolverFor } from '../../../src/core/report.ts';
import type { DomainReport, Verdict } from '../../../src/core/types.ts';
import { newEntry, type WatchEntry, type Watchlist } from '../../../src/watchlist/model.ts';
import { summarizeReport } from '../../../src/watchlist/summary.ts';
import type { RdapServer } from '../../helpers/rdap-server.ts';
import { startRdapWorld } from '../../world/rdap-world.ts';
import { stackReportOptions } from '../../world/report-options.ts';
import { closedPort } from './sites.ts';

/**
 * Reports the core itself builds against the shared test stack and the RDAP world, for the
 * screenshots: the demo company nettix-demo.com.pe (Microsoft 365, DMARC p=none, .pe without
 * RDAP) as it is, and as it reads when the resolver is down; plus a healthy and a broken neighbour.
 */
export const DEMO_DOMAIN = 'nettix-demo.com.pe';

export interface DemoReports {
  byVerdict: Record<Verdict, DomainReport>;
  /** Extra reports for the watchlist screenshot. */
  others: DomainReport[];
}

async function build(domain: string, rdap: RdapServer, deadResolver?: string): Promise<DomainReport> {
  const options = stackReportOptions(rdap.bootstrapUrl);
  // Two shared cores: a lookup that times out would put a degraded world in the screenshots.
  options.timeoutMs = 20_000;
  // A dead resolver: every DNS question goes unanswered, the registry still answers.
  if (deadResolver) options.dohUrl = deadResolver;
  options.resolver = resolverFor(options);
  options.bootstrap = bootstrapFor(options);
  const outcome = await buildReport(domain, options);
  if (!outcome.ok) throw new Error(`${domain}: ${outcome.reason}`);
  return outcome.report;
}

export async function demoReports(): Promise<DemoReports> {
  const rdap = await startRdapWorld();
  try {
    const deadResolver = `http://127.0.0.1:${await closedPort()}/dns-query`;
    // One at a time, so no lookup competes with another for the cores.
    const warning = await build(DEMO_DOMAIN, rdap);
    const incomplete = await build(DEMO_DOMAIN, rdap, deadResolver);
    const ok = await build('secure-signed.org', rdap);
    const critical = await build('dangling-mx.com', rdap);
    const proton = await build('proton-user.com', rdap, deadResolver);
    for (const report of [ok, critical, proton]) {
      if (report.checks.registration?.state !== 'found') {
        throw new Error(`${report.domain}: the RDAP world did not answer (${JSON.stringify(report.errors)})`);
      }
    }
    const byVerdict = { ok, warning, critical, incomplete };
    for (const [verdict, report] of Object.entries(byVerdict)) {
      if (report.verdict !== verdict) {
        throw new Error(`${report.domain} is ${report.verdict} in the demo world, not ${verdict}`);
      }
    }
    return { byVerdict, others: [proton] };
  } finally {
    await rdap.stop();
  }
}

/** The seeded report cache (storage key report:<domain>) the popup paints from without a lookup. */
export function cachedReports(reports: DomainReport[]): Record<string, unknown> {
  const storedAt = Date.now();
  return Object.fromEntries(reports.map((report) => storedReport(report, storedAt)));
}

/** A watchlist entry as the worker stores it after checking `report`. */
export function watchedEntry(report: DomainReport, patch: Partial<WatchEntry> = {}): WatchEntry {
  return {
    ...newEntry(report.domain, report.unicode, Date.parse(report.checkedAt) - 86_400_000),
    lastReport: summarizeReport(report),
    ...patch,
  };
}

export function watchlistOf(entries: WatchEntry[]): Watchlist {
  return { version: 1, domains: entries };
}
