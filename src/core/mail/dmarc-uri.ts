import { boundedItems } from './dmarc-text.ts';

/**
 * The report URI lists of `rua=` and `ruf=`.
 *
 * RFC 7489 §6.4: `dmarc-urilist = dmarc-uri *(*WSP "," *WSP dmarc-uri)`, `dmarc-uri = URI [ "!" 1*DIGIT
 * [ "k" / "m" / "g" / "t" ] ]`, and commas and "!" inside the URI must be percent-encoded. RFC 9989 §4.8
 * keeps the list and drops the size suffix from its grammar, while RFC 9990 §2 (Transport) still has
 * reporters skip a URI whose size limit the report exceeds; so the suffix is read, not flagged.
 *
 * Two judgements per URI:
 * - syntactically valid (RFC 3986 URI, and for `mailto:` an address): what RFC 7489 §6.6.3 and
 *   RFC 9989 §4.10.1 ask of `rua=` before they apply p=none to a record without a usable p=;
 * - usable: receivers only send reports by mail (RFC 9990 §2: other schemes are for later versions),
 *   and ignore the URIs they do not support (RFC 9989 §4.7), so only `mailto:` URIs are kept.
 */
export interface DmarcReportUri {
  /** The URI as written, without the size limit. */
  uri: string;
  /** The address after "mailto:", lower case. */
  address: string;
  /** Host part of the address, lower case, no trailing dot. */
  host: string;
  /** `!50m` and the like, in bytes. */
  maxSize?: number;
}

export interface DmarcUriList {
  /** The mailto: URIs receivers send reports to, in order. */
  usable: DmarcReportUri[];
  /** The URIs receivers ignore, as written (size limit included). */
  ignored: string[];
  /** At least one URI is syntactically valid, usable or not (RFC 7489 §6.6.3). */
  anyValid: boolean;
}

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
/** An RFC 3986 URI: scheme ":" and at least one URI character; "%" must start a percent-encoding. */
const GENERIC_URI = /^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#[\]@$&'()*+=%]+$/;
const BROKEN_PERCENT = /%(?![0-9A-Fa-f]{2})/;
const HOST_LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;
/** Keeps 2^53 out of reach: a larger size is no limit anyone means. */
const SIZE = /^([0-9]{1,12})([kmgtKMGT]?)$/;

/**
 * RFC 7489 §6.2 lets receivers limit the URIs they send to (at least two); no real record lists more
 * than a handful, so the list is read up to this many and the next one is reported as ignored.
 */
export const MAX_REPORT_URIS = 32;

export function parseUriList(value: string): DmarcUriList {
  const list: DmarcUriList = { usable: [], ignored: [], anyValid: false };
  // An empty item ("a, ,b" or a trailing comma) names nothing; receivers split on commas and skip it.
  for (const [i, item] of boundedItems(value, ',', MAX_REPORT_URIS + 1).entries()) {
    if (i === MAX_REPORT_URIS) {
      list.ignored.push(item);
      break;
    }
    const judged = judgeUri(item);
    if (judged.valid) list.anyValid = true;
    if (judged.usable) list.usable.push(judged.usable);
    else list.ignored.push(item);
  }
  return list;
}

function judgeUri(item: string): { valid: boolean; usable?: DmarcReportUri } {
  const bang = item.indexOf('!');
  const uri = bang < 0 ? item : item.slice(0, bang);
  let maxSize: number | undefined;
  if (bang >= 0) {
    const size = SIZE.exec(item.slice(bang + 1));
    if (!size) return { valid: false };
    maxSize = Number(size[1]) * (SIZE_UNITS[(size[2] ?? '').toLowerCase()] ?? 1);
  }
  if (!GENERIC_URI.test(uri) || BROKEN_PERCENT.test(uri)) return { valid: false };
  const colon = uri.indexOf(':');
  if (uri.slice(0, colon).toLowerCase() !== 'mailto') return { valid: true };
  const mailbox = mailtoAddress(uri.slice(colon + 1));
  if (!mailbox) return { valid: false };
  const usable: DmarcReportUri = { uri, address: mailbox.address, host: mailbox.host };
  if (maxSize !== undefined) usable.maxSize = maxSize;
  return { valid: true, usable };
}

/** RFC 6068: one addr-spec (a second would need an encoded comma), header fields after "?" ignored. */
function mailtoAddress(rest: string): { address: string; host: string } | null {
  const query = rest.indexOf('?');
  const addr = query < 0 ? rest : rest.slice(0, query);
  const at = addr.indexOf('@');
  if (at <= 0 || addr.indexOf('@', at + 1) >= 0) return null;
  const host = addr
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, '');
  if (host.length > 253) return null;
  const labels = host.split('.');
  if (labels.length < 2 || !labels.every((l) => l.length <= 63 && HOST_LABEL.test(l))) return null;
  return { address: `${decodeLocal(addr.slice(0, at))}@${host}`.toLowerCase(), host };
}

/** Percent-encoded characters in the local part (RFC 6068), left alone when the encoding is broken. */
function decodeLocal(local: string): string {
  try {
    return decodeURIComponent(local);
  } catch {
    return local;
  }
}
