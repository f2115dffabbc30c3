import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSpf } from './spf-parse.ts';

function errorOf(text: string) {
  const result = parseSpf(text);
  return result.ok ? null : result.error;
}

describe('parseSpf', () => {
  it('reads mechanisms with their qualifiers, defaulting to +', () => {
    const result = parseSpf(
      'v=spf1 a mx -ip4:192.0.2.0/24 ~include:_spf.example.net ?exists:%{i}.x.example.org -all',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.record.mechanisms.map((m) => `${m.qualifier}${m.name}`)).toEqual([
      '+a',
      '+mx',
      '-ip4',
      '~include',
      '?exists',
      '-all',
    ]);
    expect(result.record.mechanisms[2]).toMatchObject({ ip: '192.0.2.0', cidr4: 24 });
    expect(result.record.mechanisms[3]).toMatchObject({ domainSpec: '_spf.example.net' });
  });

  it('reads redirect and exp modifiers and keeps unknown modifiers', () => {
    const result = parseSpf('v=spf1 redirect=_spf.example.net exp=explain.example.net foo=bar');
    expect(result.ok && result.record).toMatchObject({
      redirect: '_spf.example.net',
      exp: 'explain.example.net',
    });
    expect(result.ok && result.record.terms.map((t) => t.kind)).toEqual(['modifier', 'modifier', 'modifier']);
  });

  it('treats mechanism names and the version case-insensitively', () => {
    expect(parseSpf('V=SPF1 INCLUDE:_spf.google.com MX ~ALL').ok).toBe(true);
  });

  it('accepts the doubled and trailing spaces a record split into several TXT strings can carry', () => {
    // "v=spf1 ip4:192.0.2.1 " + " include:_spf.google.com " joined without separators.
    const result = parseSpf('v=spf1 ip4:192.0.2.1  include:_spf.google.com ~all ');
    expect(result.ok && result.record.mechanisms.map((m) => m.name)).toEqual(['ip4', 'include', 'all']);
  });

  it('parses a record split in the middle of a term once the strings are joined', () => {
    const parts = ['v=spf1 include:_spf.goo', 'gle.com include:servers.mcsv', '.net ~all'];
    const result = parseSpf(parts.join(''));
    expect(result.ok && result.record.mechanisms.map((m) => m.domainSpec ?? m.name)).toEqual([
      '_spf.google.com',
      'servers.mcsv.net',
      'all',
    ]);
  });

  it('reads a/mx dual CIDR lengths', () => {
    const result = parseSpf('v=spf1 a:mail.example.com/28//64 mx/24 a//48 -all');
    expect(result.ok && result.record.mechanisms.slice(0, 3)).toMatchObject([
      { domainSpec: 'mail.example.com', cidr4: 28, cidr6: 64 },
      { cidr4: 24 },
      { cidr6: 48 },
    ]);
  });

  it('accepts IPv6 networks, compressed and with an embedded IPv4 address', () => {
    expect(parseSpf('v=spf1 ip6:2001:db8::/32 ip6:::ffff:192.0.2.1 ip6:2001:db8:0:0:0:0:0:1 -all').ok).toBe(
      true,
    );
  });

  it('accepts macros in domain-specs', () => {
    expect(parseSpf('v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} include:%{d2}.example.net -all').ok).toBe(true);
  });

  it('rejects a text that is not an SPF record', () => {
    expect(errorOf('v=spf10 -all')?.code).toBe('not-spf');
    expect(errorOf(' v=spf1 -all')?.code).toBe('not-spf');
  });

  it('rejects an unknown mechanism', () => {
    expect(errorOf('v=spf1 ip:192.0.2.1 -all')).toEqual({ code: 'unknown-mechanism', term: 'ip:192.0.2.1' });
    expect(errorOf('v=spf1 +ipv4:192.0.2.1 -all')?.code).toBe('unknown-mechanism');
    expect(errorOf('v=spf1 @include:_spf.google.com -all')?.code).toBe('unknown-mechanism');
  });

  it('rejects a modifier whose name is not a valid name', () => {
    expect(errorOf('v=spf1 -all 1x=y')?.code).toBe('bad-modifier-name');
  });

  it('rejects malformed domain-specs', () => {
    expect(errorOf('v=spf1 include:google -all')?.code).toBe('bad-domain-spec');
    expect(errorOf('v=spf1 include:_spf..google.com -all')?.code).toBe('bad-domain-spec');
    expect(errorOf('v=spf1 include:example.123 -all')?.code).toBe('bad-domain-spec');
    expect(errorOf('v=spf1 exists:%{q}.example.com -all')?.code).toBe('bad-domain-spec');
    expect(errorOf('v=spf1 redirect= ')?.code).toBe('bad-domain-spec');
  });

  it('rejects a mechanism that needs an argument without one', () => {
    expect(errorOf('v=spf1 include -all')).toEqual({ code: 'missing-argument', term: 'include' });
    expect(errorOf('v=spf1 ip4 -all')?.code).toBe('missing-argument');
    // A space instead of ":" leaves a bare include and a stray name.
    expect(errorOf('v=spf1 include _spf.google.com -all')?.code).toBe('missing-argument');
  });

  it('rejects an argument on all', () => {
    expect(errorOf('v=spf1 -all:example.com')?.code).toBe('unexpected-argument');
  });

  it('rejects bad addresses and CIDR lengths', () => {
    expect(errorOf('v=spf1 ip4:192.0.2.256 -all')?.code).toBe('bad-ip');
    expect(errorOf('v=spf1 ip6:2001:db8:::1 -all')?.code).toBe('bad-ip');
    expect(errorOf('v=spf1 ip4:192.0.2.0/33 -all')?.code).toBe('bad-cidr');
    expect(errorOf('v=spf1 ip6:2001:db8::/129 -all')?.code).toBe('bad-cidr');
    expect(errorOf('v=spf1 a/024 -all')?.code).toBe('bad-cidr');
    expect(errorOf('v=spf1 mx:example.com/ -all')?.code).toBe('bad-cidr');
  });

  it('rejects a second redirect or exp (RFC 7208 §6)', () => {
    expect(errorOf('v=spf1 redirect=a.example.com redirect=b.example.com')?.code).toBe('duplicate-modifier');
    expect(errorOf('v=spf1 exp=a.example.com EXP=b.example.com -all')?.code).toBe('duplicate-modifier');
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = parseSpf(text);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            'v=spf1',
            ' ',
            'a',
            ':',
            '/',
            '%{d}',
            '.',
            'com',
            '=',
            '-',
            'include',
            '~all',
            '%',
            '{',
          ),
        ),
        (parts) => {
          expect(typeof parseSpf(parts.join('')).ok).toBe('boolean');
        },
      ),
    );
  });
});
