import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpretResponse } from './dns/answer.ts';
import type { WireMessage, WireRecord } from './dns/message.ts';
import { createBootstrap } from './rdap/bootstrap.ts';
import { parseRdapDomain, readRdapError } from './rdap/parse.ts';
import { vcardEmail, vcardPhone, vcardProperties, vcardText } from './rdap/vcard.ts';
import type { FetchLike } from './types.ts';

/**
 * Remote structures as deep as a hostile server makes them (issue 9: a vCard nested 10,000 deep
 * overflowed the stack and killed the whole CLI batch). Every walk of remote JSON in the core is
 * iterative or depth-limited, so 20,000 levels, anywhere, in any shape, give a typed result.
 */
const DEPTH = 20_000;

type Shape = 'array' | 'object' | 'entity' | 'vcard';

/** `leaf` wrapped `DEPTH` times, the wrappers cycling through `shapes`: built by a loop, not recursion. */
function nest(leaf: unknown, shapes: Shape[]): unknown {
  let value = leaf;
  for (let i = 0; i < DEPTH; i++) {
    const shape = shapes[i % shapes.length];
    if (shape === 'array') value = [value];
    else if (shape === 'object') value = { value };
    else if (shape === 'entity')
      value = { objectClassName: 'entity', roles: ['registrar'], entities: [value] };
    else value = ['vcard', [['fn', {}, 'text', value]]];
  }
  return value;
}

/** Where in a domain object the deep value goes: every member the parser reads, and some it does not. */
const PLACES: Record<string, (deep: unknown) => Record<string, unknown>> = {
  status: (deep) => ({ status: deep }),
  events: (deep) => ({ events: [{ eventAction: 'expiration', eventDate: deep }] }),
  eventList: (deep) => ({ events: deep }),
  nameservers: (deep) => ({ nameservers: [{ ldhName: deep }] }),
  nameserverList: (deep) => ({ nameservers: deep }),
  secureDNS: (deep) => ({ secureDNS: { delegationSigned: deep } }),
  links: (deep) => ({ links: [{ rel: 'related', href: deep }] }),
  entities: (deep) => ({ entities: deep }),
  nestedEntities: (deep) => ({ entities: [{ roles: ['registrar'], entities: deep }] }),
  vcardArray: (deep) => ({ entities: [{ roles: ['registrar'], vcardArray: deep }] }),
  vcardValue: (deep) => ({
    entities: [{ roles: ['registrar'], vcardArray: ['vcard', [['fn', {}, 'text', deep]]] }],
  }),
  vcardParams: (deep) => ({
    entities: [{ roles: ['registrar'], vcardArray: ['vcard', [['tel', deep, 'uri', 'tel:+1.555']]] }],
  }),
  abuseEmail: (deep) => ({
    entities: [
      {
        roles: ['registrar'],
        entities: [{ roles: ['abuse'], vcardArray: ['vcard', [['email', {}, 'text', deep]]] }],
      },
    ],
  }),
  publicIds: (deep) => ({ entities: [{ roles: ['registrar'], publicIds: deep }] }),
  remarks: (deep) => ({ remarks: deep, notices: deep }),
  description: (deep) => ({ errorCode: 404, title: deep, description: deep }),
};

const shapes = fc.array(fc.constantFrom<Shape>('array', 'object', 'entity', 'vcard'), {
  minLength: 1,
  maxLength: 4,
});
const leaf = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant([]), fc.constant({}));

describe('remote JSON nested 20,000 deep', () => {
  it('parseRdapDomain and readRdapError give a typed result wherever the deep value sits', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(PLACES)), shapes, leaf, (place, wrap, inner) => {
        const place_ = PLACES[place] as (deep: unknown) => Record<string, unknown>;
        const json = { objectClassName: 'domain', ldhName: 'example.com', ...place_(nest(inner, wrap)) };
        const parsed = parseRdapDomain(json);
        expect(parsed.ldhName).toBe('example.com');
        expect(Array.isArray(parsed.nameservers)).toBe(true);
        readRdapError(json);
      }),
      { numRuns: 60 },
    );
  });

  it('a whole answer that is one deep value is no domain, and no crash', () => {
    fc.assert(
      fc.property(shapes, leaf, (wrap, inner) => {
        const deep = nest(inner, wrap);
        expect(parseRdapDomain(deep).ldhName).toBeNull();
        expect(readRdapError(deep)).toBeNull();
      }),
      { numRuns: 20 },
    );
  });

  it('the vCard readers walk at most the two levels of a structured value (RFC 7095 §3.3.1.3)', () => {
    fc.assert(
      fc.property(shapes, leaf, (wrap, inner) => {
        const deep = nest(inner, wrap);
        for (const vcard of [
          deep,
          ['vcard', deep],
          ['vcard', [deep]],
          ['vcard', [['fn', {}, 'text', deep]]],
        ]) {
          const props = vcardProperties(vcard);
          vcardText(props, 'fn');
          vcardEmail(props);
          vcardPhone(props);
        }
      }),
      { numRuns: 30 },
    );
    // The case that overflowed the stack: a text value that is arrays all the way down.
    const arrays = vcardProperties(['vcard', [['fn', {}, 'text', nest('Deep Registrar', ['array'])]]]);
    expect(vcardText(arrays, 'fn')).toBeNull();
    const props = vcardProperties(['vcard', [['org', {}, 'text', [['', 'Example Org'], 'Unit']]]]);
    expect(vcardText(props, 'org')).toBe('Example Org');
  });

  it('a bootstrap file nested 20,000 deep is refused as malformed', async () => {
    const deepFile = JSON.stringify({ services: [] }).replace(
      '[]',
      `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`,
    );
    const fetch: FetchLike = async () =>
      new Response(deepFile, { headers: { 'content-type': 'application/json' } });
    const bootstrap = createBootstrap({
      url: 'https://bootstrap.test/dns.json',
      fetch,
      now: () => 0,
      timeoutMs: 1000,
    });
    expect(await bootstrap.baseUrlsFor('example.com')).toMatchObject({ ok: false, code: 'malformed' });
  });
});

describe('DNS answers with 20,000 links', () => {
  const question = { name: 'a0.example', type: 'A' as const, cd: false };
  const packet = (answers: WireRecord[]): WireMessage => ({
    qr: true,
    tc: false,
    ad: false,
    rcode: 0,
    questions: [{ name: 'a0.example', type: 'A', class: 'IN' }],
    answers,
    authorities: [],
    additionals: [],
  });
  const cname = (from: number, to: number): WireRecord => ({
    name: `a${from}.example`,
    type: 'CNAME',
    class: 'IN',
    ttl: 60,
    data: `a${to}.example`,
  });

  it('an over-long CNAME chain is a typed failure, not "no records"', () => {
    const chain = Array.from({ length: DEPTH }, (_, i) => cname(i, i + 1));
    const { result } = interpretResponse(packet(chain), question);
    expect(result).toMatchObject({ ok: false, reason: 'cname-chain' });
  });

  it('a CNAME loop is a typed failure, however the records are ordered', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 15 }), fc.boolean(), (length, reversed) => {
        const loop = Array.from({ length }, (_, i) => cname(i, (i + 1) % length));
        const { result } = interpretResponse(packet(reversed ? loop.reverse() : loop), question);
        expect(result).toMatchObject({ ok: false, reason: 'cname-chain' });
      }),
    );
  });

  it('a chain of 16 aliases is still read (resolvers follow that many)', () => {
    const chain = Array.from({ length: 16 }, (_, i) => cname(i, i + 1));
    const address: WireRecord = { name: 'a16.example', type: 'A', class: 'IN', ttl: 60, data: '192.0.2.1' };
    const { result } = interpretResponse(packet([...chain, address]), question);
    expect(result).toMatchObject({ ok: true, records: [{ data: '192.0.2.1' }] });
  });

  it('20,000 records of the asked type are read without a stack overflow', () => {
    const many = Array.from(
      { length: DEPTH },
      (_, i): WireRecord => ({ name: 'a0.example', type: 'A', class: 'IN', ttl: 60 + i, data: '192.0.2.1' }),
    );
    const { result, cacheSeconds } = interpretResponse(packet(many), question);
    expect(result.ok && result.records.length).toBe(DEPTH);
    expect(cacheSeconds).toBe(60);
  });
});
