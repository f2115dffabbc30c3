import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostMatchesPattern } from './host-pattern.ts';

describe('hostMatchesPattern', () => {
  it('matches a name and the names under it, on label boundaries', () => {
    expect(hostMatchesPattern('google.com', 'google.com')).toBe(true);
    expect(hostMatchesPattern('aspmx.l.google.com', 'google.com')).toBe(true);
    expect(hostMatchesPattern('alt1.aspmx.l.google.com', 'aspmx.l.google.com')).toBe(true);
  });

  it('rejects look-alikes that only share a substring', () => {
    expect(hostMatchesPattern('evilgoogle.com', 'google.com')).toBe(false);
    expect(hostMatchesPattern('google.com.evil.net', 'google.com')).toBe(false);
    expect(hostMatchesPattern('aspmx.l.google.com.evil.net', 'aspmx.l.google.com')).toBe(false);
    expect(hostMatchesPattern('xaspmx.l.google.com', 'aspmx.l.google.com')).toBe(false);
  });

  it('ignores case and one trailing dot', () => {
    expect(hostMatchesPattern('ASPMX.L.Google.COM.', 'aspmx.l.google.com')).toBe(true);
    expect(hostMatchesPattern('x.Mimecast.com', '*.mimecast.com')).toBe(true);
  });

  it('needs at least one label in front for a leading "*"', () => {
    expect(hostMatchesPattern('us-smtp-inbound-1.mimecast.com', '*.mimecast.com')).toBe(true);
    expect(hostMatchesPattern('a.b.mimecast.com', '*.mimecast.com')).toBe(true);
    expect(hostMatchesPattern('mimecast.com', '*.mimecast.com')).toBe(false);
    expect(hostMatchesPattern('evilmimecast.com', '*.mimecast.com')).toBe(false);
  });

  it('treats "*" inside a label as any characters within that label only', () => {
    expect(hostMatchesPattern('mx1.mail.ovh.net', 'mx*.mail.ovh.net')).toBe(true);
    expect(hostMatchesPattern('mx.mail.ovh.net', 'mx*.mail.ovh.net')).toBe(true);
    expect(hostMatchesPattern('in2-smtp.messagingengine.com', 'in*-smtp.messagingengine.com')).toBe(true);
    expect(hostMatchesPattern('mail.ovh.net', 'mx*.mail.ovh.net')).toBe(false);
    expect(hostMatchesPattern('xmx1.mail.ovh.net', 'mx*.mail.ovh.net')).toBe(false);
    expect(hostMatchesPattern('inbound-smtp.eu-west-1.amazonaws.com', 'inbound-smtp.*.amazonaws.com')).toBe(
      true,
    );
    expect(hostMatchesPattern('inbound-smtp.amazonaws.com', 'inbound-smtp.*.amazonaws.com')).toBe(false);
    expect(hostMatchesPattern('ec2-1-2-3-4.compute-1.amazonaws.com', 'inbound-smtp.*.amazonaws.com')).toBe(
      false,
    );
  });

  it('matches a trailing "*" against the public suffix only, whatever its length', () => {
    expect(hostMatchesPattern('mx00.ionos.de', 'mx00.ionos.*')).toBe(true);
    expect(hostMatchesPattern('mx00.ionos.co.uk', 'mx00.ionos.*')).toBe(true);
    expect(hostMatchesPattern('mx00.ionos.evil.com', 'mx00.ionos.*')).toBe(false);
    expect(hostMatchesPattern('mx00.evilionos.de', 'mx00.ionos.*')).toBe(false);
    expect(hostMatchesPattern('mx01.1and1.es', '*.1and1.*')).toBe(true);
    expect(hostMatchesPattern('1and1.es', '*.1and1.*')).toBe(false);
  });

  it('rejects names with empty labels', () => {
    expect(hostMatchesPattern('', 'google.com')).toBe(false);
    expect(hostMatchesPattern('.', 'google.com')).toBe(false);
    expect(hostMatchesPattern('a..google.com', 'google.com')).toBe(false);
    expect(hostMatchesPattern('aspmx.l.google.com..', 'google.com')).toBe(false);
  });

  it('never throws on arbitrary host strings', () => {
    const patterns = [
      'google.com',
      '*.mimecast.com',
      'mx*.mail.ovh.net',
      'mx00.ionos.*',
      '*.1and1.*',
      'a*b*c.x',
    ];
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(...patterns), (host, pattern) => {
        expect(typeof hostMatchesPattern(host, pattern)).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.domain(), fc.constantFrom(...patterns), (host, pattern) => {
        expect(typeof hostMatchesPattern(host, pattern)).toBe('boolean');
      }),
    );
  });

  it('matches every name under a domain and no name that merely ends with its text', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
    fc.assert(
      fc.property(fc.domain(), label, (domain, extra) => {
        expect(hostMatchesPattern(`${extra}.${domain}`, domain)).toBe(true);
        expect(hostMatchesPattern(`${extra}${domain}`, domain)).toBe(false);
      }),
    );
  });
});
