import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogues } from '../core/i18n/bundled.ts';
import { dnsSentKey } from './welcome-words.ts';

describe('the first-run page on where DNS questions go', () => {
  it('calls only an https:// resolver an encrypted connection', () => {
    expect(dnsSentKey('https://dns.google/dns-query')).toBe('welcomeSentDns');
    expect(dnsSentKey('http://127.0.0.1:8053/dns-query')).toBe('welcomeSentDnsLoopback');
    for (const lang of ['en', 'es'] as const) {
      const words = catalogues[lang];
      expect(words.welcomeSentDns?.message).toMatch(/encrypted|cifrada/);
      expect(words.welcomeSentDnsLoopback?.message).toMatch(/not encrypted|no está cifrada/);
    }
  });

  it('promises no incognito switch the settings page does not have', () => {
    const settingsPage = readFileSync(join(import.meta.dirname, '../options/SettingsSection.tsx'), 'utf8');
    expect(settingsPage).not.toContain('allowIncognito');
    for (const lang of ['en', 'es'] as const) {
      expect(catalogues[lang].welcomeSentPrivate?.message).not.toMatch(/settings|ajustes|configuración/i);
    }
  });

  it('heads the lookup-mode choice with the same words on the first-run and settings pages', () => {
    for (const page of ['welcome.tsx', '../options/SettingsSection.tsx']) {
      const source = readFileSync(join(import.meta.dirname, page), 'utf8');
      expect(source, page).toContain("<legend>{t('lookupModeTitle')}</legend>");
    }
  });
});
