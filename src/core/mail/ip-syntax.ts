/** Address syntax for SPF ip4:/ip6: terms (RFC 7208 §5.6, RFC 4291 §2.2). */

/** The longest textual forms: "255.255.255.255" and "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255". */
const IPV4_MAX = 15;
const IPV6_MAX = 45;

export function isIpv4(text: string): boolean {
  if (text.length > IPV4_MAX) return false;
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

export function isIpv6(text: string): boolean {
  if (text.length > IPV6_MAX) return false;
  let hex = text;
  let groupsWanted = 8;
  // An embedded IPv4 address (::ffff:192.0.2.1) stands for the last two groups.
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    if (lastColon < 0 || !isIpv4(text.slice(lastColon + 1))) return false;
    hex = text.slice(0, lastColon + 1);
    if (!hex.endsWith('::')) hex = hex.slice(0, -1);
    groupsWanted = 6;
  }
  const halves = hex.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  if (!groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  // "::" stands for at least one group of zeros.
  return halves.length === 2 ? groups.length < groupsWanted : groups.length === groupsWanted;
}
