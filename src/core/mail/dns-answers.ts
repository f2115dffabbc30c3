import type { DnsFailure, DnsResult, Resolver, RRType } from '../dns/types.ts';
import type { ErrorCode, ReportError } from '../types.ts';

/** A failed query becomes a report error naming it; never a "missing" finding (docs/checks.md). */
export function dnsError(failure: DnsFailure): ReportError {
  return {
    source: 'dns',
    code: dnsErrorCode(failure.reason),
    message: failure.message,
    query: `${failure.name} ${failure.type}`,
  };
}

const DNS_ERROR_CODES: Record<DnsFailure['reason'], ErrorCode> = {
  timeout: 'timeout',
  network: 'network',
  http: 'http-status',
  'not-dns': 'not-dns',
  'too-large': 'too-large',
  malformed: 'malformed',
  mismatch: 'malformed',
  // The resolver answered, but only to say it could not reach the domain's servers (RFC 1035 rcode 2/5).
  servfail: 'network',
  refused: 'network',
  blocked: 'blocked',
  // A CNAME loop is an answer that cannot be read, never "no records".
  'cname-chain': 'malformed',
};

export function dnsErrorCode(reason: DnsFailure['reason']): ErrorCode {
  return DNS_ERROR_CODES[reason];
}

/** The TXT strings of an answer (already joined per record by the resolver, RFC 7208 §3.3). */
export function txtStrings(result: DnsResult): string[] {
  if (!result.ok) return [];
  return result.records.map((r) => r.data).filter((d): d is string => typeof d === 'string');
}

/**
 * The records of one TXT answer that start with a version tag such as `v=DMARC1`. Discovery is
 * case-insensitive and tolerant of spaces around "="; the parsers then judge the exact syntax.
 */
export function recordsWithVersion(result: DnsResult, version: string): string[] {
  const pattern = new RegExp(`^v\\s*=\\s*${version}(\\s*;|\\s|$)`, 'i');
  return txtStrings(result).filter((text) => pattern.test(text));
}

/** Host names compare case-insensitively and without the trailing dot (docs/checks.md). */
export function normalizeHost(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** Queries one name once per evaluation, however many terms point at it. */
export function memoizedQuery(resolver: Resolver): (name: string, type: RRType) => Promise<DnsResult> {
  const seen = new Map<string, Promise<DnsResult>>();
  return (name, type) => {
    const key = `${normalizeHost(name)} ${type}`;
    let pending = seen.get(key);
    if (!pending) {
      pending = resolver.query(normalizeHost(name), type);
      seen.set(key, pending);
    }
    return pending;
  };
}
