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

/**
 * RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks are escaped in TEXT values; other
 * control characters are not allowed in a TEXT value at all (§3.3.11 excludes CONTROL; §3.1 says
 * content lines carry none but HTAB), so they are dropped (a registrar name may carry any).
 */
export function escapeText(value: string): string {
  return stripControls(value.replace(/\r\n|\r|\n/g, '\n'))
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

/** Drops C0 controls but the line feed, DEL and C1 controls (code points, no regex needed). */
export function stripControls(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    if ((code < 0x20 && char !== '\n') || (code >= 0x7f && code <= 0x9f)) continue;
    out += char;
  }
  return out;
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

const utcStamp = (ms: number) => {
  const date = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${dayValue(ms) ?? '19700101'}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
};
/** An iCalendar DATE (RFC 5545 §3.3.4: four-digit year), or null for a day it cannot write. */
function dayValue(ms: number): string | null {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return null;
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) return null;
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}`;
}

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
    const start = expiry ? Date.parse(expiry.date) : Number.NaN;
    if (!expiry || Number.isNaN(start)) continue;
    const day = dayValue(start);
    const next = dayValue(start + 86_400_000);
    // The watchlist accepts four-digit years only (schema.ts), so `day` is null only for damaged data.
    if (day === null) continue;
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
      // Without DTEND an all-day event lasts that one day (RFC 5545 §3.6.1): needed for 9999-12-31.
      ...(next === null ? [] : [`DTEND;VALUE=DATE:${next}`]),
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
