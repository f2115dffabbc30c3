/**
 * The public contract of the core (see docs/report.md). Field names are stable:
 * the CLI's JSON, the watchlist history and the extension all key on them.
 */

export type Severity = 'critical' | 'warning' | 'info';

export interface Finding {
  id: string;
  severity: Severity;
  title: string;
  detail: string;
  fix: string;
  /** Positional substitutions used for detail/title/fix, so a UI can re-translate the finding. */
  args?: string[];
}

/** What a check module emits; the report composer turns it into a translated {@link Finding}. */
export interface FindingSpec {
  id: string;
  severity: Severity;
  /** $1..$9 substitutions for the finding's messages (the evidence: record text, host, date). */
  args?: string[];
}

/** Machine-readable failure kinds (docs/report.md): what went wrong, never the English text. */
export type ErrorCode =
  | 'timeout'
  | 'network'
  | 'http-status'
  | 'not-dns'
  | 'malformed'
  | 'too-large'
  | 'rate-limited'
  | 'blocked'
  | 'not-found';

export interface ReportError {
  source: 'dns' | 'rdap' | 'mta-sts' | 'input' | 'status' | 'smtp';
  code: ErrorCode;
  message: string;
  /** For `rate-limited`: how long the server asked us to wait. */
  retryAfterMs?: number;
  /** The query that failed, e.g. "_dmarc.example.com TXT" or an RDAP URL. */
  query?: string;
}

export interface ProviderRef {
  id: string;
  name: string;
  statusUrl?: string;
  supportUrl?: string;
  /** The provider's help pages for fixing a record (catalogue, each from a public source). */
  help?: { spf?: string; dmarc?: string; dkim?: string };
}

export interface MxHost {
  preference: number;
  exchange: string;
  addresses: string[];
  /** Set when the exchange is itself a CNAME (RFC 2181 §10.3). */
  cname?: string;
}

/**
 * The DMARC record that applies to the domain (RFC 9989, with RFC 7489's tags): `policy` is the policy
 * receivers apply to the domain itself (p=, or sp= of a record found above it, or none when the record
 * falls back to p=none), `source` the `_dmarc` name it was found at and `from` how it was found.
 */
export interface DmarcSummary {
  record: string;
  policy: string;
  subdomainPolicy?: string;
  pct?: number;
  rua?: string[];
  /** np= (RFC 9989): for subdomains that do not exist; defaults to sp=, then p=. */
  nonexistentSubdomainPolicy?: string;
  ruf?: string[];
  /** t=y (RFC 9989 testing mode): receivers that follow RFC 9989 apply one level lower. */
  testing?: boolean;
  /** With t=y: the policy those receivers apply instead (reject → quarantine, quarantine → none). */
  testingPolicy?: string;
  /** psd= as published (RFC 9989): y for a Public Suffix Domain's record. */
  psd?: 'y' | 'n' | 'u';
  /** Where the applied record was found, e.g. "_dmarc.example.com". */
  source?: string;
  /** The domain's own record, its Organizational Domain's, or its Public Suffix Domain's (RFC 9989 §4.10.1). */
  from?: 'domain' | 'organizational' | 'public-suffix';
}

export interface SpfSummary {
  record: string;
  lookups: number;
  all: string | null;
  voidLookups?: number;
  /** Include/redirect tree for display. */
  tree?: SpfNode;
}

export interface SpfNode {
  domain: string;
  record: string | null;
  via: 'root' | 'include' | 'redirect';
  error?: string;
  children: SpfNode[];
}

export interface MailReport {
  acceptsMail: boolean;
  mx: MxHost[];
  provider: ProviderRef | null;
  gateway: ProviderRef | null;
  spf: SpfSummary | null;
  dmarc: DmarcSummary | null;
  mtaSts: { mode: string; mx: string[]; maxAge?: number; id?: string } | null;
  tlsRpt: { record: string } | null;
  dkim: { selector: string; found: boolean }[];
  bimi: { record: string } | null;
}

/** The mail part of a report that knows nothing yet (a part still running, a resolver that is down). */
export function emptyMailReport(): MailReport {
  return {
    acceptsMail: true,
    mx: [],
    provider: null,
    gateway: null,
    spf: null,
    dmarc: null,
    mtaSts: null,
    tlsRpt: null,
    dkim: [],
    bimi: null,
  };
}

export type DnssecStatus = 'secure' | 'insecure' | 'bogus' | 'unknown';

export interface DnsReport {
  nameservers: string[];
  dnssec: DnssecStatus;
}

export interface Registrar {
  name: string | null;
  ianaId: string | null;
  url: string | null;
  abuseEmail: string | null;
  abusePhone: string | null;
}

export interface Registration {
  rdapUrl: string;
  registrar: Registrar | null;
  created: string | null;
  expires: string | null;
  updated: string | null;
  status: string[];
  nameservers: string[];
  dnssecSigned: boolean | null;
}

/** The checks every report carries (docs/report.md "Checks, states and the verdict"). */
export const CORE_CHECK_IDS = [
  'registration',
  'nameservers',
  'dnssec',
  'mx',
  'spf',
  'dmarc',
  'mta-sts',
  'tls-rpt',
  'dkim',
  'bimi',
] as const;
export type CoreCheckId = (typeof CORE_CHECK_IDS)[number];
/** Offered only where the product can run them (the extension's status feeds, the CLI's --smtp). */
export type OptionalCheckId = 'provider-status' | 'smtp';
export type CheckId = CoreCheckId | OptionalCheckId;
export const CHECK_IDS: readonly CheckId[] = [...CORE_CHECK_IDS, 'provider-status', 'smtp'];

export type CheckState = 'found' | 'absent' | 'unknown' | 'unsupported' | 'not-applicable';
export const CHECK_STATES: readonly CheckState[] = [
  'found',
  'absent',
  'unknown',
  'unsupported',
  'not-applicable',
];

export interface CheckResult {
  state: CheckState;
  severity: Severity | 'none';
}

export type Checks = Record<CoreCheckId, CheckResult> & Partial<Record<OptionalCheckId, CheckResult>>;

export type Verdict = 'critical' | 'warning' | 'ok' | 'incomplete';
export const VERDICTS: readonly Verdict[] = ['critical', 'warning', 'ok', 'incomplete'];

export interface DomainReport {
  domain: string;
  unicode: string;
  input: string;
  checkedAt: string;
  durationMs: number;
  registration?: Registration | null;
  dns: DnsReport;
  mail: MailReport;
  findings: Finding[];
  errors: ReportError[];
  /** false when any check's state is `unknown` or a lookup the report needed failed. */
  complete: boolean;
  verdict: Verdict;
  checks: Checks;
}

/** Injected so the core runs unchanged in a service worker, Node and tests. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;
export type Clock = () => number;

export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
