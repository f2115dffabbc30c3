/** Resolver presets offered by the options page (RFC 8484 endpoints, all with DNSSEC validation). */
export const RESOLVER_PRESETS = [
  { id: 'cloudflare', name: 'Cloudflare', url: 'https://cloudflare-dns.com/dns-query' },
  { id: 'google', name: 'Google', url: 'https://dns.google/dns-query' },
  { id: 'quad9', name: 'Quad9', url: 'https://dns.quad9.net/dns-query' },
] as const;

export type ResolverUrlCheck =
  | { ok: true; url: string }
  | { ok: false; reason: 'invalid' | 'not-https' | 'credentials' };

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * A custom DoH endpoint must be https (the queries reveal every site visited); plain http is
 * accepted only for a resolver on this machine (test stacks, a local dnsdist). URLs with a user
 * name or password are refused: they would be stored and shown in clear.
 */
export function checkResolverUrl(input: string): ResolverUrlCheck {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (url.username || url.password) return { ok: false, reason: 'credentials' };
  if (url.protocol === 'https:') return { ok: true, url: url.href };
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return { ok: true, url: url.href };
  return { ok: false, reason: url.protocol === 'http:' ? 'not-https' : 'invalid' };
}
