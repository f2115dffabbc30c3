import * as dnsPacket from '@leichtgewicht/dns-packet';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64UrlEncode, decodeMessage, encodeQuery, isValidQueryName } from './wire.ts';

function response(answers: dnsPacket.Answer[]): Uint8Array {
  return dnsPacket.encode({
    type: 'response',
    id: 0,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
    questions: [{ name: 'example.com', type: 'A', class: 'IN' }],
    answers,
  });
}

describe('encodeQuery', () => {
  it('builds a recursive query with id 0, one question and an OPT record with DO', () => {
    const decoded = dnsPacket.decode(encodeQuery('example.com', 'MX', false));
    expect(decoded).toMatchObject({ id: 0, type: 'query', flag_rd: true, flag_cd: false, opcode: 'QUERY' });
    expect(decoded.questions).toEqual([{ name: 'example.com', type: 'MX', class: 'IN' }]);
    const opt = decoded.additionals?.[0] as { type: string; flag_do: boolean } | undefined;
    expect(opt).toMatchObject({ type: 'OPT', flag_do: true });
  });

  it('sets CD when asked', () => {
    expect(dnsPacket.decode(encodeQuery('example.com', 'SOA', true)).flag_cd).toBe(true);
  });

  it('pads every query to a multiple of 128 octets', () => {
    fc.assert(
      fc.property(fc.domain(), (name) => {
        expect(encodeQuery(name, 'TXT', false).length % 128).toBe(0);
      }),
    );
  });
});

describe('isValidQueryName', () => {
  it('accepts host names and underscore labels', () => {
    expect(isValidQueryName('_dmarc.example.com')).toBe(true);
    expect(isValidQueryName('google._domainkey.example.com')).toBe(true);
  });

  it('rejects empty labels, long labels, long names, spaces and non-ASCII', () => {
    for (const name of [
      '',
      '.',
      'a..b',
      `${'a'.repeat(64)}.com`,
      `${'abc.'.repeat(64)}com`,
      'a b.com',
      'ü.de',
    ]) {
      expect(isValidQueryName(name), name).toBe(false);
    }
  });
});

describe('decodeMessage', () => {
  it('decodes a well-formed response', () => {
    const decoded = decodeMessage(response([{ name: 'example.com', type: 'A', ttl: 60, data: '192.0.2.1' }]));
    expect(decoded.ok && decoded.message.answers?.[0]).toMatchObject({ type: 'A', data: '192.0.2.1' });
  });

  it('rejects fewer bytes than a header', () => {
    expect(decodeMessage(new Uint8Array(11))).toMatchObject({ ok: false });
  });

  it('rejects a message cut inside its record data, which the library alone would pad with zeros', () => {
    const bytes = response([{ name: 'example.com', type: 'A', ttl: 60, data: '192.0.2.1' }]);
    const cut = bytes.slice(0, bytes.length - 2);
    expect(decodeMessage(cut)).toEqual({ ok: false, why: 'truncated in record data' });
  });

  it('rejects a record whose RDLENGTH does not match its data', () => {
    const bytes = response([{ name: 'example.com', type: 'A', ttl: 60, data: '192.0.2.1' }]);
    // RDLENGTH of the only answer sits just before its 4 address octets; claim 3 and drop one octet.
    const lying = bytes.slice(0, bytes.length - 1);
    lying[lying.length - 4] = 3;
    expect(decodeMessage(lying)).toMatchObject({ ok: false });
  });

  it('rejects a name with a forward compression pointer', () => {
    const bytes = response([]);
    const header = bytes.slice(0, 12);
    const pointing = new Uint8Array([...header, 0xc0, 0x20, 0, 1, 0, 1]);
    expect(decodeMessage(pointing)).toMatchObject({ ok: false });
  });

  it('rejects more bytes than a DNS message can have', () => {
    expect(decodeMessage(new Uint8Array(70_000))).toMatchObject({ ok: false });
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        expect(typeof decodeMessage(bytes).ok).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  });
});

describe('base64UrlEncode', () => {
  it('is base64url without padding (RFC 4648 §5)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(base64UrlEncode(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
      }),
    );
  });
});
