import * as dnsPacket from '@leichtgewicht/dns-packet';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWire, encodeQuery, rcodeName } from './message.ts';

// The codec against @leichtgewicht/dns-packet, a general DNS library kept for the tests: what one
// writes, the other must read the same way.

const label = fc.stringMatching(/^[a-z0-9_-]{1,20}$/);
const name = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const bytes = (max: number) => fc.uint8Array({ minLength: 0, maxLength: max });
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const ipv6Bytes = fc.uint8Array({ minLength: 16, maxLength: 16 });

/** One record of a type the core reads, as dns-packet writes it, and what the codec must read back. */
const record = fc.oneof(
  fc.record({ name, ttl: u32, data: ipv4 }).map((r) => ({ ...r, type: 'A' as const, expected: r.data })),
  fc.record({ name, ttl: u32, data: ipv6Bytes }).map((r) => {
    const text = ipv6Reference(r.data);
    return { ...r, type: 'AAAA' as const, data: text, expected: text };
  }),
  ...(['CNAME', 'NS', 'PTR'] as const).map((type) =>
    fc.record({ name, ttl: u32, data: name }).map((r) => ({ ...r, type, expected: r.data })),
  ),
  fc
    .record({ name, ttl: u32, data: fc.record({ preference: u16, exchange: name }) })
    .map((r) => ({ ...r, type: 'MX' as const, expected: r.data })),
  fc
    .record({ name, ttl: u32, data: fc.array(bytes(255), { maxLength: 4 }) })
    .map((r) => ({ ...r, type: 'TXT' as const, expected: r.data })),
  fc
    .record({
      name,
      ttl: u32,
      data: fc.record({
        mname: name,
        rname: name,
        serial: u32,
        refresh: u32,
        retry: u32,
        expire: u32,
        minimum: u32,
      }),
    })
    .map((r) => ({ ...r, type: 'SOA' as const, expected: r.data })),
  fc
    .record({
      name,
      ttl: u32,
      data: fc.record({ keyTag: u16, algorithm: fc.nat(255), digestType: fc.nat(255), digest: bytes(64) }),
    })
    .map((r) => ({ ...r, type: 'DS' as const, expected: r.data })),
  fc
    .record({ name, ttl: u32, data: fc.record({ flags: u16, algorithm: fc.nat(255), key: bytes(128) }) })
    .map((r) => ({ ...r, type: 'DNSKEY' as const, expected: r.data })),
  fc
    .record({
      name,
      ttl: u32,
      data: fc.record({
        flags: fc.constantFrom(0, 128),
        tag: fc.constantFrom('issue', 'iodef'),
        value: name,
      }),
    })
    .map((r) => ({ ...r, type: 'CAA' as const, expected: r.data })),
);

/** RFC 5952 text through the WHATWG URL parser, which serialises IPv6 that way. */
function ipv6Reference(address: Uint8Array): string {
  const fields = [];
  for (let i = 0; i < 16; i += 2) fields.push(((address[i] ?? 0) << 8) | (address[i + 1] ?? 0));
  return new URL(`http://[${fields.map((f) => f.toString(16)).join(':')}]/`).hostname.slice(1, -1);
}

describe('reading a response', () => {
  it('reads every record of the types the core asks for as the reference library wrote it', () => {
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 6 }),
        fc.array(record, { maxLength: 2 }),
        (answers, authorities) => {
          const wire = dnsPacket.encode({
            type: 'response',
            id: 0,
            flags: dnsPacket.RECURSION_DESIRED | dnsPacket.AUTHENTIC_DATA,
            questions: [{ name: 'example.com', type: 'TXT', class: 'IN' }],
            answers: answers.map(({ expected: _, ...r }) => ({ ...r, class: 'IN' }) as dnsPacket.Answer),
            authorities: authorities.map(
              ({ expected: _, ...r }) => ({ ...r, class: 'IN' }) as dnsPacket.Answer,
            ),
          });
          const decoded = decodeWire(wire);
          expect(decoded.ok).toBe(true);
          if (!decoded.ok) return;
          const { message } = decoded;
          expect(message).toMatchObject({ qr: true, tc: false, ad: true, rcode: 0 });
          expect(message.questions).toEqual([{ name: 'example.com', type: 'TXT', class: 'IN' }]);
          const read = (list: typeof answers) =>
            list.map((r) => ({ name: r.name, type: r.type, class: 'IN', ttl: r.ttl, data: r.expected }));
          expect(message.answers).toEqual(read(answers));
          expect(message.authorities).toEqual(read(authorities));
        },
      ),
    );
  });

  it('gives the bytes of a type it does not decode (RFC 3597)', () => {
    const wire = dnsPacket.encode({
      type: 'response',
      questions: [{ name: 'example.com', type: 'SRV', class: 'IN' }],
      answers: [
        {
          name: 'example.com',
          type: 'SRV',
          ttl: 5,
          data: { priority: 1, weight: 2, port: 3, target: 'a.b' },
        },
      ],
    });
    const decoded = decodeWire(wire);
    expect(decoded.ok && decoded.message.answers[0]).toMatchObject({
      type: 'TYPE33',
      data: expect.any(Uint8Array),
    });
  });

  it('reads the extended RCODE from the OPT record (RFC 6891 §6.1.3)', () => {
    const wire = dnsPacket.encode({
      type: 'response',
      flags: 2,
      questions: [{ name: 'example.com', type: 'A', class: 'IN' }],
      additionals: [
        { type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 1 } as unknown as dnsPacket.Answer,
      ],
    });
    const decoded = decodeWire(wire);
    expect(decoded.ok && decoded.message.rcode).toBe(2);
    expect(decoded.ok && decoded.message.additionals[0]?.data).toEqual({ extendedRcode: 1 });
  });

  it('names the header RCODEs, and the unnamed by number', () => {
    expect([0, 2, 3, 5, 9].map(rcodeName)).toEqual(['NOERROR', 'SERVFAIL', 'NXDOMAIN', 'REFUSED', 'RCODE9']);
  });
});

/** A response to `example.com A` with one A record whose owner is a pointer back to the question's name. */
function compressed(pointer: number): Uint8Array {
  const question = [
    7,
    ...new TextEncoder().encode('example'),
    3,
    ...new TextEncoder().encode('com'),
    0,
    0,
    1,
    0,
    1,
  ];
  const header = [0, 0, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0];
  const answer = [0xc0 | (pointer >> 8), pointer & 0xff, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1];
  return new Uint8Array([...header, ...question, ...answer]);
}

describe('IPv6 addresses', () => {
  const read = (text: string) => {
    const wire = dnsPacket.encode({
      type: 'response',
      questions: [{ name: 'example.com', type: 'AAAA', class: 'IN' }],
      answers: [{ name: 'example.com', type: 'AAAA', ttl: 5, data: text }],
    });
    const decoded = decodeWire(wire);
    return decoded.ok ? decoded.message.answers[0]?.data : decoded.why;
  };

  it('are written as RFC 5952 says: the longest zero run shortened, the first of equal runs', () => {
    expect(read('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(read('2001:0:0:1:0:0:0:1')).toBe('2001:0:0:1::1');
    expect(read('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(read('::')).toBe('::');
    expect(read('::1')).toBe('::1');
    expect(read('2001:db8::')).toBe('2001:db8::');
  });
});

describe('names', () => {
  it('follows a pointer back to a name written earlier (RFC 1035 §4.1.4)', () => {
    const decoded = decodeWire(compressed(12));
    expect(decoded.ok && decoded.message.answers[0]).toMatchObject({
      name: 'example.com',
      data: '192.0.2.1',
    });
  });

  it('refuses a pointer to itself or forward, which could never end', () => {
    const wire = compressed(12);
    const at = wire.length - 16;
    for (const target of [at, at + 2]) {
      const bad = wire.slice();
      bad[at] = 0xc0 | (target >> 8);
      bad[at + 1] = target & 0xff;
      expect(decodeWire(bad)).toMatchObject({ ok: false });
    }
  });

  it('refuses a name longer than 255 octets', () => {
    const long = Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.');
    const wire = dnsPacket.encode({ type: 'response', questions: [{ name: long, type: 'A', class: 'IN' }] });
    expect(decodeWire(wire)).toEqual({ ok: false, why: 'a name is longer than 255 octets' });
  });

  it('refuses an A record whose data is not four octets, even when the message frames it', () => {
    const wire = compressed(12);
    const fiveOctets = new Uint8Array([...wire.slice(0, -6), 0, 5, 192, 0, 2, 1, 7]);
    expect(decodeWire(fiveOctets)).toEqual({ ok: false, why: 'record data does not match its length' });
  });

  it('refuses bytes after the last record', () => {
    expect(decodeWire(new Uint8Array([...compressed(12), 0]))).toMatchObject({ ok: false });
  });
});

describe('writing a query', () => {
  it('is what the reference library reads: the question, RD, CD as asked, and EDNS0 with DO', () => {
    fc.assert(
      fc.property(
        name,
        fc.constantFrom('A', 'MX', 'TXT', 'DS', 'CAA') as fc.Arbitrary<'A'>,
        fc.boolean(),
        (n, type, cd) => {
          const wire = encodeQuery(n, type, { cd, udpPayload: 1232, paddingBlock: 128 });
          expect(wire.length % 128).toBe(0);
          const read = dnsPacket.decode(wire);
          expect(read.questions).toEqual([{ name: n, type, class: 'IN' }]);
          expect(read.flag_rd).toBe(true);
          expect(read.flag_cd).toBe(cd);
          expect(read.id).toBe(0);
          const opt = read.additionals?.[0] as unknown as {
            type: string;
            udpPayloadSize: number;
            flag_do: boolean;
          };
          expect(opt).toMatchObject({ type: 'OPT', udpPayloadSize: 1232, flag_do: true });
        },
      ),
    );
  });
});
