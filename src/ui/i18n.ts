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

export function uiLanguage(): string {
  return browser.i18n.getUILanguage?.() || navigator.language || 'en';
}
