import * as v from 'valibot';
import { ANY_COMPONENT, type FeedSelector } from './types.ts';

/** Caps on remote text: a status feed is untrusted input like any other. */
/** A feed's field that may be missing or null: feeds leave out what they do not know. */
export const optionalString = v.optional(v.nullable(v.string()));
export const optionalNumber = v.optional(v.nullable(v.number()));

export const MAX_TITLE_CHARS = 200;
export const MAX_UPDATE_CHARS = 400;
/** More open incidents than this for one provider adds nothing a person can read in a popup. */
export const MAX_INCIDENTS = 5;

/**
 * Remote text as one plain line: markup characters stay characters (the UI renders text, never
 * HTML), Markdown emphasis and HTML tags are dropped, whitespace is collapsed, length is capped.
 * Linear: one pass per replace, no nested quantifiers.
 */
export function plainText(text: string, max: number): string {
  const flat = text
    .slice(0, max * 8)
    .replace(/<[^<>]{0,200}>/g, ' ')
    .replace(/\*\*|__/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

/** An ISO 8601 time from a date string or epoch milliseconds; null for anything unreadable. */
export function isoTime(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

export function timeMs(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** Only https links leave the feed: anything else (javascript:, http:, junk) is dropped. */
export function httpsUrl(value: string | null | undefined): string | null {
  if (!value || value.length > 2048) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.username === '' && url.password === '' ? url.href : null;
  } catch {
    return null;
  }
}

/** Does one of these component names (or ids) belong to mail, per the catalogue? */
export function touchesMail(names: readonly (string | null | undefined)[], selector: FeedSelector): boolean {
  if (selector.mail.includes(ANY_COMPONENT)) return true;
  const wanted = new Set(selector.mail.map((name) => name.toLowerCase()));
  return names.some((name) => typeof name === 'string' && wanted.has(name.toLowerCase()));
}

export function isAnyComponent(selector: FeedSelector): boolean {
  return selector.mail.includes(ANY_COMPONENT);
}

/** The newest of some ISO times (null entries ignored). */
export function newest<T>(items: readonly T[], at: (item: T) => string | null | undefined): T | undefined {
  let best: { item: T; ms: number } | undefined;
  for (const item of items) {
    const ms = timeMs(at(item) ?? null);
    if (ms !== null && (!best || ms > best.ms)) best = { item, ms };
  }
  return best?.item ?? items[0];
}
