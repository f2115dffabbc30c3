/**
 * The `tag=value; tag=value` syntax shared by DMARC (RFC 7489 §6.4), DKIM (RFC 6376 §3.2),
 * MTA-STS and TLS-RPT TXT records (RFC 8461 §3.1, RFC 8460 §3) and BIMI. Whitespace around tags,
 * values and separators is allowed; a trailing ";" is allowed.
 */
export interface Tag {
  name: string;
  value: string;
}

export type TagListResult = { ok: true; tags: Tag[] } | { ok: false; part: string };

export function parseTagList(text: string): TagListResult {
  const tags: Tag[] = [];
  const parts = text.split(';');
  for (const rawPart of parts) {
    const part = rawPart.trim();
    // A trailing ";" is in the grammar; a doubled one ("p=reject;; rua=…") is not, but receivers
    // (OpenDMARC, OpenDKIM) tokenise on ";" and skip it, so it breaks nothing and is no syntax error.
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return { ok: false, part };
    const name = part.slice(0, eq).trim();
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) return { ok: false, part };
    tags.push({ name, value: part.slice(eq + 1).trim() });
  }
  return { ok: true, tags };
}

/** The first repeated tag name (case-insensitive), if any. */
export function duplicateTag(tags: Tag[]): string | null {
  const seen = new Set<string>();
  for (const tag of tags) {
    const name = tag.name.toLowerCase();
    if (seen.has(name)) return tag.name;
    seen.add(name);
  }
  return null;
}

/** The records' version tag must come first with its exact value; returns the offending part, or null. */
export function versionProblem(tags: Tag[], version: string): string | null {
  const [first] = tags;
  if (first?.name === 'v' && first.value === version) return null;
  return first ? `${first.name}=${first.value}` : 'v';
}
