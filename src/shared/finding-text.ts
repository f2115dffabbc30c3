import { findingMessageKey } from '../core/i18n/translate.ts';
import type { Finding } from '../core/types.ts';

/** Looks a message up; null when the catalogue has no such key (chrome.i18n answers ""). */
export type MessageLookup = (key: string, substitutions?: string[]) => string | null;

/**
 * The core writes dates in a finding's evidence as ISO 8601 days (`2026-12-06`, rdap/dates.ts
 * isoDay), which the CLI shows as they are; a page passes `formatDay` to show them in the user's
 * language, like every other date on it.
 */
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A finding's words in the current UI language: re-translated from its id and evidence (`args`),
 * so a report cached in one language reads right after the browser switches; the words stored
 * in the report when the catalogue lacks the key.
 */
export function findingText(
  finding: Finding,
  part: 'title' | 'detail' | 'fix',
  lookup: MessageLookup,
  formatDay?: (iso: string) => string | null,
): string {
  if (finding.args !== undefined) {
    const args = formatDay
      ? finding.args.map((arg) => (ISO_DAY.test(arg) ? (formatDay(arg) ?? arg) : arg))
      : finding.args;
    const translated = lookup(findingMessageKey(finding.id, part), args);
    if (translated) return translated;
  }
  return finding[part];
}
