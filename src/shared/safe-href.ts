const ALLOWED_PROTOCOLS: ReadonlySet<string> = new Set(['https:', 'http:', 'mailto:', 'tel:']);

/**
 * A link target built from remote data (RDAP, the provider catalogue) or null when it is not one we
 * let the user click: only web, mail and phone links, never `javascript:`, `data:` or relative URLs.
 */
export function safeHref(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return null;
  if ((url.protocol === 'https:' || url.protocol === 'http:') && url.hostname === '') return null;
  return url.href;
}

/**
 * `mailto:` link for one address from RDAP (which may already carry the scheme), or null. Only the
 * address is kept: a query part (`?cc=…&body=…`, RFC 6068 §2) would let a registry pre-fill the
 * user's message, add recipients or a subject, so it is cut off, and an address that still holds
 * URL syntax is refused.
 */
export function mailtoHref(address: string | null | undefined): string | null {
  if (typeof address !== 'string') return null;
  const bare = (
    address
      .trim()
      .replace(/^mailto:/i, '')
      .split(/[?#]/, 1)[0] ?? ''
  ).trim();
  if (!/^[^\s@<>()"?#&%,;:/\\]+@[^\s@<>()"?#&%,;:/\\]+$/.test(bare)) return null;
  const href = safeHref(`mailto:${bare}`);
  return href && !href.includes('?') ? href : null;
}

/** `tel:` link for an RDAP phone number such as "+1.5555550100" or "tel:+1.555…;ext=1", or null. */
export function telHref(phone: string | null | undefined): string | null {
  if (typeof phone !== 'string') return null;
  const bare = phone.trim().replace(/^tel:/i, '');
  const digits = bare.replace(/[\s.()-]/g, '');
  if (!/^\+?[0-9]{3,20}(;ext=[0-9]{1,10})?$/.test(digits)) return null;
  return safeHref(`tel:${digits}`);
}
