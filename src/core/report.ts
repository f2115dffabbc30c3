import { type CheckStates, judge } from './checks.ts';
import { type DependencyOutcome, watchDependencies } from './dependencies.ts';
import { createDohResolver } from './dns/doh-client.ts';
import { checkDnsHealth, type DnsHealth } from './dns/health.ts';
import type { Resolver } from './dns/types.ts';
import { type NotPublicDomain, parseDomainInput } from './domain.ts';
import { translateFindings } from './findings.ts';
import type { Translate } from './i18n/translate.ts';
import { analyzeMail, type MailAnalysis, UNKNOWN_MAIL_STATES } from './mail/analyze.ts';
import { type Bootstrap, createBootstrap, type ExpiryThresholds, lookupRegistration } from './rdap/index.ts';
import type { RegistrationLookup } from './rdap/lookup.ts';
import {
  type CheckId,
  type Clock,
  CORE_CHECK_IDS,
  type DomainReport,
  emptyMailReport,
  type FetchLike,
  type FindingSpec,
  type ReportError,
} from './types.ts';

export type { ExpiryThresholds };

export interface ReportOptions {
  dohUrl: string;
  rdapBootstrapUrl: string;
  fetch: FetchLike;
  now: Clock;
  translate: Translate;
  /** Per request (each DoH question, each RDAP request, the MTA-STS policy). */
  timeoutMs: number;
  expiry: ExpiryThresholds;
  /** Shared across reports so answers are reused until their TTL expires. */
  resolver?: Resolver;
  /** Shared across reports so the IANA file is fetched once a day, not once a report. */
  bootstrap?: Bootstrap;
  /**
   * Cancels the report: every DNS question, RDAP request and the MTA-STS policy fetch stop waiting
   * at once (the sweep's "timed out" really stops the work). A cancelled report still comes back,
   * with the unfinished parts as `timeout` errors.
   */
  signal?: AbortSignal;
  /**
   * Called with the report so far whenever a part completes before the others, so a surface can
   * show it at once: the mail routing (MX and provider, two round trips), DNS and mail, the
   * registration, in the order they come in. The final report is the promise's value, never passed here.
   */
  onPart?: (part: ReportPart) => void;
}

/** A report with some checks still running: their `checks` entries are placeholders until then. */
export interface ReportPart {
  report: DomainReport;
  pending: CheckId[];
}

export type ReportOutcome =
  | { ok: true; report: DomainReport }
  | { ok: false; input: string; reason: NotPublicDomain['reason'] };

/** Findings that say something is missing: meaningless when the domain itself does not exist (checks.md). */
const DEPENDS_ON_EXISTENCE = /^(mail|spf|dmarc|mta-sts|tls-rpt|dkim|bimi)\./;

/**
 * One report for one registrable domain. DNS health, mail and registration run concurrently: none of
 * them waits for another (issue 3: registration never waits for mail checks, or the other way round).
 */
export async function buildReport(input: string, options: ReportOptions): Promise<ReportOutcome> {
  const target = parseDomainInput(input);
  if (!target.ok) return { ok: false, input, reason: target.reason };
  const started = options.now();
  const { domain } = target;
  const { signal } = options;
  // Every answer that names a dependency (MX, NS, SPF include, DMARC report address) starts the SOA
  // question for its registrable domain at once; judged below from the report's own data.
  const dependencies = watchDependencies(
    domain,
    withSignal(options.resolver ?? resolverFor(options), signal),
  );
  const resolver = dependencies.resolver;
  const bootstrap = options.bootstrap ?? bootstrapFor(options);

  const parts: Parts = { domain, unicode: target.unicode, input, started };
  // What is in so far, for the parts: each arrival is shown unless it completes the report.
  const done: Done = { health: undefined, mail: undefined, deps: undefined, rdap: undefined };
  const { onPart } = options;
  const show = () => onPart?.(compose(parts, done, options));
  const dnsSide = Promise.all([
    checkDnsHealth(domain, resolver),
    analyzeMail(domain, resolver, options.fetch, {
      timeoutMs: options.timeoutMs,
      signal,
      ...(onPart
        ? {
            onRouting: (routing: MailAnalysis) => {
              done.routing = routing;
              show();
            },
          }
        : {}),
    }),
  ]).then(async ([health, mail]) => {
    const deps = await dependencies.judge({
      mx: mail.mail.mx.map((host) => host.exchange),
      nameservers: health.dns.nameservers,
      spfTree: mail.mail.spf?.tree,
      dmarcRecord: mail.mail.dmarc?.record,
    });
    return [health, mail, deps] as const;
  });
  const registrySide = lookupRegistration(domain, {
    fetch: options.fetch,
    now: options.now,
    bootstrap,
    timeoutMs: options.timeoutMs,
    thresholds: options.expiry,
    signal,
  });
  if (onPart) {
    void dnsSide.then(([health, mail, deps]) => {
      Object.assign(done, { health, mail, deps });
      if (!done.rdap) show();
    });
    void registrySide.then((rdap) => {
      done.rdap = rdap;
      if (!done.mail) show();
    });
  }
  const [[health, mail, deps], rdap] = await Promise.all([dnsSide, registrySide]);
  return { ok: true, report: compose(parts, { health, mail, deps, rdap }, options).report };
}

interface Done {
  health: DnsHealth | undefined;
  mail: MailAnalysis | undefined;
  deps: DependencyOutcome | undefined;
  rdap: RegistrationLookup | undefined;
  /** The mail routing alone (MX hosts and provider, as data), every mail check still pending. */
  routing?: MailAnalysis;
}

interface Parts {
  domain: string;
  unicode: string;
  input: string;
  started: number;
}

/** Every check but the registration's: what stays pending while DNS and mail run. */
const DNS_CHECKS: CheckId[] = CORE_CHECK_IDS.filter((id) => id !== 'registration');

/** The report from the parts that are in; a part still running leaves its checks pending. */
function compose({ domain, unicode, input, started }: Parts, done: Done, options: ReportOptions): ReportPart {
  const health = done.health ?? PENDING_HEALTH;
  const mail = done.mail ?? done.routing ?? PENDING_MAIL;
  const rdap = done.rdap ?? PENDING_RDAP;
  const pending: CheckId[] = [
    ...(done.rdap ? [] : ['registration' as const]),
    ...(done.health ? [] : DNS_CHECKS),
  ];

  const deps = done.deps ?? NO_DEPENDENCIES;
  const missing = health.exists === false;
  // docs/checks.md: dns.nxdomain says it all; nothing that depends on the domain is reported missing.
  const mailFindings = missing
    ? mail.findings.filter((f) => !DEPENDS_ON_EXISTENCE.test(f.id))
    : mail.findings;
  const errors: ReportError[] = dedupeErrors([
    ...health.errors,
    ...mail.errors,
    ...deps.errors,
    ...rdap.errors,
  ]);
  const specs: FindingSpec[] = [
    ...health.findings,
    ...mailFindings,
    ...deps.findings,
    ...rdap.findings,
    ...lookupFailedFinding(domain, errors, options.dohUrl),
  ];
  const states: CheckStates = {
    registration: rdap.state,
    ...health.states,
    ...(missing ? notApplicable(mail.states) : mail.states),
  };
  // A check whose dependency question went unanswered cannot say its dependencies exist.
  for (const id of deps.unknown)
    if (states[id] === 'found' || states[id] === 'absent') states[id] = 'unknown';

  const report: DomainReport = {
    domain,
    unicode,
    input,
    checkedAt: new Date(started).toISOString(),
    durationMs: Math.max(0, Math.round(options.now() - started)),
    // Still undefined while the registry has not answered (report.md: null only when there is none).
    ...(done.rdap ? { registration: rdap.registration } : {}),
    dns: health.dns,
    mail: mail.mail,
    findings: translateFindings(specs, options.translate),
    errors,
    ...judge(states, specs),
  };
  return { report, pending };
}

/** The resolver with the report's signal on every question, so no check module has to pass it on. */
function withSignal(resolver: Resolver, signal: AbortSignal | undefined): Resolver {
  if (!signal) return resolver;
  return {
    query: (name, type, queryOptions) =>
      resolver.query(name, type, { ...queryOptions, signal: queryOptions?.signal ?? signal }),
  };
}

const NO_DEPENDENCIES: DependencyOutcome = { findings: [], errors: [], unknown: [] };

const PENDING_HEALTH: DnsHealth = {
  dns: { nameservers: [], dnssec: 'unknown' },
  exists: null,
  findings: [],
  errors: [],
  states: { nameservers: 'unknown', dnssec: 'unknown' },
};
const PENDING_MAIL: MailAnalysis = {
  mail: emptyMailReport(),
  findings: [],
  errors: [],
  states: { ...UNKNOWN_MAIL_STATES },
  parked: false,
};
const PENDING_RDAP: RegistrationLookup = {
  registration: null,
  findings: [],
  errors: [],
  requests: 0,
  state: 'unknown',
};

export function resolverFor(options: Pick<ReportOptions, 'dohUrl' | 'fetch' | 'now' | 'timeoutMs'>) {
  return createDohResolver({
    url: options.dohUrl,
    fetch: options.fetch,
    now: options.now,
    timeoutMs: options.timeoutMs,
  });
}

export function bootstrapFor(
  options: Pick<ReportOptions, 'rdapBootstrapUrl' | 'fetch' | 'now' | 'timeoutMs'>,
) {
  return createBootstrap({
    url: options.rdapBootstrapUrl,
    fetch: options.fetch,
    now: options.now,
    timeoutMs: options.timeoutMs,
  });
}

/**
 * One finding for every DNS question that went unanswered. When none of the domain's basic questions
 * (SOA, NS, MX) got an answer, the resolver itself is down: `dns.resolver-unreachable` names it
 * instead of listing twenty failures that all say the same (checks.md).
 */
function lookupFailedFinding(domain: string, errors: ReportError[], dohUrl: string): FindingSpec[] {
  const dns = errors.filter((e) => e.source === 'dns');
  if (dns.length === 0) return [];
  const failed = new Set(dns.map((e) => e.query));
  if (['SOA', 'NS', 'MX'].every((type) => failed.has(`${domain} ${type}`))) {
    const first = dns[0];
    return [
      {
        id: 'dns.resolver-unreachable',
        severity: 'warning',
        args: [resolverName(dohUrl), first ? first.message : ''],
      },
    ];
  }
  const queries = dns.map((e) => (e.query ? `${e.query}: ${e.message}` : e.message));
  return [{ id: 'dns.lookup-failed', severity: 'warning', args: [queries.join('; ')] }];
}

/** The resolver as the user chose it in the settings: its origin and path, never a query string. */
function resolverName(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url;
  }
}

function notApplicable<T extends string>(states: Record<T, unknown>): Record<T, 'not-applicable'> {
  const out = {} as Record<T, 'not-applicable'>;
  for (const id of Object.keys(states) as T[]) out[id] = 'not-applicable';
  return out;
}

function dedupeErrors(errors: ReportError[]): ReportError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.source}|${e.query ?? ''}|${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
