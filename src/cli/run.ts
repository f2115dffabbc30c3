import type { Resolver } from '../core/dns/types.ts';
import type { Clock, FetchLike } from '../core/types.ts';
import { parseCliArgs, USAGE, UsageError } from './args.ts';
import { EXIT_OK, EXIT_USAGE } from './exit-status.ts';

export { EXIT_FINDINGS, EXIT_INCOMPLETE, EXIT_OK, EXIT_USAGE } from './exit-status.ts';

export interface CliIo {
  argv: string[];
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
  fetch: FetchLike;
  now: Clock;
  /**
   * The fetch for every host but the resolver's own: main.ts resolves them through the DoH resolver
   * (doh-fetch.ts). Without it, `fetch` is used for everything (tests map hosts themselves).
   */
  hostFetch?: (resolver: Resolver, dohUrl: string) => FetchLike;
  /** Reads --input FILE ('-' is standard input). */
  readInput?: (path: string) => Promise<string>;
}

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
  // Loaded here and not at the top: a check needs the whole core, `--help` none of it.
  const { check } = await import('./check-command.ts');
  return check(args, io);
}
