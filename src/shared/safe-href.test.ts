import { describe, expect, it } from 'vitest';
import { mailtoHref, safeHref, telHref } from './safe-href.ts';

describe('safeHref', () => {
  it('keeps https, http, mailto and tel links', () => {
    expect(safeHref('https://status.example.com/x?y=1')).toBe('https://status.example.com/x?y=1');
    expect(safeHref('http://example.com')).toBe('http://example.com/');
    expect(safeHref('mailto:abuse@example.com')).toBe('mailto:abuse@example.com');
    expect(safeHref('tel:+15555550100')).toBe('tel:+15555550100');
  });

  it('refuses script, data, file and other schemes whatever their case or padding', () => {
    for (const bad of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'chrome://settings',
      'ftp://example.com',
      'vbscript:msgbox',
    ]) {
      expect(safeHref(bad), bad).toBeNull();
    }
  });

  it('refuses relative, empty, absurdly long and non-string values', () => {
    expect(safeHref('/relative/path')).toBeNull();
    expect(safeHref('example.com')).toBeNull();
    expect(safeHref('')).toBeNull();
    expect(safeHref(`https://e.com/${'a'.repeat(3000)}`)).toBeNull();
    expect(safeHref(null)).toBeNull();
    expect(safeHref(undefined)).toBeNull();
    expect(safeHref(42 as unknown as string)).toBeNull();
  });
});

describe('mailtoHref and telHref', () => {
  it('turns RDAP contact data into links', () => {
    expect(mailtoHref('abuse@registrar.example')).toBe('mailto:abuse@registrar.example');
    expect(mailtoHref('mailto:abuse@registrar.example')).toBe('mailto:abuse@registrar.example');
    expect(telHref('+1.5555550100')).toBe('tel:+15555550100');
    expect(telHref('tel:+1.555-555-0100;ext=12')).toBe('tel:+15555550100;ext=12');
  });

  it('keeps only the address of an RDAP mailto: no cc, body or subject reaches the mail client', () => {
    expect(mailtoHref('abuse@registrar.example?cc=boss@victim.example&body=Send%20the%20password')).toBe(
      'mailto:abuse@registrar.example',
    );
    expect(mailtoHref('mailto:abuse@registrar.example?subject=hi#x')).toBe('mailto:abuse@registrar.example');
    expect(mailtoHref('abuse@registrar.example,other@evil.example')).toBeNull();
    expect(mailtoHref('abuse%40x@registrar.example')).toBeNull();
  });

  it('refuses values that are not an address or a number', () => {
    expect(mailtoHref('not an address')).toBeNull();
    expect(telHref('call us')).toBeNull();
    expect(telHref('javascript:1')).toBeNull();
  });
});
