import type { Resolver } from '../core/dns/types.ts';
import type { ResolverTestResult } from '../watchlist/messages.ts';
import { checkResolverUrl } from '../watchlist/resolver-url.ts';

/**
 * The name the "test resolver" button asks about: IANA's example domain (RFC 2606) exists on every
 * public resolver, is DNSSEC-signed (so the AD bit shows validation), and says nothing about the user.
 */
export const TEST_QUERY_NAME = 'example.com';

/**
 * Asks the resolver one question and says what it answered (records, validation bit, time), or
 * why it failed. `make` gives a resolver without cache (the client factory's), so the answer
 * really comes from the server.
 */
export async function testResolver(
  url: string,
  make: (url: string) => Resolver,
): Promise<ResolverTestResult> {
  const checked = checkResolverUrl(url);
  if (!checked.ok) return { ok: false, reason: checked.reason };
  const started = performance.now();
  const result = await make(checked.url).query(TEST_QUERY_NAME, 'A');
  const ms = Math.round(performance.now() - started);
  if (!result.ok) return { ok: false, reason: `${result.reason}: ${result.message}` };
  return {
    ok: true,
    name: result.name,
    rcode: result.rcode,
    answers: result.records.map((r) => (typeof r.data === 'string' ? r.data : JSON.stringify(r.data))),
    ms,
    authenticated: result.ad,
  };
}
