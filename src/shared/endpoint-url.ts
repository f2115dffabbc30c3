export type EndpointUrlCheck =
  | { ok: true; url: string }
  | { ok: false; reason: 'invalid' | 'not-https' | 'credentials' };

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * A DoH resolver or RDAP bootstrap URL (options page, worker, CLI flags) must be https: the queries
 * reveal every site visited. Plain http is accepted only for a server on this machine (test stacks,
 * a local dnsdist). URLs with a user name or password are refused: they would be stored and shown
 * in clear.
 */
export function checkEndpointUrl(input: string): EndpointUrlCheck {
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
