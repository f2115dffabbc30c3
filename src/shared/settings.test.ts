import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, normalizeSettings } from './settings.ts';

describe('normalizeSettings', () => {
  it('gives the defaults for nothing stored, or for something that is not an object', () => {
    expect([normalizeSettings(undefined), normalizeSettings('junk'), normalizeSettings(null)]).toEqual([
      DEFAULT_SETTINGS,
      DEFAULT_SETTINGS,
      DEFAULT_SETTINGS,
    ]);
  });

  it('reads a single notifications switch as all three kinds', () => {
    expect(normalizeSettings({ notifications: false }).notifications).toEqual({
      findings: false,
      expiry: false,
      changes: false,
    });
  });

  it('keeps the notification kinds that were stored and defaults the others', () => {
    expect(normalizeSettings({ notifications: { findings: false } }).notifications).toEqual({
      findings: false,
      expiry: true,
      changes: true,
    });
  });

  it('never lets the critical threshold exceed the warning one', () => {
    const read = normalizeSettings({ expiryWarningDays: 5, expiryCriticalDays: 10 });
    expect([read.expiryWarningDays, read.expiryCriticalDays]).toEqual([5, 5]);
  });

  it('rejects a resolver that is not a URL and keeps the default', () => {
    expect(normalizeSettings({ dohUrl: 'not a url' }).dohUrl).toBe(DEFAULT_SETTINGS.dohUrl);
  });
});
