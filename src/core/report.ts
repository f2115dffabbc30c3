import { type CheckStates, judge } from './checks.ts';
import { createDohResolver } from './dns/doh-client.ts';
import { checkDnsHealth } from './dns/health.ts';
import type { Resolver } from './dns/types.ts';
import { type NotPublicDomain, parseDomainInput } from './domain.ts';
import { translateFindings } from './findings.ts';
import type { Translate } from './i18n/translate.ts';
import { analyzeMail } from './mail/analyze.ts';
import { type Bootstrap, createBootstrap, type ExpiryThresholds, lookupRegistration } from './rdap/index.ts';
import type { Clock, DomainReport, FetchLike, FindingSpec, ReportError } from './types.ts';

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
  const resolver = options.resolver ?? resolverFor(options);
  const bootstrap = options.bootstrap ?? bootstrapFor(options);

  const [health, mail, rdap] = await Promise.all([
    checkDnsHealth(domain, resolver),
    analyzeMail(domain, resolver, options.fetch, { timeoutMs: options.timeoutMs }),
    lookupRegistration(domain, {
      fetch: options.fetch,
      now: options.now,
      bootstrap,
      timeoutMs: options.timeoutMs,
      thresholds: options.expiry,
    }),
  ]);

  const missing = health.exists === false;
  // checks.md: dns.nxdomain says it all; nothing that depends on the domain is reported missing.
  const mailFindings = missing
    ? mail.findings.filter((f) => !DEPENDS_ON_EXISTENCE.test(f.id))
    : mail.findings;
  const errors: ReportError[] = dedupeErrors([...health.errors, ...mail.errors, ...rdap.errors]);
  const specs: FindingSpec[] = [
    ...health.findings,
    ...mailFindings,
    ...rdap.findings,
    ...lookupFailedFinding(domain, errors, options.dohUrl),
  ];
  const states: CheckStates = {
    registration: rdap.state,
    ...health.states,
    ...(missing ? notApplicable(mail.states) : mail.states),
  };

  const report: DomainReport = {
    domain,
    unicode: target.unicode,
    input,
    checkedAt: new Date(started).toISOString(),
    durationMs: Math.max(0, Math.round(options.now() - started)),
    registration: rdap.registration,
    dns: health.dns,
    mail: mail.mail,
    findings: translateFindings(specs, options.translate),
    errors,
    ...judge(states, specs),
  };
  return { ok: true, report };
}

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
