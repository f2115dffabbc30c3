import { describe, expect, it } from 'vitest';
import { escapeText, exportIcs, foldLine, type IcsLabels } from './ics.ts';
import { type IcsComponent, readIcs, unescapeText } from './ics-reader.ts';
import { emptyWatchlist, newEntry, type Watchlist } from './model.ts';
import { summarizeReport } from './summary.ts';
import { registration, report } from './test-helpers.ts';

const NOW = Date.parse('2026-11-26T12:34:56Z');
const labels: IcsLabels = {
  summary: (d) => `${d} expires`,
  description: (lines) => lines.join('\n'),
  reminder: (d, days) => `${d} expires in ${days} days`,
  enteredByYou: 'Date entered by you',
  registrar: (name) => `Registrar: ${name}`,
  contact: (name, email, phone) => `${name} <${email}> ${phone}`,
};

function calendar(): Watchlist {
  const com = {
    ...newEntry('example.com', 'example.com', NOW),
    lastReport: summarizeReport(report({ registration: registration({ expires: '2027-01-01T05:00:00Z' }) })),
  };
  com.notes.renewalContacts = [{ name: 'Ana; Pérez, gerente', email: 'ana@example.com', phone: '+51 1 555' }];
  com.notes.registrarAccount =
    'Cuenta número 42 en el registrador, contraseña en el gestor de la oficina de Lima';
  const pe = { ...newEntry('bücher-pérez.pe', 'bücher-pérez.pe', NOW), manualExpiry: '2027-04-30' };
  const none = newEntry('example.org', 'example.org', NOW);
  return { ...emptyWatchlist(), domains: [com, pe, none] };
}

const prop = (c: IcsComponent, name: string) => c.properties.find((p) => p.name === name);

describe('exportIcs', () => {
  const text = exportIcs(calendar(), labels, NOW);
  const parsed = readIcs(text);

  it('parses back as valid iCalendar', () => {
    expect(parsed).toMatchObject({ ok: true });
  });

  it('has one all-day event per domain with a known expiry date', () => {
    if (!parsed.ok) throw new Error(parsed.error);
    const events = parsed.calendar.components.filter((c) => c.type === 'VEVENT');
    expect(events.map((e) => [prop(e, 'DTSTART')?.value, prop(e, 'DTEND')?.value])).toEqual([
      ['20270101', '20270102'],
      ['20270430', '20270501'],
    ]);
    expect(prop(events[0] as IcsComponent, 'DTSTART')?.params).toEqual({ VALUE: 'DATE' });
    expect(prop(events[0] as IcsComponent, 'UID')?.value).toBe('expiry-example.com-20270101@domain-insight');
    expect(prop(events[0] as IcsComponent, 'DTSTAMP')?.value).toBe('20261126T123456Z');
  });

  it('reminds 30 and 7 days before', () => {
    if (!parsed.ok) throw new Error(parsed.error);
    const event = parsed.calendar.components[0] as IcsComponent;
    const alarms = event.components.filter((c) => c.type === 'VALARM');
    expect(alarms.map((a) => [prop(a, 'ACTION')?.value, prop(a, 'TRIGGER')?.value])).toEqual([
      ['DISPLAY', '-P30D'],
      ['DISPLAY', '-P7D'],
    ]);
  });

  it('says when the date was entered by hand, and keeps the contacts intact through escaping', () => {
    if (!parsed.ok) throw new Error(parsed.error);
    const [com, pe] = parsed.calendar.components as [IcsComponent, IcsComponent];
    expect(unescapeText(prop(pe, 'DESCRIPTION')?.value ?? '')).toBe('Date entered by you');
    expect(unescapeText(prop(com, 'DESCRIPTION')?.value ?? '')).toContain(
      'Ana; Pérez, gerente <ana@example.com> +51 1 555',
    );
  });

  it('uses CRLF everywhere', () => {
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});

describe('foldLine', () => {
  it('folds at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'é'.repeat(100)}`;
    const folded = foldLine(line).split('\r\n');
    const octets = folded.map((l) => new TextEncoder().encode(l).length);
    expect(Math.max(...octets)).toBeLessThanOrEqual(75);
    expect(folded.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(line);
  });

  it('leaves a short line alone', () => {
    expect(foldLine('VERSION:2.0')).toBe('VERSION:2.0');
  });
});

describe('escapeText', () => {
  it('escapes backslash, semicolon, comma and newline (RFC 5545 §3.3.11)', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });
});

describe('readIcs', () => {
  it('rejects LF line ends, long lines and unbalanced components', () => {
    expect(readIcs('BEGIN:VCALENDAR\nEND:VCALENDAR\n').ok).toBe(false);
    expect(readIcs(`BEGIN:VCALENDAR\r\nX:${'a'.repeat(80)}\r\nEND:VCALENDAR\r\n`).ok).toBe(false);
    expect(
      readIcs('BEGIN:VCALENDAR\r\nPRODID:x\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n').ok,
    ).toBe(false);
  });
});

describe('exportIcs with what an import may bring', () => {
  it('writes an event for the last day a file may hold (9999-12-31) and stays valid', async () => {
    const { readEntry } = await import('./schema.ts');
    const entry = readEntry({ domain: 'far.example', manualExpiry: '9999-12-31' }, NOW);
    expect(typeof entry).toBe('object');
    const text = exportIcs({ ...emptyWatchlist(), domains: [entry as never] }, labels, NOW);
    const parsed = readIcs(text);
    expect(parsed.ok).toBe(true);
    expect(text).toContain('DTSTART;VALUE=DATE:99991231');
  });

  it('refuses on import a date no calendar can write, instead of failing the export later', async () => {
    const { readEntry } = await import('./schema.ts');
    const entry = readEntry(
      {
        domain: 'far.example',
        lastReport: null,
        history: [{ at: '+275760-09-13T00:00:00.000Z', kind: 'mx' }],
      },
      NOW,
    );
    expect(typeof entry === 'object' && entry.history).toEqual([]);
  });

  it('drops control characters from remote text (a registrar name) so every line stays valid', () => {
    const com = {
      ...newEntry('example.com', 'example.com', NOW),
      lastReport: summarizeReport(
        report({
          registration: registration({
            expires: '2027-01-01T05:00:00Z',
            registrar: {
              name: 'Evil\u0000Reg\u0007istrar\u001b[31m\u0085',
              ianaId: '1',
              url: null,
              abuseEmail: null,
              abusePhone: null,
            },
          }),
        }),
      ),
    };
    const text = exportIcs({ ...emptyWatchlist(), domains: [com] }, labels, NOW);
    expect(readIcs(text).ok).toBe(true);
    const controls = [...text.replaceAll('\r\n', '')].filter((c) => {
      const code = c.codePointAt(0) as number;
      return code < 0x20 || (code >= 0x7f && code <= 0x9f);
    });
    expect(controls).toEqual([]);
    expect(text).toContain('Registrar: EvilRegistrar[31m');
  });
});
