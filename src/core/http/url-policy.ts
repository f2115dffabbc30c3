/**
 * Where the core may send a request. Remote data (a bootstrap file, an RDAP `related` link, a
 * redirect) names URLs; none of them may make the product reach into the user's own network or
 * downgrade to plain http. The only exception is loopback, and only when the configured endpoint is
 * itself on loopback: that is a local test server (report.md: `--doh http://127.0.0.1…`).
 */

/** 127.0.0.0/8, ::1 and the name localhost (RFC 6761 §6.3): the machine itself. */
export function isLoopbackHost(hostname: string): boolean {
  const host = stripBrackets(hostname.toLowerCase());
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const v4 = ipv4Octets(host);
  return v4 !== null && v4[0] === 127;
}

/** The URL of a configured endpoint points at this machine (the test mode of every guard). */
export function isLoopbackUrl(text: string): boolean {
  try {
    return isLoopbackHost(new URL(text).hostname);
  } catch {
    return false;
  }
}

/** https only; http only to loopback in loopback mode. Returns why not, or null. */
export function schemeProblem(url: URL, loopback: boolean): string | null {
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && loopback && isLoopbackHost(url.hostname)) return null;
  if (url.protocol === 'http:') return `${url.host} over plain http: only https is allowed`;
  return `${url.protocol} is not https`;
}

/** Suffixes that never name a public host (RFC 6761, RFC 6762, RFC 8375, ICANN's .internal). */
const PRIVATE_SUFFIXES = ['localhost', 'local', 'internal', 'home.arpa', 'invalid', 'onion', 'lan'];

/**
 * A public host name, as RDAP servers and status feeds have: not an IP literal (an address says
 * nothing about whose it is, and it may be the user's router), not loopback or a private-use name,
 * and with at least one dot. Loopback passes only in loopback mode. Returns why not, or null.
 */
export function hostPolicyProblem(url: URL, loopback: boolean): string | null {
  const host = stripBrackets(url.hostname.toLowerCase());
  if (isLoopbackHost(host)) return loopback ? null : `${url.host} is this machine (loopback)`;
  if (host.includes(':') || ipv4Octets(host) !== null) return `${url.host} is an IP address, not a host name`;
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (!name.includes('.')) return `${url.host} is not a public host name`;
  for (const suffix of PRIVATE_SUFFIXES) {
    if (name === suffix || name.endsWith(`.${suffix}`))
      return `${url.host} is a private-use name (.${suffix})`;
  }
  if (url.username || url.password) return `${url.host}: a URL with credentials`;
  return null;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Dotted decimal only: the URL parser has already turned 0x7f.1, 2130706433 and friends into it. */
function ipv4Octets(host: string): number[] | null {
  const parts = host.split('.');
  if (parts.length !== 4) return null;
  const octets: number[] = [];
  for (const part of parts) {
    if (part.length === 0 || part.length > 3) return null;
    for (let i = 0; i < part.length; i++) {
      const c = part.charCodeAt(i);
      if (c < 48 || c > 57) return null;
    }
    const value = Number(part);
    if (value > 255) return null;
    octets.push(value);
  }
  return octets;
}
