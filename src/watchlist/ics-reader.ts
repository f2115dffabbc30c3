/**
 * A strict reader for the iCalendar subset the watchlist writes (RFC 5545), used by the tests to
 * prove the export is valid: CRLF line ends, no line over 75 octets, balanced BEGIN/END, the
 * required properties of each component. Returns the components or the first violation.
 */
export interface IcsProperty {
  name: string;
  params: Record<string, string>;
  value: string;
}

export interface IcsComponent {
  type: string;
  properties: IcsProperty[];
  components: IcsComponent[];
}

const REQUIRED: Record<string, string[]> = {
  VCALENDAR: ['PRODID', 'VERSION'],
  VEVENT: ['UID', 'DTSTAMP', 'DTSTART'],
  VALARM: ['ACTION', 'TRIGGER'],
};

export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

export function readIcs(text: string): { ok: true; calendar: IcsComponent } | { ok: false; error: string } {
  if (!text.endsWith('\r\n')) return { ok: false, error: 'does not end with CRLF' };
  const physical = text.slice(0, -2).split('\r\n');
  const encoder = new TextEncoder();
  for (const [i, line] of physical.entries()) {
    if (line.includes('\n') || line.includes('\r'))
      return { ok: false, error: `bare line break in line ${i + 1}` };
    if (encoder.encode(line).length > 75) return { ok: false, error: `line ${i + 1} longer than 75 octets` };
  }
  const logical: string[] = [];
  for (const line of physical) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (logical.length === 0) return { ok: false, error: 'starts with a continuation line' };
      logical[logical.length - 1] += line.slice(1);
    } else logical.push(line);
  }
  const stack: IcsComponent[] = [];
  let root: IcsComponent | null = null;
  for (const line of logical) {
    const match = /^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*))*):(.*)$/.exec(line);
    if (!match) return { ok: false, error: `malformed content line: ${line}` };
    const name = (match[1] as string).toUpperCase();
    const params = Object.fromEntries(
      [...(match[2] as string).matchAll(/;([A-Za-z0-9-]+)=("[^"]*"|[^";:,]*)/g)].map((m) => [
        (m[1] as string).toUpperCase(),
        (m[2] as string).replace(/^"|"$/g, ''),
      ]),
    );
    const value = match[3] as string;
    if (name === 'BEGIN') {
      const component: IcsComponent = { type: value.toUpperCase(), properties: [], components: [] };
      if (stack.length === 0 && root) return { ok: false, error: 'content after END:VCALENDAR' };
      stack[stack.length - 1]?.components.push(component);
      if (stack.length === 0) root = component;
      stack.push(component);
    } else if (name === 'END') {
      const open = stack.pop();
      if (!open || open.type !== value.toUpperCase()) return { ok: false, error: `unbalanced END:${value}` };
      for (const required of REQUIRED[open.type] ?? []) {
        if (!open.properties.some((p) => p.name === required)) {
          return { ok: false, error: `${open.type} lacks ${required}` };
        }
      }
    } else {
      const open = stack[stack.length - 1];
      if (!open) return { ok: false, error: `property outside a component: ${name}` };
      if (open.type === 'VEVENT' || open.type === 'VALARM' || open.type === 'VCALENDAR') {
        if (/[^\\][;,]/.test(value) && ['SUMMARY', 'DESCRIPTION'].includes(name)) {
          return { ok: false, error: `unescaped separator in ${name}` };
        }
      }
      open.properties.push({ name, params, value });
    }
  }
  if (stack.length > 0 || !root || root.type !== 'VCALENDAR')
    return { ok: false, error: 'not one closed VCALENDAR' };
  return { ok: true, calendar: root };
}
