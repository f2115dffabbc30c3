import { mapWithConcurrency } from '../core/concurrency.ts';
import { parseDomainInput } from '../core/domain.ts';
import { worstSeverity } from '../core/findings.ts';
import { bundledTranslator } from '../core/i18n/bundled.ts';
import { bootstrapFor, buildReport, resolverFor } from '../core/report.ts';
import { type Clock, type DomainReport, type FetchLike, SEVERITY_ORDER } from '../core/types.ts';
import { DEFAULT_SETTINGS } from '../shared/settings.ts';
import { type CheckCommand, parseCliArgs, USAGE, UsageError } from './args.ts';
import { colourStyle, formatReport, plainStyle } from './format.ts';
import { smtpStage } from './smtp/stage.ts';

export interface CliIo {
  argv: string[];
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
  fetch: FetchLike;
  now: Clock;
}

/** Several domains at once, but not so many that a resolver or registry sees a burst. */
const CONCURRENT_DOMAINS = 8;

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export async function runCli(io: CliIo): Promise<number> {
  let args: ReturnType<typeof parseCliArgs>;
  try {
    args = parseCliArgs(io.argv, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`domain-insight: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (args.command === 'help') {
    io.stdout(`${USAGE}\n`);
    return EXIT_OK;
  }
  if (args.command === 'version') {
    io.stdout('domain-insight 0.1.0\n');
    return EXIT_OK;
  }
  return check(args, io);
}

async function check(args: CheckCommand, io: CliIo): Promise<number> {
  const t = bundledTranslator(args.language);
  // Bad input is refused before any question leaves the machine.
  for (const input of args.inputs) {
    const target = parseDomainInput(input);
    if (!target.ok) {
      io.stderr(`domain-insight: ${t('cli_not_public', [input, target.reason])}\n`);
      return EXIT_USAGE;
    }
  }
  const shared = {
    dohUrl: args.dohUrl,
    rdapBootstrapUrl: args.rdapBootstrapUrl,
    fetch: io.fetch,
    now: io.now,
    timeoutMs: args.timeoutMs,
  };
  const options = {
    ...shared,
    translate: t,
    expiry: {
      warningDays: DEFAULT_SETTINGS.expiryWarningDays,
      criticalDays: DEFAULT_SETTINGS.expiryCriticalDays,
    },
    resolver: resolverFor(shared),
    bootstrap: bootstrapFor(shared),
  };
  let smtp: Awaited<ReturnType<typeof smtpStage>> | null = null;
  try {
    smtp = args.smtp
      ? await smtpStage(args.smtp, { timeoutMs: args.timeoutMs, translate: t, now: io.now })
      : null;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`domain-insight: ${error.message}\n`);
    return EXIT_USAGE;
  }
  const outcomes = await mapWithConcurrency(args.inputs, CONCURRENT_DOMAINS, async (input) => {
    const outcome = await buildReport(input, options);
    // --smtp: each domain's MX hosts are probed as soon as its own report is ready.
    return smtp && outcome.ok ? { ...outcome, report: await smtp(outcome.report) } : outcome;
  });
  const reports = outcomes.flatMap((o) => (o.ok ? [o.report] : []));

  if (args.json) {
    io.stdout(`${JSON.stringify(args.inputs.length === 1 ? reports[0] : reports, null, 2)}\n`);
  } else {
    const style = io.isTty && !io.env.NO_COLOR ? colourStyle : plainStyle;
    io.stdout(`${reports.map((r) => formatReport(r, t, style, io.now())).join('\n\n')}\n`);
  }
  return failsThreshold(reports, args.failOn) ? EXIT_FINDINGS : EXIT_OK;
}

function failsThreshold(reports: DomainReport[], failOn: CheckCommand['failOn']): boolean {
  if (!failOn) return false;
  return reports.some((r) => {
    const worst = worstSeverity(r.findings);
    return worst !== null && SEVERITY_ORDER[worst] <= SEVERITY_ORDER[failOn];
  });
}
