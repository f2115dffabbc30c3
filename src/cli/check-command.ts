import { LOOKUP_ONLY_FINDINGS } from '../core/checks.ts';
import { mapWithConcurrency } from '../core/concurrency.ts';
import { parseDomainInput } from '../core/domain.ts';
import { worstSeverity } from '../core/findings.ts';
import { bundledTranslator } from '../core/i18n/bundled.ts';
import { bootstrapFor, buildReport, resolverFor } from '../core/report.ts';
import { type DomainReport, SEVERITY_ORDER } from '../core/types.ts';
import { DEFAULT_SETTINGS } from '../shared/settings.ts';
import { type CheckCommand, parseInputList, UsageError } from './args.ts';
import { EXIT_FINDINGS, EXIT_INCOMPLETE, EXIT_OK, EXIT_USAGE } from './exit-status.ts';
import { colourStyle, formatReport, plainStyle } from './format.ts';
import type { CliIo } from './run.ts';

// `domain-insight check`: everything a check needs (the core, the Public Suffix List, the locale
// catalogues) lives behind this module, which run.ts imports only for a check, so that `--help`
// and usage errors start without loading it.

/** Several domains at once, but not so many that a resolver or registry sees a burst. */
const CONCURRENT_DOMAINS = 8;

export async function check(args: CheckCommand, io: CliIo): Promise<number> {
  const t = bundledTranslator(args.language);
  let inputs = args.inputs;
  if (args.inputFile !== null) {
    try {
      if (!io.readInput) throw new Error('reading files is not available here');
      inputs = [...inputs, ...parseInputList(await io.readInput(args.inputFile))];
    } catch (error) {
      io.stderr(
        `domain-insight: --input ${args.inputFile}: ${error instanceof Error ? error.message : error}\n`,
      );
      return EXIT_USAGE;
    }
  }
  // Bad input is refused before any question leaves the machine; the good ones are still checked.
  const good: string[] = [];
  let badInput = false;
  for (const input of inputs) {
    const target = parseDomainInput(input);
    if (target.ok) good.push(input);
    else {
      badInput = true;
      io.stderr(`domain-insight: ${t('cli_not_public', [input, target.reason])}\n`);
    }
  }
  const base = { dohUrl: args.dohUrl, now: io.now, timeoutMs: args.timeoutMs };
  const resolver = resolverFor({ ...base, fetch: io.fetch });
  const shared = {
    ...base,
    rdapBootstrapUrl: args.rdapBootstrapUrl,
    fetch: io.hostFetch ? io.hostFetch(resolver, args.dohUrl) : io.fetch,
  };
  const options = {
    ...shared,
    translate: t,
    expiry: {
      warningDays: DEFAULT_SETTINGS.expiryWarningDays,
      criticalDays: DEFAULT_SETTINGS.expiryCriticalDays,
    },
    resolver,
    bootstrap: bootstrapFor(shared),
  };
  let smtp: Awaited<ReturnType<typeof import('./smtp/stage.ts').smtpStage>> | null = null;
  try {
    smtp = args.smtp
      ? // Loaded only for --smtp: node:tls and the probe are no part of a check without it.
        await (await import('./smtp/stage.ts')).smtpStage(args.smtp, {
          timeoutMs: args.timeoutMs,
          translate: t,
          now: io.now,
        })
      : null;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`domain-insight: ${error.message}\n`);
    return EXIT_USAGE;
  }
  const style = io.isTty && !io.env.NO_COLOR ? colourStyle : plainStyle;
  const outcomes = await mapWithConcurrency(good, CONCURRENT_DOMAINS, async (input) => {
    const built = await buildReport(input, options);
    // --smtp: each domain's MX hosts are probed as soon as its own report is ready.
    const outcome = smtp && built.ok ? { ...built, report: await smtp(built.report) } : built;
    // --ndjson: each report the moment it is ready, for pipes that want results as they come.
    if (args.ndjson && outcome.ok) io.stdout(`${JSON.stringify(outcome.report)}\n`);
    return outcome;
  });
  const reports = outcomes.flatMap((o) => (o.ok ? [o.report] : []));

  if (args.json) {
    if (reports.length > 0 || inputs.length !== 1)
      io.stdout(`${JSON.stringify(inputs.length === 1 ? reports[0] : reports, null, 2)}\n`);
  } else if (!args.ndjson && reports.length > 0) {
    io.stdout(`${reports.map((r) => formatReport(r, t, style, io.now())).join('\n\n')}\n`);
  }
  return exitStatus(reports, args.failOn, badInput);
}

/** report.md: 2 for bad usage or input, then 1 for a met threshold, then 3 for an incomplete report. */
export function exitStatus(
  reports: DomainReport[],
  failOn: CheckCommand['failOn'],
  badInput: boolean,
): number {
  if (badInput) return EXIT_USAGE;
  if (failsThreshold(reports, failOn)) return EXIT_FINDINGS;
  if (reports.some((r) => !r.complete)) return EXIT_INCOMPLETE;
  return EXIT_OK;
}

function failsThreshold(reports: DomainReport[], failOn: CheckCommand['failOn']): boolean {
  if (!failOn) return false;
  // "Could not check" is exit 3, not a finding of the domain's (report.md verdict rules).
  return reports.some((r) => {
    const worst = worstSeverity(r.findings.filter((f) => !LOOKUP_ONLY_FINDINGS.has(f.id)));
    return worst !== null && SEVERITY_ORDER[worst] <= SEVERITY_ORDER[failOn];
  });
}
