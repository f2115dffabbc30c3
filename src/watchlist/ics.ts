import { effectiveExpiry } from './expiry.ts';
import type { Watchlist } from './model.ts';

/** The words of the calendar, translated by the caller. */
export interface IcsLabels {
  summary: (unicode: string) => string;
  /** The event description: registrar, contacts and where the date came from. */
  description: (lines: string[]) => string;
  reminder: (unicode: string, days: number) => string;
  enteredByYou: string;
  registrar: (name: string) => string;
  contact: (name: string, email: string, phone: string) => string;
}

export const ICS_REMINDER_DAYS = [30, 7] as const;

/** RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks are escaped in TEXT values. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n|\r/g, '\\n');
}

const encoder = new TextEncoder();

/**
 * RFC 5545 §3.1: lines longer than 75 octets are folded with CRLF + one space. Folding counts
 * UTF-8 octets and never splits a multi-byte character.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with a space octet
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const utcStamp = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
const dayValue = (iso: string) => iso.slice(0, 10).replace(/-/g, '');

/**
 * An iCalendar file with one all-day event per domain on its expiry date (the registry's, or the one
 * entered by hand), each with display alarms 30 and 7 days before. UIDs are stable per domain and
 * date, so re-importing an updated file updates events instead of duplicating them.
 */
export function exportIcs(watchlist: Watchlist, labels: IcsLabels, now: number): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//domain-insight//watchlist//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
  ];
  for (const entry of watchlist.domains) {
    const expiry = effectiveExpiry(entry);
    if (!expiry || Number.isNaN(Date.parse(expiry.date))) continue;
    const start = new Date(expiry.date);
    const day = dayValue(start.toISOString());
    const next = dayValue(
      new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + 1)).toISOString(),
    );
    const details: string[] = [];
    if (expiry.source === 'manual') details.push(labels.enteredByYou);
    if (entry.lastReport?.registrar) details.push(labels.registrar(entry.lastReport.registrar));
    for (const c of entry.notes.renewalContacts) details.push(labels.contact(c.name, c.email, c.phone));
    if (entry.notes.registrarAccount) details.push(entry.notes.registrarAccount);
    lines.push(
      'BEGIN:VEVENT',
      `UID:expiry-${entry.domain}-${day}@domain-insight`,
      `DTSTAMP:${utcStamp(now)}`,
      `DTSTART;VALUE=DATE:${day}`,
      `DTEND;VALUE=DATE:${next}`,
      `SUMMARY:${escapeText(labels.summary(entry.unicode))}`,
      `DESCRIPTION:${escapeText(labels.description(details))}`,
      'TRANSP:TRANSPARENT',
    );
    for (const days of ICS_REMINDER_DAYS) {
      lines.push(
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        `DESCRIPTION:${escapeText(labels.reminder(entry.unicode, days))}`,
        `TRIGGER:-P${days}D`,
        'END:VALARM',
      );
    }
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
