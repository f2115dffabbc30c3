import { describe, expect, it } from 'vitest';
import { checkResolverUrl, RESOLVER_PRESETS } from './resolver-url.ts';

describe('checkResolverUrl', () => {
  it('accepts every preset', () => {
    for (const preset of RESOLVER_PRESETS)
      expect(checkResolverUrl(preset.url)).toEqual({ ok: true, url: preset.url });
  });

  it('accepts plain http only on loopback', () => {
    expect(checkResolverUrl('http://127.0.0.1:8053/dns-query').ok).toBe(true);
    expect(checkResolverUrl('http://localhost/dns-query').ok).toBe(true);
    expect(checkResolverUrl('http://[::1]:5380/dns-query').ok).toBe(true);
    expect(checkResolverUrl('http://dns.example.net/dns-query')).toEqual({ ok: false, reason: 'not-https' });
    expect(checkResolverUrl('http://127.0.0.1.evil.example/dns-query')).toEqual({
      ok: false,
      reason: 'not-https',
    });
  });

  it('refuses other schemes, junk and URLs with credentials', () => {
    expect(checkResolverUrl('ftp://dns.example/q')).toEqual({ ok: false, reason: 'invalid' });
    expect(checkResolverUrl('not a url')).toEqual({ ok: false, reason: 'invalid' });
    expect(checkResolverUrl('https://user:pw@dns.example/q')).toEqual({ ok: false, reason: 'credentials' });
  });
});
