import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, normalizeSettings, SETTINGS_VERSION } from '../shared/settings.ts';

/** What the options page saves must survive a reload, and an older stored shape must not lose the user's choices. */
describe('settings as the options page stores them', () => {
  it('keeps what an older version stored and fills in what it did not know', () => {
    const older = { dohUrl: 'https://dns.quad9.net/dns-query', lookupMode: 'click', expiryWarningDays: 45 };
    expect(normalizeSettings(older)).toEqual({
      ...DEFAULT_SETTINGS,
      ...older,
      version: SETTINGS_VERSION,
    });
  });

  it('keeps the valid fields when one of them is damaged', () => {
    const stored = {
      ...DEFAULT_SETTINGS,
      checkIntervalHours: 5,
      notifications: { findings: false, expiry: true, changes: false },
    };
    const read = normalizeSettings(stored);
    expect(read.checkIntervalHours).toBe(DEFAULT_SETTINGS.checkIntervalHours);
    expect(read.notifications).toEqual({ findings: false, expiry: true, changes: false });
  });

  it('round-trips every choice the page offers', () => {
    const chosen = {
      ...DEFAULT_SETTINGS,
      dohUrl: 'http://127.0.0.1:8053/dns-query',
      checkIntervalHours: 168,
      expiryWarningDays: 60,
      expiryCriticalDays: 14,
      rdapPacingMs: 0,
      lookupMode: 'watchlist' as const,
    };
    expect(normalizeSettings(JSON.parse(JSON.stringify(chosen)))).toEqual(chosen);
  });
});
