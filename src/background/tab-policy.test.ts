import { describe, expect, it } from 'vitest';
import { domainOf } from './lookup.ts';
import { looksUpWhileBrowsing, tabDomain } from './tab-policy.ts';

const allowed = { allowIncognito: true };
const refused = { allowIncognito: false };

describe('tabDomain', () => {
  it('gives the registrable domain of a web page', () => {
    expect(
      tabDomain({ url: 'https://shop.example.co.uk/cart?x=1', incognito: false }, refused, domainOf),
    ).toBe('example.co.uk');
  });

  it('skips incognito tabs unless the user allowed them', () => {
    const tab = { url: 'https://example.com/', incognito: true };
    expect(tabDomain(tab, refused, domainOf)).toBeNull();
    expect(tabDomain(tab, allowed, domainOf)).toBe('example.com');
  });

  it('never looks at browser pages, files, IPs, localhost or intranet names', () => {
    for (const url of [
      'chrome://settings',
      'file:///home/x.html',
      'chrome-extension://abc/popup.html',
      'http://192.168.1.1/',
      'http://[::1]:8080/',
      'http://localhost:3000/',
      'http://printer.local/',
      'https://wiki.corp.internal/',
      'http://router/',
      undefined,
    ]) {
      expect(tabDomain({ url, incognito: false }, allowed, domainOf), String(url)).toBeNull();
    }
  });
});

describe('looksUpWhileBrowsing', () => {
  it('follows the lookup mode', async () => {
    expect(await looksUpWhileBrowsing('auto', async () => false)).toBe(true);
    expect(await looksUpWhileBrowsing('click', async () => true)).toBe(false);
    expect(await looksUpWhileBrowsing('watchlist', async () => true)).toBe(true);
    expect(await looksUpWhileBrowsing('watchlist', async () => false)).toBe(false);
  });
});
