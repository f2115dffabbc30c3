import { describe, expect, it } from 'vitest';
import { checkSettingsPatch, DEFAULT_SETTINGS, normalizeSettings } from './settings.ts';
import { memoryStorageArea, writeSettings } from './storage.ts';

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

describe('the endpoint rules, enforced by normalizeSettings itself', () => {
  it('keeps an https resolver and a loopback http one, and refuses the rest', () => {
    expect(normalizeSettings({ dohUrl: 'https://dns.example/dns-query' }).dohUrl).toBe(
      'https://dns.example/dns-query',
    );
    expect(normalizeSettings({ dohUrl: 'http://127.0.0.1:8053/dns-query' }).dohUrl).toBe(
      'http://127.0.0.1:8053/dns-query',
    );
    for (const bad of [
      'http://dns.example/dns-query',
      'https://user:secret@dns.example/dns-query',
      'ftp://dns.example/',
      'javascript:alert(1)',
    ]) {
      expect(normalizeSettings({ dohUrl: bad, rdapBootstrapUrl: bad }), bad).toMatchObject({
        dohUrl: DEFAULT_SETTINGS.dohUrl,
        rdapBootstrapUrl: DEFAULT_SETTINGS.rdapBootstrapUrl,
      });
    }
  });

  it('refuses a change that breaks a rule, naming the field and the reason', () => {
    expect(checkSettingsPatch({ dohUrl: 'http://dns.example/dns-query' })).toEqual({
      ok: false,
      field: 'dohUrl',
      reason: 'not-https',
    });
    expect(checkSettingsPatch({ timeoutMs: 5 })).toEqual({
      ok: false,
      field: 'timeoutMs',
      reason: 'invalid',
    });
    expect(checkSettingsPatch({ lookupMode: 'click' })).toEqual({ ok: true, patch: { lookupMode: 'click' } });
  });
});

describe('writeSettings', () => {
  it('saves nothing when a field is refused', async () => {
    const area = memoryStorageArea({ settings: { lookupMode: 'auto' } });
    expect(await writeSettings(area, { lookupMode: 'click', dohUrl: 'http://evil.example/' })).toMatchObject({
      ok: false,
    });
    expect(area.dump().settings).toEqual({ lookupMode: 'auto' });
  });

  it('keeps fields and the version number of a newer version', async () => {
    const area = memoryStorageArea({ settings: { version: 7, futureSwitch: true } });
    expect(await writeSettings(area, { lookupMode: 'click' })).toMatchObject({ ok: true });
    expect(area.dump().settings).toMatchObject({ version: 7, futureSwitch: true, lookupMode: 'click' });
  });
});
