import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSameOrSubdomain, parseDomainInput, registrableDomainOf } from './domain.ts';

function domainOf(input: string): string | null {
  const result = parseDomainInput(input);
  return result.ok ? result.domain : null;
}

function reasonOf(input: string): string | null {
  const result = parseDomainInput(input);
  return result.ok ? null : result.reason;
}

describe('parseDomainInput: what is accepted', () => {
  it('gives the registrable domain of a bare name', () => {
    expect(parseDomainInput('example.com')).toEqual({
      ok: true,
      input: 'example.com',
      domain: 'example.com',
      unicode: 'example.com',
      hostname: 'example.com',
    });
  });

  it('reduces a subdomain to its registrable domain and keeps the full host', () => {
    const result = parseDomainInput('shop.eu.example.com');
    expect(result).toMatchObject({ ok: true, domain: 'example.com', hostname: 'shop.eu.example.com' });
  });

  it('uses multi-label public suffixes of the ICANN section', () => {
    expect(domainOf('www.bbc.co.uk')).toBe('bbc.co.uk');
    expect(domainOf('a.b.example.com.au')).toBe('example.com.au');
  });

  it('reads a URL with scheme, userinfo, port, path, query and fragment', () => {
    expect(parseDomainInput('https://user:pw@Shop.Example.COM:8443/a/b?c=d#e')).toMatchObject({
      ok: true,
      domain: 'example.com',
      hostname: 'shop.example.com',
    });
  });

  it('reads URLs of other schemes that have a host', () => {
    expect(domainOf('ftp://files.example.org/pub')).toBe('example.org');
    expect(domainOf('wss://live.example.net/socket')).toBe('example.net');
    expect(domainOf('ssh://git@Git.Example.DE/repo')).toBe('example.de');
  });

  it('reads a bare name with a port, a path or an e-mail address', () => {
    expect(domainOf('example.com:8080')).toBe('example.com');
    expect(domainOf('example.com/contact')).toBe('example.com');
    expect(domainOf('info@mail.example.es')).toBe('example.es');
    expect(domainOf('mailto:info@example.es?subject=hi')).toBe('example.es');
  });

  it('accepts the absolute form with a trailing dot, in any case, with surrounding spaces', () => {
    expect(domainOf('  WWW.Example.COM.  ')).toBe('example.com');
    expect(parseDomainInput('www.example.com.')).toMatchObject({ hostname: 'www.example.com' });
  });

  it('turns an IDN into punycode and keeps the Unicode form for display', () => {
    expect(parseDomainInput('https://shop.Bücher.de/x')).toMatchObject({
      ok: true,
      domain: 'xn--bcher-kva.de',
      unicode: 'bücher.de',
      hostname: 'shop.xn--bcher-kva.de',
    });
    expect(parseDomainInput('xn--bcher-kva.de')).toMatchObject({
      domain: 'xn--bcher-kva.de',
      unicode: 'bücher.de',
    });
    expect(parseDomainInput('españa.com')).toMatchObject({
      domain: 'xn--espaa-rta.com',
      unicode: 'españa.com',
    });
  });

  it('treats private PSL suffixes as ordinary names under the company domain', () => {
    expect(domainOf('foo.github.io')).toBe('github.io');
    expect(domainOf('someone.blogspot.com')).toBe('blogspot.com');
  });
});

describe('parseDomainInput: what is not a public domain', () => {
  it('rejects IPv4 addresses in every spelling the URL parser knows', () => {
    expect(reasonOf('192.0.2.1')).toBe('ip');
    expect(reasonOf('http://192.0.2.1:8080/x')).toBe('ip');
    expect(reasonOf('http://0x7f.1/')).toBe('ip');
  });

  it('rejects IPv6 addresses, bare or bracketed', () => {
    expect(reasonOf('::1')).toBe('ip');
    expect(reasonOf('2001:db8::1')).toBe('ip');
    expect(reasonOf('[2001:db8::1]')).toBe('ip');
    expect(reasonOf('http://[2001:db8::1]:8080/')).toBe('ip');
  });

  it('rejects localhost and its subdomains', () => {
    expect(reasonOf('localhost')).toBe('localhost');
    expect(reasonOf('http://localhost:3000/')).toBe('localhost');
    expect(reasonOf('app.localhost')).toBe('localhost');
  });

  it('rejects single-label names', () => {
    expect(reasonOf('intranet')).toBe('single-label');
    expect(reasonOf('http://printer/')).toBe('single-label');
  });

  it('rejects special-use and intranet names', () => {
    for (const name of [
      'nas.local',
      'wiki.internal',
      'router.home.arpa',
      'box.lan',
      'pc.localdomain',
      'mail.corp',
      'tv.home',
      'x.invalid',
      'duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion',
      '1.2.0.192.in-addr.arpa',
      'portal.intranet',
      'files.private',
      'thing.alt',
    ]) {
      expect(reasonOf(name), name).toBe('reserved');
    }
  });

  it('takes a TLD the PSL does not list by its default rule, the last two labels', () => {
    expect(parseDomainInput('https://shop.example.notatld/x')).toMatchObject({
      ok: true,
      domain: 'example.notatld',
    });
  });

  it('looks up test and documentation names (RFC 2606), which lab worlds use', () => {
    expect(parseDomainInput('www.healthy.test')).toMatchObject({ ok: true, domain: 'healthy.test' });
    expect(parseDomainInput('mail.acme.example')).toMatchObject({ ok: true, domain: 'acme.example' });
  });

  it('rejects a bare public suffix, which has no registrable domain', () => {
    expect(reasonOf('co.uk')).toBe('no-registrable-domain');
    expect(reasonOf('com.')).toBe('single-label');
  });

  it('rejects what is not a host name at all', () => {
    for (const text of [
      '',
      '   ',
      'exa mple.com',
      'a..b.com',
      '.example.com',
      'http://',
      'file:///etc/hosts',
    ]) {
      expect(reasonOf(text), JSON.stringify(text)).toBe('invalid');
    }
    expect(reasonOf(`${'a'.repeat(64)}.com`)).toBe('invalid');
    expect(reasonOf(`${'a.'.repeat(130)}com`)).toBe('invalid');
    expect(reasonOf('*.example.com')).toBe('invalid');
  });

  it('keeps the original input on a rejection', () => {
    expect(parseDomainInput(' http://10.0.0.1/ ')).toEqual({
      ok: false,
      input: ' http://10.0.0.1/ ',
      reason: 'ip',
    });
  });
});

describe('parseDomainInput on arbitrary input', () => {
  it('always returns a typed result and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.webUrl(), fc.domain()), (text) => {
        const result = parseDomainInput(text);
        expect(typeof result.ok).toBe('boolean');
        if (result.ok) {
          expect(result.domain).toMatch(/^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/);
          expect(isSameOrSubdomain(result.hostname, result.domain)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same domain for a URL and for its host', () => {
    fc.assert(
      fc.property(fc.domain(), fc.webPath(), (host, path) => {
        expect(domainOf(`https://${host}${path}`)).toBe(domainOf(host));
      }),
    );
  });
});

describe('isSameOrSubdomain', () => {
  it('matches the domain itself and names under it, ignoring case and the trailing dot', () => {
    expect(isSameOrSubdomain('google.com', 'google.com')).toBe(true);
    expect(isSameOrSubdomain('ASPMX.L.Google.com.', 'google.com')).toBe(true);
  });

  it('never matches on a substring', () => {
    expect(isSameOrSubdomain('evilgoogle.com', 'google.com')).toBe(false);
    expect(isSameOrSubdomain('google.com.evil.net', 'google.com')).toBe(false);
    expect(isSameOrSubdomain('notexample.com', 'example.com')).toBe(false);
    expect(isSameOrSubdomain('com', 'google.com')).toBe(false);
  });

  it('matches nothing against an empty domain', () => {
    expect(isSameOrSubdomain('example.com', '')).toBe(false);
  });
});

describe('registrableDomainOf', () => {
  it('gives the registrable domain of a host under an ICANN suffix', () => {
    expect(registrableDomainOf('alt1.aspmx.l.google.com')).toBe('google.com');
    expect(registrableDomainOf('mx1.mail.ovh.net.')).toBe('ovh.net');
    expect(registrableDomainOf('example-com.mail.protection.outlook.com')).toBe('outlook.com');
  });

  it('gives null for hosts that have none', () => {
    expect(registrableDomainOf('192.0.2.1')).toBeNull();
    expect(registrableDomainOf('mail.local')).toBeNull();
    expect(registrableDomainOf('co.uk')).toBeNull();
  });
});
