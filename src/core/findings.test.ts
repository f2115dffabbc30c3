import { describe, expect, it } from 'vitest';
import { sortFindings } from './findings.ts';
import type { Severity } from './types.ts';

const f = (id: string, severity: Severity) => ({ id, severity });

describe('sortFindings', () => {
  it('puts the worst severity first', () => {
    const sorted = sortFindings([
      f('bimi.present', 'info'),
      f('spf.missing', 'warning'),
      f('dns.nxdomain', 'critical'),
    ]);
    expect(sorted.map((x) => x.severity)).toEqual(['critical', 'warning', 'info']);
  });

  it('orders findings of one severity by check, as the checks are shown, not alphabetically by id', () => {
    const sorted = sortFindings([
      f('spf.missing', 'warning'),
      f('dmarc.missing', 'warning'),
      f('mail.no-mx', 'warning'),
      f('registration.no-transfer-lock', 'warning'),
      f('dns.single-nameserver', 'warning'),
    ]);
    expect(sorted.map((x) => x.id)).toEqual([
      'registration.no-transfer-lock',
      'dns.single-nameserver',
      'mail.no-mx',
      'spf.missing',
      'dmarc.missing',
    ]);
  });

  it('puts DNSSEC after the name servers although both ids start with dns.', () => {
    const sorted = sortFindings([
      f('dns.dnssec-unsigned', 'info'),
      f('dns.nameservers-single-provider', 'info'),
    ]);
    expect(sorted.map((x) => x.id)).toEqual(['dns.nameservers-single-provider', 'dns.dnssec-unsigned']);
  });

  it('orders by id within one check, and gives the same order whatever the input order', () => {
    const input = [
      f('spf.ptr', 'warning'),
      f('spf.neutral-all', 'warning'),
      f('spf.void-lookups', 'warning'),
    ];
    const expected = ['spf.neutral-all', 'spf.ptr', 'spf.void-lookups'];
    expect(sortFindings(input).map((x) => x.id)).toEqual(expected);
    expect(sortFindings([...input].reverse()).map((x) => x.id)).toEqual(expected);
  });

  it('puts an id of no known check after every check of its severity', () => {
    const sorted = sortFindings([f('zzz.other', 'warning'), f('bimi.present', 'warning')]);
    expect(sorted.map((x) => x.id)).toEqual(['bimi.present', 'zzz.other']);
  });
});
