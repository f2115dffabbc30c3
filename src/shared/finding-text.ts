import { findingMessageKey } from '../core/i18n/translate.ts';
import type { Finding } from '../core/types.ts';

/** Looks a message up; null when the catalogue has no such key (chrome.i18n answers ""). */
export type MessageLookup = (key: string, substitutions?: string[]) => string | null;

/**
 * A finding's words in the current UI language: re-translated from its id and evidence (`args`),
 * so a report cached in one language reads right after the browser switches; the words stored
 * in the report when the catalogue lacks the key.
 */
export function findingText(
  finding: Finding,
  part: 'title' | 'detail' | 'fix',
  lookup: MessageLookup,
): string {
  if (finding.args !== undefined) {
    const translated = lookup(findingMessageKey(finding.id, part), finding.args);
    if (translated) return translated;
  }
  return finding[part];
}
