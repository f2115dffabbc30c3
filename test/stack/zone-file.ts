/**
 * Just enough of the RFC 1035 §5 master-file format to learn what the parent zone needs to know
 * about a child zone: its apex NS records, the addresses of in-bailiwick name servers (glue) and the
 * stack markers in comments. Knot parses the files for real; this only reads our own test zones.
 */

export type ZoneMarker = 'signed' | 'bogus-ds';

export interface ZoneFacts {
  /** Zone name, lower case, no trailing dot. */
  origin: string;
  /** Apex NS hosts, lower case, no trailing dot. */
  nameServers: string[];
  /** A/AAAA records of names inside the zone, by owner (for glue). */
  addresses: Map<string, { type: 'A' | 'AAAA'; address: string }[]>;
  markers: Set<ZoneMarker>;
}

const MARKER = /;\s*stack:\s*([a-z-]+)/gi;
const KNOWN_MARKERS: readonly string[] = ['signed', 'bogus-ds'];
const CLASSES = new Set(['IN', 'CH', 'HS', 'CS']);

export function readZoneFacts(text: string, origin: string): ZoneFacts {
  const zone = normalise(origin);
  const facts: ZoneFacts = { origin: zone, nameServers: [], addresses: new Map(), markers: new Set() };
  for (const match of text.matchAll(MARKER)) {
    const marker = match[1]?.toLowerCase() ?? '';
    if (!KNOWN_MARKERS.includes(marker)) throw new Error(`${zone}: unknown stack marker "${marker}"`);
    facts.markers.add(marker as ZoneMarker);
  }
  let currentOrigin = zone;
  let owner = zone;
  for (const { tokens, continuesOwner } of logicalLines(text)) {
    const first = tokens[0];
    if (first === undefined) continue;
    if (first.toUpperCase() === '$ORIGIN') {
      currentOrigin = absolute(tokens[1] ?? '@', currentOrigin);
      continue;
    }
    if (first.startsWith('$')) continue;
    let rest = tokens;
    if (!continuesOwner) {
      owner = absolute(first, currentOrigin);
      rest = tokens.slice(1);
    }
    // TTL and class may come in either order before the type (RFC 1035 §5.1).
    while (rest.length > 0 && (isTtl(rest[0] ?? '') || CLASSES.has((rest[0] ?? '').toUpperCase()))) {
      rest = rest.slice(1);
    }
    const type = rest[0]?.toUpperCase();
    const data = rest[1];
    if (data === undefined) continue;
    if (type === 'NS' && owner === zone) facts.nameServers.push(absolute(data, currentOrigin));
    if ((type === 'A' || type === 'AAAA') && isInside(owner, zone)) {
      const list = facts.addresses.get(owner) ?? [];
      list.push({ type, address: data });
      facts.addresses.set(owner, list);
    }
  }
  return facts;
}

export function isInside(name: string, zone: string): boolean {
  return zone === '' || name === zone || name.endsWith(`.${zone}`);
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function absolute(name: string, origin: string): string {
  if (name === '@') return origin;
  if (name.endsWith('.')) return normalise(name);
  return normalise(origin === '' ? name : `${name}.${origin}`);
}

function isTtl(token: string): boolean {
  return /^\d+[smhdw]?(\d+[smhdw])*$/i.test(token);
}

/** Tokens per record: comments stripped, parenthesised continuations joined, quotes kept whole. */
function* logicalLines(text: string): Generator<{ tokens: string[]; continuesOwner: boolean }> {
  let tokens: string[] = [];
  let continuesOwner = false;
  let depth = 0;
  for (const line of text.split(/\r?\n/)) {
    if (depth === 0) {
      tokens = [];
      continuesOwner = /^[ \t]/.test(line);
    }
    let i = 0;
    while (i < line.length) {
      const ch = line[i] as string;
      if (ch === ';') break;
      if (ch === ' ' || ch === '\t') {
        i++;
      } else if (ch === '(') {
        depth++;
        i++;
      } else if (ch === ')') {
        depth = Math.max(0, depth - 1);
        i++;
      } else if (ch === '"') {
        let j = i + 1;
        while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
        tokens.push(line.slice(i, j + 1));
        i = j + 1;
      } else {
        let j = i;
        while (j < line.length && !' \t;()"'.includes(line[j] as string)) j++;
        tokens.push(line.slice(i, j));
        i = j;
      }
    }
    if (depth === 0 && tokens.length > 0) yield { tokens, continuesOwner };
  }
}
