import { parse as parsePublicSuffix } from 'tldts-icann';
import { hostToUnicode } from './punycode.ts';

/** A public, registrable domain worth asking DNS and RDAP about. */
export interface DomainTarget {
  ok: true;
  input: string;
  /** Registrable domain (eTLD+1, ICANN section of the PSL), lower-case ASCII (punycode). */
  domain: string;
  /** The registrable domain for display (IDN labels decoded). */
  unicode: string;
  /** The full ASCII host that was asked for (`shop.example.com`). */
  hostname: string;
}

export type NotPublicReason =
  | 'invalid'
  | 'ip'
  | 'localhost'
  | 'single-label'
  | 'reserved'
  | 'no-registrable-domain';

/** Not a public domain: nothing about it may leave the machine as a query. */
export interface NotPublicDomain {
  ok: false;
  input: string;
  reason: NotPublicReason;
}

/**
 * Special-use names that name something private or nothing at all (RFC 6761 and successors: .invalid,
 * .localhost, .local RFC 6762, .onion RFC 7686, .home.arpa RFC 8375 and all of .arpa, .alt RFC 9476,
 * .internal reserved by ICANN in 2024) and the names that intranets commonly use without owning them
 * (.lan, .corp, .home…). Querying a public resolver for them leaks intranet names and can only give
 * nonsense. Not here: .test and .example (RFC 2606), which name lab and test worlds whose resolver is
 * the one the user configured, and which leak nothing private.
 */
const RESERVED_TLDS = new Set([
  'local',
  'internal',
  'arpa',
  'lan',
  'localdomain',
  'corp',
  'home',
  'invalid',
  'onion',
  'alt',
  'intranet',
  'private',
]);

const MAX_INPUT_LENGTH = 2048;
const MAX_HOST_LENGTH = 253; // RFC 1035 §2.3.4, presentation form without the trailing dot
const LABEL = /^[a-z0-9_-]{1,63}$/;
const DOTTED_IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const HAS_AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\//i;

/** From what a person typed or a tab's URL to the registrable domain; never throws. */
export function parseDomainInput(input: string): DomainTarget | NotPublicDomain {
  const raw = typeof input === 'string' ? input : '';
  const notPublic = (reason: NotPublicReason): NotPublicDomain => ({ ok: false, input: raw, reason });
  const host = extractHost(raw);
  if (host.kind !== 'name') return notPublic(host.kind);
  const hostname = host.name;
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return notPublic('localhost');
  if (!hostname.includes('.')) return notPublic('single-label');
  const tld = hostname.slice(hostname.lastIndexOf('.') + 1);
  if (RESERVED_TLDS.has(tld)) return notPublic('reserved');
  // ICANN section only: a private suffix (github.io, blogspot.com) is a company's product, not a
  // registry, so the registrant we report on is the company's domain.
  const parsed = parsePublicSuffix(hostname, {
    allowPrivateDomains: false,
    extractHostname: false,
    detectIp: false,
  });
  // tldts-icann holds the ICANN section only; a TLD it does not list falls under the PSL's default
  // rule `*` (PSL: "If no rules match, the prevailing rule is *"), as browsers apply it:
  // `shop.example.zz` → `example.zz`, looked up like any other (a TLD that does not exist shows up as
  // dns.nxdomain, the truth a person who typed it needs; lab worlds with their own TLDs work too).
  if (!parsed.domain) return notPublic('no-registrable-domain');
  return { ok: true, input: raw, domain: parsed.domain, unicode: hostToUnicode(parsed.domain), hostname };
}

/** The registrable domain of a host name, or null when it has none (IP, reserved, unknown TLD). */
export function registrableDomainOf(host: string): string | null {
  const target = parseDomainInput(host);
  return target.ok ? target.domain : null;
}

/** Label-wise suffix match: `mx.google.com` is under `google.com`, `evilgoogle.com` is not. */
export function isSameOrSubdomain(host: string, domain: string): boolean {
  const h = normalizeName(host);
  const d = normalizeName(domain);
  if (d === '' || h === '') return false;
  return h === d || h.endsWith(`.${d}`);
}

function normalizeName(name: string): string {
  return typeof name === 'string' ? name.trim().toLowerCase().replace(/\.$/, '') : '';
}

type ExtractedHost = { kind: 'name'; name: string } | { kind: 'ip' } | { kind: 'invalid' };

function extractHost(raw: string): ExtractedHost {
  const text = raw.trim();
  if (text === '' || text.length > MAX_INPUT_LENGTH) return { kind: 'invalid' };
  if (looksLikeBareIpv6(text)) return { kind: 'ip' };
  const urlHost = hostOfUrl(urlText(text));
  if (urlHost === null || urlHost === '') return { kind: 'invalid' };
  if (urlHost.startsWith('[')) return { kind: 'ip' };
  // One trailing dot is the absolute form of the same name (RFC 1034 §3.1).
  const name = urlHost.endsWith('.') ? urlHost.slice(0, -1) : urlHost;
  // The URL parser has already turned every IPv4 spelling (0x7f.1, 2130706433) into dotted decimal.
  if (DOTTED_IPV4.test(name)) return { kind: 'ip' };
  if (name.length > MAX_HOST_LENGTH || !name.split('.').every((label) => LABEL.test(label))) {
    return { kind: 'invalid' };
  }
  return { kind: 'name', name };
}

/** A text the WHATWG URL parser reads with the host where the person meant it. */
function urlText(text: string): string {
  if (HAS_AUTHORITY.test(text)) return text;
  // mailto: has no authority; the domain is what follows the last "@" of the address.
  const mailto = /^mailto:(?:[^?]*@)?([^?@]*)/i.exec(text);
  if (mailto) return `http://${mailto[1] ?? ''}`;
  // A bare name, "name:port", "name/path" or "user@name": read it as an http URL.
  return `http://${text}`;
}

function hostOfUrl(text: string): string | null {
  try {
    const url = new URL(text);
    // A non-special scheme (ssh:, git+ssh:) keeps an opaque, percent-encoded, unmapped host: reading
    // it again as an http host applies the IDNA mapping and lower-casing that special schemes get.
    return url.protocol === 'http:' ? url.hostname : new URL(`http://${url.hostname}`).hostname;
  } catch {
    return null;
  }
}

function looksLikeBareIpv6(text: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(text) || (text.match(/:/g)?.length ?? 0) < 2) return false;
  return hostOfUrl(`http://[${text}]/`) !== null;
}
