/** Address syntax for SPF ip4:/ip6: terms (RFC 7208 §5.6, RFC 4291 §2.2). */

export function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

export function isIpv6(text: string): boolean {
  let groups = text;
  let maxGroups = 8;
  // An embedded IPv4 address takes the place of the last two groups.
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.slice(lastColon + 1).includes('.')) {
    if (!isIpv4(text.slice(lastColon + 1))) return false;
    groups = `${text.slice(0, lastColon + 1)}0`;
    maxGroups = 7;
  }
  const halves = groups.split('::');
  if (halves.length > 2) return false;
  const parse = (half: string) => (half === '' ? [] : half.split(':'));
  const head = parse(halves[0] ?? '');
  const tail = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (![...head, ...tail].every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = head.length + tail.length;
  // maxGroups counts the placeholder "0" standing for the IPv4 part as one group.
  const needed = maxGroups === 8 ? 8 : 7;
  return halves.length === 2 ? count < needed : count === needed;
}
