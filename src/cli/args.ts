import { parseArgs } from 'node:util';
import type { Severity } from '../core/types.ts';
import { checkEndpointUrl } from '../shared/endpoint-url.ts';
import { DEFAULT_DOH_URL, DEFAULT_RDAP_BOOTSTRAP_URL } from '../shared/settings.ts';

export interface CheckCommand {
  command: 'check';
  inputs: string[];
  /** --input FILE, or '-' for standard input: more domains, one per line. */
  inputFile: string | null;
  json: boolean;
  ndjson: boolean;
  dohUrl: string;
  rdapBootstrapUrl: string;
  timeoutMs: number;
  failOn: Exclude<Severity, 'info'> | null;
  language: 'en' | 'es';
  /** --smtp: also probe each MX host (greeting, STARTTLS, certificate); absent without the flag. */
  smtp?: SmtpFlags;
}

export interface SmtpFlags {
  /** --smtp-port: null for 25; a test server's port (loopback MX addresses are then allowed). */
  port: number | null;
  /** --smtp-ca: a PEM file of certificate authorities to trust besides the system's store. */
  caFile: string | null;
}

export type ParsedArgs = CheckCommand | { command: 'help' } | { command: 'version' };

export class UsageError extends Error {}

export const USAGE = `usage: domain-insight check <domain-or-url>... [--json | --ndjson] [--input FILE|-]
                     [--doh <url>] [--rdap-bootstrap <url>] [--timeout <ms>]
                     [--fail-on warning|critical] [--lang en|es] [--smtp [--smtp-ca <file>]] [--help]

Tells, for each domain: who handles its mail, when its registration expires, and what is wrong
or about to break. A URL is fine: its registrable domain is checked.

  --json                 print the reports as JSON (one object, or an array for several domains)
  --ndjson               print one JSON report per line, as each one completes
  --input FILE|-         read more domains from FILE (or standard input with -), one per line;
                         blank lines and lines starting with # are skipped
  --doh <url>            the DNS-over-HTTPS resolver (RFC 8484; a {?dns} template is fine);
                         https only, http:// only for a loopback test server
                         (default ${DEFAULT_DOH_URL})
  --rdap-bootstrap <url> the RDAP bootstrap file that names each TLD's registry
                         (default ${DEFAULT_RDAP_BOOTSTRAP_URL})
  --timeout <ms>         per request, 100 to 120000 (default 8000)
  --fail-on <severity>   exit 1 when a finding of this severity or worse exists: warning or critical
  --lang en|es           the language of the words (default: from LANG, else English)
  --smtp                 also connect to each MX host on port 25: greeting, EHLO, STARTTLS and the
                         certificate (validated against the host name); never sends mail
  --smtp-ca <file>       with --smtp: trust the CAs in this PEM file too
  --smtp-port <port>     with --smtp: another port (test servers; allows loopback MX addresses)
  -h, --help             this help
  --version              the version

Exit status: 0 every report complete and no --fail-on threshold met; 1 a --fail-on threshold met;
2 bad usage or an input that is not a public domain (the other inputs are still checked and
printed); 3 a report is incomplete (a check could not run) and no threshold is met.

Dates are shown as YYYY-MM-DD (ISO 8601, UTC).
The report's JSON shape: docs/report.md. Every finding, its severity and what to do: docs/checks.md.`;

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
  const inputFile = values.input ?? null;
  if (inputs.length === 0 && inputFile === null)
    throw new UsageError('check needs at least one domain or URL (or --input FILE)');
  if (values.json && values.ndjson) throw new UsageError('--json and --ndjson: choose one');
  for (const flag of ['smtp-port', 'smtp-ca'] as const) {
    if (values[flag] !== undefined && !values.smtp) throw new UsageError(`--${flag} needs --smtp`);
  }
  return {
    command: 'check',
    inputs,
    inputFile,
    json: values.json ?? false,
    ndjson: values.ndjson ?? false,
    // RFC 8484 §3 publishes resolvers as URI templates ("https://dns.example/dns-query{?dns}").
    dohUrl: endpoint('--doh', (values.doh ?? DEFAULT_DOH_URL).trim().replace(/\{\?dns\}$/, '')),
    rdapBootstrapUrl: endpoint('--rdap-bootstrap', values['rdap-bootstrap'] ?? DEFAULT_RDAP_BOOTSTRAP_URL),
    timeoutMs: timeout(values.timeout),
    failOn: failOn(values['fail-on']),
    language: values.lang !== undefined ? language(values.lang) : languageFromEnv(env.LC_ALL ?? env.LANG),
    ...(values.smtp
      ? { smtp: { port: port('--smtp-port', values['smtp-port']), caFile: values['smtp-ca'] ?? null } }
      : {}),
  };
}

function parseWith(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      ndjson: { type: 'boolean' },
      input: { type: 'string' },
      doh: { type: 'string' },
      'rdap-bootstrap': { type: 'string' },
      timeout: { type: 'string' },
      'fail-on': { type: 'string' },
      lang: { type: 'string' },
      smtp: { type: 'boolean' },
      'smtp-port': { type: 'string' },
      'smtp-ca': { type: 'string' },
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

function port(flag: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65_535) {
    throw new UsageError(`${flag}: "${value}" must be a port number between 1 and 65535`);
  }
  return n;
}

function failOn(value: string | undefined): CheckCommand['failOn'] {
  if (value === undefined) return null;
  if (value === 'warning' || value === 'critical') return value;
  throw new UsageError(`--fail-on: "${value}" must be "warning" or "critical"`);
}

function language(value: string): 'en' | 'es' {
  if (value === 'en' || value === 'es') return value;
  throw new UsageError(`--lang: "${value}" must be "en" or "es"`);
}

/** LANG=es_PE.UTF-8 and the like: Spanish; any other language: English. */
function languageFromEnv(value: string | undefined): 'en' | 'es' {
  return value?.toLowerCase().startsWith('es') ? 'es' : 'en';
}

/** --input: one domain per line; blank lines and # comments skipped (report.md). */
export function parseInputList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
