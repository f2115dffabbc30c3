import { parseArgs } from 'node:util';
import type { Severity } from '../core/types.ts';
import { checkEndpointUrl } from '../shared/endpoint-url.ts';
import { DEFAULT_DOH_URL, DEFAULT_RDAP_BOOTSTRAP_URL } from '../shared/settings.ts';

export interface CheckCommand {
  command: 'check';
  inputs: string[];
  json: boolean;
  dohUrl: string;
  rdapBootstrapUrl: string;
  timeoutMs: number;
  failOn: Exclude<Severity, 'info'> | null;
  language: 'en' | 'es';
}

export type ParsedArgs = CheckCommand | { command: 'help' } | { command: 'version' };

export class UsageError extends Error {}

export const USAGE = `usage: domain-insight check <domain-or-url>... [--json] [--doh <url>] [--rdap-bootstrap <url>]
                                        [--timeout <ms>] [--fail-on warning|critical] [--lang en|es]`;

export function parseCliArgs(argv: string[], env: Record<string, string | undefined> = {}): ParsedArgs {
  let parsed: ReturnType<typeof parseWith>;
  try {
    parsed = parseWith(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...inputs] = positionals;
  if (command === undefined) throw new UsageError('missing command: try "check example.com"');
  if (command !== 'check') throw new UsageError(`unknown command "${command}": the command is "check"`);
  if (inputs.length === 0) throw new UsageError('check needs at least one domain or URL');
  return {
    command: 'check',
    inputs,
    json: values.json ?? false,
    // RFC 8484 §3 publishes resolvers as URI templates ("https://dns.example/dns-query{?dns}").
    dohUrl: endpoint('--doh', (values.doh ?? DEFAULT_DOH_URL).trim().replace(/\{\?dns\}$/, '')),
    rdapBootstrapUrl: endpoint('--rdap-bootstrap', values['rdap-bootstrap'] ?? DEFAULT_RDAP_BOOTSTRAP_URL),
    timeoutMs: timeout(values.timeout),
    failOn: failOn(values['fail-on']),
    language: language(values.lang ?? env.LC_ALL ?? env.LANG),
  };
}

function parseWith(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      doh: { type: 'string' },
      'rdap-bootstrap': { type: 'string' },
      timeout: { type: 'string' },
      'fail-on': { type: 'string' },
      lang: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
    },
  });
}

const ENDPOINT_PROBLEMS = {
  invalid: 'is not an http(s) URL',
  'not-https': 'must be an https:// URL (http:// only for loopback)',
  credentials: 'must not carry a user name or password',
} as const;

/** https anywhere; plain http only for loopback test servers (docs/report.md). */
export function endpoint(flag: string, value: string): string {
  const checked = checkEndpointUrl(value);
  if (checked.ok) return checked.url;
  throw new UsageError(`${flag}: "${value}" ${ENDPOINT_PROBLEMS[checked.reason]}`);
}

function timeout(value: string | undefined): number {
  if (value === undefined) return 8000;
  const ms = Number(value);
  if (!/^\d+$/.test(value) || ms < 100 || ms > 120_000) {
    throw new UsageError(
      `--timeout: "${value}" must be a whole number of milliseconds between 100 and 120000`,
    );
  }
  return ms;
}

function failOn(value: string | undefined): CheckCommand['failOn'] {
  if (value === undefined) return null;
  if (value === 'warning' || value === 'critical') return value;
  throw new UsageError(`--fail-on: "${value}" must be "warning" or "critical"`);
}

function language(value: string | undefined): 'en' | 'es' {
  return value?.toLowerCase().startsWith('es') ? 'es' : 'en';
}
