import { describe, expect, it } from 'vitest';
import { domainSpecProblem, expandDomainMacros, macroStringProblem } from './spf-macro.ts';

describe('expandDomainMacros: %{d} is known without a message (RFC 7208 §7.2, §7.3)', () => {
  it.each([
    ['%{d}', 'mail.example.com', 'mail.example.com'],
    ['_spf.%{d}', 'mail.example.com', '_spf.mail.example.com'],
    ['%{d2}._spf.example.net', 'mail.example.com', 'example.com._spf.example.net'],
    ['%{dr}.x.example', 'mail.example.com', 'com.example.mail.x.example'],
    ['%{d2r}.x.example', 'mail.example.com', 'example.mail.x.example'],
    ['%{d1}.x.example', 'mail.example.com', 'com.x.example'],
    ['%{d9}.x.example', 'mail.example.com', 'mail.example.com.x.example'],
    ['%{D}.x.example', 'Mail.Example.com', 'mail.example.com.x.example'],
    ['%{d-}.x.example', 'a-b.example.com', 'a.b.example.com.x.example'],
    ['%{d.}.example.com.', 'example.org', 'example.org.example.com'],
  ])('expands %s for %s to %s', (spec, domain, expected) => {
    expect(expandDomainMacros(spec, domain)).toBe(expected);
  });

  it('refuses macros that depend on the message, and escapes that make no host name', () => {
    for (const spec of [
      '%{i}.x.example',
      '%{s}',
      '%{l}.%{d}',
      '%{h}.example',
      '%_.%{d}',
      '%%.%{d}',
      '%-.%{d}',
    ])
      expect(expandDomainMacros(spec, 'example.com'), spec).toBeNull();
  });

  it('refuses an invalid domain-spec', () => {
    expect(expandDomainMacros('%{d', 'example.com')).toBeNull();
    expect(expandDomainMacros('%{r}.example.com', 'example.com')).toBeNull();
  });

  it('truncates from the left past 253 octets (§7.3)', () => {
    const domain = `${'abcdefghij.'.repeat(20)}example.com`;
    // 231 + 1 + 231 octets: the 20 leading "abcdefghij" labels go, one by one, until it fits.
    const expanded = expandDomainMacros('%{d}.%{d}', domain);
    expect(expanded).toBe(`example.com.${domain}`);
    expect(expanded?.length).toBe(243);
  });
});

describe('domainSpecProblem and macroStringProblem say what is wrong', () => {
  it('tells a bad macro, a letter in the wrong place, a bad character and a bad end apart', () => {
    expect(domainSpecProblem('%{q}.example.com')).toBe('bad-macro');
    expect(domainSpecProblem('%{t}.example.com')).toBe('macro-not-allowed');
    expect(domainSpecProblem('ex ample.com')).toBe('bad-character');
    expect(domainSpecProblem('example')).toBe('bad-domain-end');
    expect(domainSpecProblem('%{d}')).toBeNull();
  });

  it('allows c, r and t in an unknown modifier, which receivers ignore (§6)', () => {
    expect(macroStringProblem('%{c}%{r}%{t}')).toBeNull();
    expect(macroStringProblem('%{x}')).toBe('bad-macro');
    expect(macroStringProblem('')).toBeNull();
  });
});
