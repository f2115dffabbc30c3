import { isLoopbackUrl } from '../http/url-policy.ts';
import { trimEnd } from '../trim.ts';
import type {
  CheckState,
  Clock,
  ErrorCode,
  FetchLike,
  FindingSpec,
  Registrar,
  Registration,
  ReportError,
} from '../types.ts';
import type { Bootstrap } from './bootstrap.ts';
import { DEFAULT_EXPIRY_THRESHOLDS, type ExpiryThresholds, registrationFindings } from './findings.ts';
import { fetchRdapJson, normalizeRdapUrl, type RdapFetchOptions } from './http.ts';
import { type ParsedRdapDomain, parseRdapDomain } from './parse.ts';
import { type RdapSupplement, registryLookupUrl } from './supplement.ts';
import { tldOf } from './tld.ts';

/**
 * The registration part of a report: bootstrap → registry → (thin registries) registrar. The
 * registry is the authority for dates, statuses and name servers; the registrar's own server is
 * asked only for what it knows best, its name and abuse contact. No failure escapes: each one
 * becomes a finding and an `errors` entry.
 */
export interface LookupOptions {
  fetch: FetchLike;
  now: Clock;
  bootstrap: Bootstrap;
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
  maxRetryAfterMs?: number;
  thresholds?: ExpiryThresholds;
  supplement?: RdapSupplement;
  /** The report's cancellation, passed to every request. */
  signal?: AbortSignal | undefined;
}

export interface RegistrationLookup {
  /** null when no RDAP service is known for the TLD or the registry could not be read. */
  registration: Registration | null;
  findings: FindingSpec[];
  errors: ReportError[];
  /** HTTP requests made (bootstrap file, registry, redirects, retries, registrar). */
  requests: number;
  /** The registry answered that it holds no such domain (HTTP 404): unregistered, not unreachable. */
  notFound?: boolean;
  /** report.md: found, absent (the registry holds no such domain), unsupported (no RDAP), unknown. */
  state: Extract<CheckState, 'found' | 'absent' | 'unknown' | 'unsupported'>;
}

export async function lookupRegistration(
  domain: string,
  options: LookupOptions,
): Promise<RegistrationLookup> {
  const name = trimEnd(domain.trim().toLowerCase(), '.');
  const tld = tldOf(name);
  const base = await options.bootstrap.baseUrlsFor(name, options.signal);
  if (!base.ok) {
    return failed(`RDAP bootstrap: ${base.error}`, base.code, base.url, base.requests);
  }
  const [baseUrl] = base.urls;
  if (!baseUrl) {
    return {
      registration: null,
      findings: [
        {
          id: 'registration.no-rdap',
          severity: 'info',
          args: [tld, registryLookupUrl(tld, options.supplement)],
        },
      ],
      errors: [],
      requests: base.requests,
      state: 'unsupported',
    };
  }

  const http: RdapFetchOptions = {
    fetch: options.fetch,
    now: options.now,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    // RDAP goes to https hosts with public names only; a loopback bootstrap is the test mode in which
    // the registries (and their related links) may be local servers too (url-policy.ts).
    loopback: isLoopbackUrl(options.bootstrap.url),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: options.maxRetryAfterMs } : {}),
  };
  const registryUrl = `${baseUrl}domain/${name}`;
  const registryAnswer = await fetchRdapJson(registryUrl, http);
  let requests = base.requests + registryAnswer.requests;
  if (!registryAnswer.ok) {
    // The registry answered "no such domain": not registered (it may be available), not a failure.
    if (registryAnswer.notFound)
      return { registration: null, findings: [], errors: [], requests, notFound: true, state: 'absent' };
    return failed(
      registryAnswer.reason,
      registryAnswer.code,
      registryAnswer.url,
      requests,
      registryAnswer.retryAfterMs,
    );
  }
  if (!isDomainObject(registryAnswer.json)) {
    return failed(
      'answered with JSON that is not an RDAP domain object',
      'malformed',
      registryAnswer.url,
      requests,
    );
  }

  const registry = parseRdapDomain(registryAnswer.json);
  const errors: ReportError[] = [];
  let registrar = registry.registrar;
  let fromRegistrar: ParsedRdapDomain | null = null;

  const related = registrarLink(registry, registryAnswer.visited);
  if (related) {
    const answer = await askRegistrar(related, name, http);
    requests += answer.requests;
    if (answer.error) errors.push(answer.error);
    if (answer.parsed) {
      fromRegistrar = answer.parsed;
      registrar = mergeRegistrar(registry.registrar, answer.parsed.registrar);
    }
  }

  const registration: Registration = {
    rdapUrl: registryAnswer.url,
    registrar,
    // The registry is authoritative for dates: the registrar's copy only fills what it leaves out.
    created: registry.created ?? fromRegistrar?.created ?? null,
    expires: registry.expires ?? fromRegistrar?.expires ?? null,
    updated: registry.updated ?? fromRegistrar?.updated ?? null,
    status: registry.status,
    nameservers: registry.nameservers.length > 0 ? registry.nameservers : (fromRegistrar?.nameservers ?? []),
    dnssecSigned: registry.dnssecSigned ?? fromRegistrar?.dnssecSigned ?? null,
  };
  return {
    registration,
    findings: registrationFindings(
      registration,
      options.now(),
      options.thresholds ?? DEFAULT_EXPIRY_THRESHOLDS,
      tld,
    ),
    errors,
    requests,
    state: 'found',
  };
}

/** RFC 9083 §5.3: a domain object names its class or at least the domain; anything else is not an answer. */
function isDomainObject(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const record = json as Record<string, unknown>;
  const objectClass =
    typeof record.objectClassName === 'string' ? record.objectClassName.toLowerCase() : null;
  return objectClass === 'domain' || (objectClass === null && typeof record.ldhName === 'string');
}

function failed(
  reason: string,
  code: ErrorCode,
  url: string,
  requests: number,
  retryAfterMs?: number,
): RegistrationLookup {
  const error: ReportError = { source: 'rdap', code, message: reason, query: url };
  if (retryAfterMs !== undefined) error.retryAfterMs = retryAfterMs;
  return {
    registration: null,
    findings: [{ id: 'registration.lookup-failed', severity: 'warning', args: [reason, url] }],
    errors: [error],
    requests,
    state: 'unknown',
  };
}

/** The thin registry's pointer to the registrar's copy; a failure there is only an errors entry. */
async function askRegistrar(
  url: string,
  name: string,
  http: RdapFetchOptions,
): Promise<{ parsed: ParsedRdapDomain | null; error: ReportError | null; requests: number }> {
  const answer = await fetchRdapJson(url, http);
  const error = (message: string, code: ErrorCode) => ({
    parsed: null,
    error: { source: 'rdap' as const, code, message: `registrar RDAP: ${message}`, query: answer.url },
    requests: answer.requests,
  });
  if (!answer.ok) return error(answer.reason, answer.code);
  if (!isDomainObject(answer.json))
    return error('answered with JSON that is not an RDAP domain object', 'malformed');
  const parsed = parseRdapDomain(answer.json);
  if (parsed.ldhName && parsed.ldhName !== name)
    return error(`answered for ${parsed.ldhName}, not ${name}`, 'malformed');
  return { parsed, error: null, requests: answer.requests };
}

/** The registrar's copy of the domain, unless the link leads back to the object already read (CentralNic links to itself). */
function registrarLink(registry: ParsedRdapDomain, visited: string[]): string | null {
  const known = new Set(
    [...visited, ...(registry.selfLink ? [registry.selfLink] : [])].map(normalizeRdapUrl),
  );
  return registry.relatedLinks.find((link) => !known.has(normalizeRdapUrl(link))) ?? null;
}

/** The registry's name and IANA id (it keeps the accreditation list); the registrar's own contacts. */
function mergeRegistrar(registry: Registrar | null, registrar: Registrar | null): Registrar | null {
  if (!registrar) return registry;
  if (!registry) return registrar;
  return {
    name: registry.name ?? registrar.name,
    ianaId: registry.ianaId ?? registrar.ianaId,
    url: registrar.url ?? registry.url,
    abuseEmail: registrar.abuseEmail ?? registry.abuseEmail,
    abusePhone: registrar.abusePhone ?? registry.abusePhone,
  };
}
