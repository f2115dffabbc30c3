import { browser } from '../shared/browser.ts';

/**
 * Every visible string goes through browser.i18n (locales/<lang>/*.json → public/_locales). A missing
 * key shows the key itself rather than an empty gap, so it is noticed.
 */
export function t(key: string, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

/** A message that may not exist (e.g. the plain-words name of an unusual RDAP status): null if absent. */
export function tOptional(key: string, substitutions?: string[]): string | null {
  return browser.i18n.getMessage(key, substitutions) || null;
}

/**
 * The language of the words on screen, for Intl dates and numbers. Not getUILanguage(): Debian's
 * Chromium under --lang=es shows the Spanish messages yet answers "en-US" a moment after start,
 * which put "Mar 15, 2027" and "in 104 days" among Spanish words. The catalogue says which language
 * it is; the browser's own tag is kept when it is a variant of it (es-PE).
 */
export function uiLanguage(): string {
  const words = browser.i18n.getMessage('formatLanguage') || '';
  const shown = navigator.language || browser.i18n.getUILanguage?.() || '';
  if (words === '') return shown || 'en';
  return shown.toLowerCase().split('-')[0] === words ? shown : words;
}
