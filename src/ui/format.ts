import { uiLanguage } from './i18n.ts';

/** Dates and numbers in the browser's language (Intl), never a hand-made format. */
export function formatDate(iso: string | null | undefined, language = uiLanguage()): string | null {
  if (typeof iso !== 'string') return null;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return null;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(at);
}

export function formatRelativeDays(days: number, language = uiLanguage()): string {
  return new Intl.RelativeTimeFormat(language, { numeric: 'auto' }).format(days, 'day');
}

/** "5 minutes ago", "2 hours ago", "yesterday" for the time a report was made. */
export function formatAgo(iso: string, now: number, language = uiLanguage()): string {
  const at = Date.parse(iso);
  const rtf = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  if (Number.isNaN(at)) return '';
  const seconds = Math.round((at - now) / 1000);
  if (Math.abs(seconds) < 60) return rtf.format(0, 'second');
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return rtf.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return rtf.format(hours, 'hour');
  return rtf.format(Math.round(hours / 24), 'day');
}

export function formatNumber(value: number, language = uiLanguage()): string {
  return new Intl.NumberFormat(language).format(value);
}
