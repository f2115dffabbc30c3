import { describe, expect, it } from 'vitest';
import { isIpv4, isIpv6 } from './ip-syntax.ts';

describe('isIpv4', () => {
  it('accepts dotted quads and rejects the rest', () => {
    expect(['192.0.2.1', '0.0.0.0', '255.255.255.255'].every(isIpv4)).toBe(true);
    expect(['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.a', ''].some(isIpv4)).toBe(false);
  });
});

describe('isIpv6 (RFC 4291 §2.2)', () => {
  it('accepts full, compressed and IPv4-embedded forms', () => {
    for (const address of [
      '2001:db8:0:0:8:800:200c:417a',
      '2001:DB8::8:800:200C:417A',
      'ff01::101',
      '::1',
      '::',
      '2001:db8::',
      '::ffff:192.0.2.1',
      '0:0:0:0:0:ffff:192.0.2.1',
      '64:ff9b::192.0.2.33',
    ]) {
      expect(isIpv6(address), address).toBe(true);
    }
  });

  it('rejects malformed addresses', () => {
    for (const address of [
      '2001:db8:::1',
      '1::2::3',
      '2001:db8:0:0:8:800:200c:417a:1',
      '2001:db8:0:0:8:800:200c',
      '12345::1',
      'g::1',
      '::ffff:192.0.2.256',
      '1:2:3:4:5:6:7:192.0.2.1',
      '192.0.2.1',
      '',
    ]) {
      expect(isIpv6(address), address).toBe(false);
    }
  });
});
