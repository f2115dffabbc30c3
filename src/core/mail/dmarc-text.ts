/**
 * Small text helpers for DMARC records, written without regular expressions that could backtrack on
 * hostile input (a TXT answer can be 64 KiB of spaces).
 */

/** Strips the WSP (space, tab) that RFC 7489 §6.4 / RFC 9989 §4.8 allow around "=", ";" and ",". */
export function trimWsp(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isWsp(text.charCodeAt(start))) start++;
  while (end > start && isWsp(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

function isWsp(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/**
 * The trimmed, non-empty items of `text` between separators, at most `limit` of them: one pass, and
 * no more strings made than kept, however many separators a hostile answer holds.
 */
export function boundedItems(text: string, separator: string, limit: number): string[] {
  const items: string[] = [];
  let start = 0;
  while (start <= text.length && items.length < limit) {
    const found = text.indexOf(separator, start);
    const end = found < 0 ? text.length : found;
    const item = trimWsp(text.slice(start, end));
    if (item !== '') items.push(item);
    start = end + 1;
  }
  return items;
}

/** The first `tag=value` of a record, split on its first "=" and trimmed; null without "=". */
export function splitTag(part: string): { name: string; value: string } | null {
  const eq = part.indexOf('=');
  if (eq < 0) return null;
  return { name: trimWsp(part.slice(0, eq)), value: trimWsp(part.slice(eq + 1)) };
}

/**
 * `dmarc-version = "v" equals %s"DMARC1"` (RFC 9989 §4.8): the tag name is case-insensitive (an ABNF
 * quoted string), the value must match exactly, and it must be the first tag (RFC 7489 §6.4).
 * Returns the first part as written when it is not, or null when the record starts correctly.
 */
export function versionProblem(text: string): string | null {
  const semicolon = text.indexOf(';');
  const first = trimWsp(semicolon < 0 ? text : text.slice(0, semicolon));
  const tag = splitTag(first);
  if (tag && tag.name.toLowerCase() === 'v' && tag.value === 'DMARC1') return null;
  return first === '' ? 'v' : first;
}

/**
 * A TXT string that was meant as a DMARC record: "v", "=", "DMARC1" in any case and spacing. Receivers
 * keep only the exact form (RFC 9989 §4.10 step 2); the near misses are reported as discarded rather
 * than silently treated as no record at all.
 */
export function looksLikeDmarc(text: string): boolean {
  const start = trimWsp(text.slice(0, 64));
  if (start.slice(0, 1).toLowerCase() !== 'v') return false;
  const rest = trimWsp(start.slice(1));
  if (!rest.startsWith('=')) return false;
  return trimWsp(rest.slice(1)).slice(0, 6).toLowerCase() === 'dmarc1';
}
