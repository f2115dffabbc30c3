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

  const mailFindings =
    health.exists === false ? mail.findings.filter((f) => !DEPENDS_ON_EXISTENCE.test(f.id)) : mail.findings;
  // checks.md: dns.nxdomain says it all. A registry that answers "no such domain" agrees with DNS (the
  // name is not registered); only a registry that could not answer is still a failed lookup.
  const rdapFindings =
    health.exists === false && rdap.notFound
      ? rdap.findings.filter((f) => f.id !== 'registration.lookup-failed')
      : rdap.findings;
  const errors: ReportError[] = dedupeErrors([...health.errors, ...mail.errors, ...rdap.errors]);
  const specs: FindingSpec[] = [
    ...health.findings,
    ...mailFindings,
    ...rdapFindings,
    ...lookupFailedFinding(errors),
  ];

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

/** One `dns.lookup-failed` for the whole report, naming every question that could not be answered. */
function lookupFailedFinding(errors: ReportError[]): FindingSpec[] {
  const queries = errors
    .filter((e) => e.source === 'dns')
    .map((e) => (e.query ? `${e.query}: ${e.message}` : e.message));
  return queries.length ? [{ id: 'dns.lookup-failed', severity: 'warning', args: [queries.join('; ')] }] : [];
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
