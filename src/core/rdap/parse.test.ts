import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../../test/helpers/rdap-server.ts';
import { parseRdapDomain, readRdapError } from './parse.ts';

const parse = (file: string) => parseRdapDomain(fixture(file));

describe('parseRdapDomain on recorded registry and registrar answers', () => {
  it('Verisign thin registry (google.com): dates, upper-case names lowered, DNSSEC, related link', () => {
    expect(parse('com-verisign-google.com.json')).toEqual({
      ldhName: 'google.com',
      registrar: {
        name: 'MarkMonitor Inc.',
        ianaId: '292',
        url: null,
        abuseEmail: 'abusecomplaints@markmonitor.com',
        abusePhone: '+1.2083895740',
      },
      created: '1997-09-15T04:00:00.000Z',
      expires: '2028-09-14T04:00:00.000Z',
      // Only "last update of RDAP database", which is not a change of the domain.
      updated: null,
      status: [
        'client delete prohibited',
        'client transfer prohibited',
        'client update prohibited',
        'server delete prohibited',
        'server transfer prohibited',
        'server update prohibited',
      ],
      nameservers: ['ns1.google.com', 'ns2.google.com', 'ns3.google.com', 'ns4.google.com'],
      dnssecSigned: true,
      selfLink: 'https://rdap.verisign.com/com/v1/domain/GOOGLE.COM',
      relatedLinks: ['https://rdap.markmonitor.com/rdap/domain/GOOGLE.COM'],
    });
  });

  it('Verisign (hhgames.com): last changed, registrar website from an "about" link', () => {
    const d = parse('com-verisign-hhgames.com.json');
    expect(d.updated).toBe('2025-04-16T04:27:20.000Z');
    expect(d.expires).toBe('2026-07-04T19:21:02.000Z');
    expect(d.registrar).toEqual({
      name: 'Sea Wasp, LLC',
      ianaId: '411',
      url: 'http://www.fabulous.com',
      abuseEmail: 'abuse@fabulous.com',
      abusePhone: '+1.5045078209',
    });
    expect(d.relatedLinks).toEqual(['https://rdap.fabulous.com/rdap/domain/HHGAMES.COM']);
  });

  it('Verisign (themarquetry.com): registrar and abuse contact', () => {
    const d = parse('com-verisign-themarquetry.com.json');
    expect(d.registrar?.name).toBe('Hosting Concepts B.V. d/b/a Registrar.eu');
    expect(d.registrar?.abuseEmail).toBe('abuse@registrar.eu');
    expect(d.registrar?.abusePhone).toBe('+31.104482297');
    expect(d.status).toEqual(['client transfer prohibited']);
    expect(d.nameservers).toEqual(['ns1.dns-parking.com', 'ns2.dns-parking.com']);
  });

  it('MarkMonitor registrar (google.com): "+0000" offsets, non-standard "last update", org as name', () => {
    const d = parse('com-markmonitor-google.com.json');
    expect([d.created, d.expires, d.updated]).toEqual([
      '1997-09-15T07:00:00.000Z',
      '2028-09-13T07:00:00.000Z',
      '2019-09-09T15:39:04.000Z',
    ]);
    expect(d.registrar).toEqual({
      name: 'MarkMonitor Inc.',
      ianaId: '292',
      url: null,
      abuseEmail: 'abusecomplaints@markmonitor.com',
      abusePhone: '+1.2083895770',
    });
    expect(d.dnssecSigned).toBe(false);
  });

  it('MarkMonitor registrar (abc.xyz)', () => {
    const d = parse('xyz-markmonitor-abc.xyz.json');
    expect([d.created, d.expires, d.updated]).toEqual([
      '2014-03-20T12:59:17.000Z',
      '2025-03-20T07:00:00.000Z',
      '2019-11-07T17:16:24.000Z',
    ]);
    expect(d.status).toEqual([
      'client update prohibited',
      'client transfer prohibited',
      'client delete prohibited',
    ]);
  });

  it('MarkMonitor registrar (google.pw): no nameservers member', () => {
    const d = parse('pw-markmonitor-google.pw.json');
    expect(d.nameservers).toEqual([]);
    expect(d.expires).toBe('2022-02-10T08:00:00.000Z');
    expect(d.registrar?.abuseEmail).toBe('abusecomplaints@markmonitor.com');
  });

  it('malformed registrar answer: nameServers casing, jCard params as "{}", nested entity as an object, no time zone', () => {
    expect(parse('com-registrar-malformed-jcard.json')).toEqual({
      ldhName: 'something-not-real.com',
      registrar: {
        name: 'OwnRegistrar Inc',
        ianaId: '1250',
        url: 'https://www.ownregistrar.com',
        abuseEmail: 'abuse@ownregistrar.com',
        abusePhone: '+1.212 401 6235',
      },
      created: '2023-07-05T00:00:00.000Z',
      expires: '2024-07-05T00:00:00.000Z',
      updated: '2023-07-05T00:00:00.000Z',
      status: ['active'],
      nameservers: ['a.share-dns.com', 'b.share-dns.net'],
      dnssecSigned: false,
      selfLink: null,
      relatedLinks: [],
    });
  });

  it('Norid (.no): no expiration event and no status', () => {
    const d = parse('no-norid-norway.no.json');
    expect(d.expires).toBeNull();
    expect(d.status).toEqual([]);
    expect(d.created).toBe('2017-01-24T12:09:23.000Z');
    expect(d.updated).toBe('2021-01-14T05:16:59.000Z');
    expect(d.registrar).toEqual({
      name: 'Domeneshop AS',
      ianaId: null,
      url: 'https://domeneshop.no',
      abuseEmail: null,
      abusePhone: null,
    });
    expect(d.dnssecSigned).toBeNull();
  });

  it('CZ.NIC (.cz): "+00:00" offsets, no secureDNS, a registrar known only by its handle', () => {
    const d = parse('cz-cznic-example.cz.json');
    expect([d.created, d.expires, d.updated]).toEqual([
      '2004-08-30T22:55:00.000Z',
      '2019-08-30T12:00:00.000Z',
      null,
    ]);
    expect(d.registrar?.name).toBe('REG-INTERNET-CZ');
    expect(d.dnssecSigned).toBeNull();
    expect(d.nameservers).toEqual(['ns2.pipni.cz', 'ns3.pipni.cz', 'ns.pipni.cz']);
  });

  it('AFNIC (afnic.fr): "secureDns" spelling, registrar url from the vCard', () => {
    const d = parse('fr-afnic-afnic.fr.json');
    expect(d.dnssecSigned).toBe(true);
    expect(d.registrar).toEqual({
      name: 'Registry Operations',
      ianaId: '9999',
      url: 'https://www.afnic.fr',
      abuseEmail: null,
      abusePhone: null,
    });
    expect(d.expires).toBe('2029-07-18T08:26:59.000Z');
  });

  it('AFNIC (lemonde.fr): microsecond fractions, a registry-specific status kept as-is', () => {
    const d = parse('fr-afnic-lemonde.fr.json');
    expect(d.updated).toBe('2024-06-12T22:09:39.881Z');
    expect(d.status).toContain('server recover prohibited');
    expect(d.registrar?.name).toBe('NAMESHIELD');
    expect(d.registrar?.ianaId).toBe('1251');
  });

  it('Uniregistry (.click): fractional seconds, abuse contact nested in the registrar', () => {
    const d = parse('click-uniregistry-microsoft.click.json');
    expect([d.created, d.expires, d.updated]).toEqual([
      '2014-11-12T19:15:55.283Z',
      '2024-11-12T19:15:55.283Z',
      '2023-10-17T10:47:21.733Z',
    ]);
    expect(d.registrar?.abuseEmail).toBe('abusecomplaints@markmonitor.com');
    expect(d.registrar?.abusePhone).toBe('+1.2083895740');
  });

  it('FlexiReg (.moscow): a phone number split over three tel properties is joined', () => {
    const d = parse('moscow-flexireg-home.moscow.json');
    expect(d.registrar?.abusePhone).toBe('+7 495 5801111');
    expect(d.registrar?.abuseEmail).toBe('abuse@reg.ru');
    expect(d.registrar?.ianaId).toBe('1606');
    expect(d.expires).toBe('2024-10-19T19:28:12.000Z');
  });

  it('Namecheap (bitcoin.org): dates without a time zone read as UTC, top-level abuse entity, capitalised roles', () => {
    const d = parse('org-namecheap-bitcoin.org.json');
    expect([d.created, d.expires, d.updated]).toEqual([
      '2008-08-18T13:19:55.000Z',
      '2029-08-18T13:19:55.000Z',
      '2019-11-24T13:58:35.000Z',
    ]);
    expect(d.registrar).toEqual({
      name: 'NAMECHEAP INC',
      ianaId: null,
      url: null,
      abuseEmail: 'abuse@namecheap.com',
      abusePhone: '+1.6613102107',
    });
  });

  it('Namecheap (deep.surf): no "last changed" event', () => {
    const d = parse('surf-namecheap-deep.surf.json');
    expect(d.updated).toBeNull();
    expect(d.expires).toBe('2021-07-01T14:05:58.000Z');
  });

  it('Com Laude (amazon.cyou): trailing dots on the name, name servers and self link', () => {
    const d = parse('cyou-comlaude-amazon.cyou.json');
    expect(d.ldhName).toBe('amazon.cyou');
    expect(d.nameservers).toEqual(['nsgbr.comlaude.co.uk', 'nssui.comlaude.ch', 'nsusa.comlaude.net']);
    expect(d.selfLink).toBe('https://rdap.comlaude.com/rdap/domain/amazon.cyou.');
    expect(d.registrar?.abusePhone).toBe('+44.2074218250');
  });

  it('ZDNS (.top): ".0Z" dates, "tel:" inside a text value, fax ignored', () => {
    const d = parse('top-zdns-bitcoin.top.json');
    expect(d.created).toBe('2014-11-17T16:00:29.000Z');
    expect(d.registrar?.name).toBe('成都西维数码科技有限公司');
    expect(d.registrar?.abuseEmail).toBe('westabuse@gmail.com');
    expect(d.registrar?.abusePhone).toBe('02862778877');
  });

  it('.tube registry: related link to the registrar listed before self', () => {
    const d = parse('tube-registry-you.tube.json');
    expect(d.selfLink).toBe('https://rdap.nic.tube/domain/you.tube');
    expect(d.relatedLinks).toEqual(['https://rdap.markmonitor.com/rdap/domain/you.tube']);
    expect(d.registrar?.name).toBe('MarkMonitor, Inc.');
  });

  it('CentralNic (nic.xyz): a link without rel is ignored; the related link equals self', () => {
    const d = parse('xyz-centralnic-nic.xyz.json');
    expect(d.relatedLinks).toEqual(['https://rdap.centralnic.com/xyz/domain/nic.xyz']);
    expect(d.selfLink).toBe('https://rdap.centralnic.com/xyz/domain/nic.xyz');
    expect(d.registrar?.abuseEmail).toBe('ops@centralnic.com');
  });

  it('an RFC 9083 error object parses to an empty registration and is recognised as an error', () => {
    const json = fixture('error-ripe-501-nameserver.json');
    expect(parseRdapDomain(json).ldhName).toBeNull();
    expect(readRdapError(json)).toEqual({
      errorCode: 501,
      title: '501 Not Implemented',
      description: ['Nameserver not supported'],
    });
  });
});

describe('parseRdapDomain on shapes no registry should send', () => {
  it('non-objects give an empty registration', () => {
    for (const value of [null, undefined, 42, 'domain', [], [{ ldhName: 'x' }]]) {
      expect(parseRdapDomain(value)).toMatchObject({
        ldhName: null,
        registrar: null,
        status: [],
        nameservers: [],
      });
    }
  });

  it('members of the wrong type are dropped one by one, the rest still read', () => {
    const d = parseRdapDomain({
      ldhName: 'ok.example',
      status: 'client hold',
      events: [
        { eventAction: 'expiration', eventDate: 12 },
        'nonsense',
        { eventAction: 'registration', eventDate: '2020-02-30' },
      ],
      nameservers: [{ ldhName: 7 }, { ldhName: 'NS1.OK.EXAMPLE.' }],
      secureDNS: { delegationSigned: 'true' },
      entities: { roles: 'registrar', vcardArray: 'not a card' },
    });
    expect(d).toMatchObject({
      ldhName: 'ok.example',
      status: ['client hold'],
      expires: null,
      created: null,
      nameservers: ['ns1.ok.example'],
      dnssecSigned: true,
      registrar: { name: null, ianaId: null, url: null, abuseEmail: null, abusePhone: null },
    });
  });

  it('statuses written as EPP codes or with other casing and separators read as the RDAP names', () => {
    const d = parseRdapDomain({
      objectClassName: 'domain',
      ldhName: 'shop.example',
      status: ['clientTransferProhibited', 'SERVER_HOLD', 'Redemption-Period', 'pendingDelete', 'ok'],
    });
    expect(d.status).toEqual([
      'client transfer prohibited',
      'server hold',
      'redemption period',
      'pending delete',
      'active',
    ]);
  });

  it('never throws, whatever JSON arrives', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        parseRdapDomain(value);
        readRdapError(value);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on RDAP-shaped objects with arbitrary members', () => {
    const member = fc.oneof(
      fc.jsonValue(),
      fc.array(
        fc.dictionary(
          fc.constantFrom(
            'roles',
            'vcardArray',
            'entities',
            'links',
            'eventAction',
            'eventDate',
            'ldhName',
            'rel',
            'href',
            'type',
          ),
          fc.jsonValue(),
        ),
      ),
    );
    fc.assert(
      fc.property(
        fc.record({
          ldhName: member,
          status: member,
          events: member,
          entities: member,
          nameservers: member,
          secureDNS: member,
          links: member,
        }),
        (value) => {
          const d = parseRdapDomain(value);
          expect(Array.isArray(d.status) && Array.isArray(d.nameservers)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
