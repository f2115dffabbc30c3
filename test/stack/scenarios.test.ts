import type { MxData, Packet } from '@leichtgewicht/dns-packet';
import { describe, expect, inject, it } from 'vitest';
import { dohQuery } from './dns-query.ts';

// The facts SCENARIOS.md promises, read back through the real stack: a typo in a zone file fails here,
// not in somebody's check-module test.

const dohUrl = inject('dohUrl');
const decoder = new TextDecoder();

async function ask(name: string, type: string): Promise<Packet> {
  return dohQuery(dohUrl, name, type);
}

async function txt(name: string): Promise<string[]> {
  const answer = await ask(name, 'TXT');
  return (answer.answers ?? [])
    .filter((record) => record.type === 'TXT')
    .map((record) => (record.data as Uint8Array[]).map((part) => decoder.decode(part)).join(''));
}

async function spf(name: string): Promise<string[]> {
  return (await txt(name)).filter((record) => /^v=spf1( |$)/i.test(record));
}

async function mx(name: string): Promise<MxData[]> {
  const answer = await ask(name, 'MX');
  return (answer.answers ?? [])
    .filter((record) => record.type === 'MX')
    .map((record) => record.data as MxData);
}

async function addresses(name: string): Promise<string[]> {
  const answers = await Promise.all([ask(name, 'A'), ask(name, 'AAAA')]);
  return answers.flatMap((answer) =>
    (answer.answers ?? [])
      .filter((record) => record.type === 'A' || record.type === 'AAAA')
      .map((record) => String(record.data)),
  );
}

async function rcode(name: string, type = 'A'): Promise<string | undefined> {
  return (await ask(name, type)).rcode;
}

/** RFC 7208 §4.6.4 terms that cost a DNS lookup, following include: (enough for these zones). */
async function spfLookups(name: string): Promise<number> {
  const [record = ''] = await spf(name);
  let count = 0;
  for (const term of record.split(' ').slice(1)) {
    const mechanism = term.replace(/^[+?~-]/, '').toLowerCase();
    if (/^(a|mx|ptr)([:/]|$)|^exists:|^redirect=/.test(mechanism)) count++;
    if (mechanism.startsWith('include:')) count += 1 + (await spfLookups(mechanism.slice('include:'.length)));
  }
  return count;
}

describe('healthy provider scenarios', () => {
  it('acme-google.com publishes the Google Workspace set', async () => {
    expect(
      (await mx('acme-google.com')).map((record) => record.preference).sort((a, b) => (a ?? 0) - (b ?? 0)),
    ).toEqual([1, 5, 5, 10, 10]);
    expect(await spf('acme-google.com')).toEqual(['v=spf1 include:_spf.google.com ~all']);
    expect(await txt('_dmarc.acme-google.com')).toEqual([
      'v=DMARC1; p=reject; rua=mailto:dmarc@acme-google.com',
    ]);
    expect(await txt('_mta-sts.acme-google.com')).toEqual(['v=STSv1; id=20260101']);
    expect(await txt('_smtp._tls.acme-google.com')).toEqual(['v=TLSRPTv1; rua=mailto:tls@acme-google.com']);
  });

  it('every MX host of the provider scenarios resolves', async () => {
    const domains = [
      'acme-google.com',
      'contoso-m365.com',
      'gated-corp.com',
      'panaderia-ejemplo.es',
      'proton-user.com',
    ];
    for (const domain of domains) {
      for (const { exchange } of await mx(domain))
        expect(await addresses(exchange), exchange).not.toEqual([]);
    }
  });

  it('contoso-m365.com DKIM selector1 is a CNAME to a key in onmicrosoft.com', async () => {
    const answer = await ask('selector1._domainkey.contoso-m365.com', 'TXT');
    expect(answer.answers?.[0]).toMatchObject({
      type: 'CNAME',
      data: 'selector1-contoso-m365-com._domainkey.contoso.onmicrosoft.com',
    });
    expect((await txt('selector1._domainkey.contoso-m365.com'))[0]).toMatch(/^v=DKIM1; k=rsa; p=/);
  });

  it('gated-corp.com routes to Mimecast and authorises Microsoft 365', async () => {
    expect((await mx('gated-corp.com')).map((record) => record.exchange).sort()).toEqual([
      'eu-smtp-inbound-1.mimecast.com',
      'eu-smtp-inbound-2.mimecast.com',
    ]);
    expect(await txt('gated-corp.com')).toContain('MS=ms87654321');
  });

  it('the IDN panadería-ejemplo.es resolves by its A-label', async () => {
    expect((await mx('xn--panadera-ejemplo-fsb.es')).map((record) => record.exchange)).toContain(
      'mx.zoho.com',
    );
  });
});

describe('mail routing scenarios', () => {
  it('selfhosted.net receives mail on the web server address', async () => {
    const web = await addresses('selfhosted.net');
    expect(web).toHaveLength(1);
    expect(await addresses('mail.selfhosted.net')).toEqual(web);
    expect(await addresses('www.selfhosted.net')).toEqual(web);
  });

  it('dangling-mx.com points at a host that does not exist', async () => {
    expect(await mx('dangling-mx.com')).toEqual([{ preference: 10, exchange: 'mail.dangling-mx.com' }]);
    expect(await rcode('mail.dangling-mx.com')).toBe('NXDOMAIN');
  });

  it('half-dangling.com has one MX host with addresses and one without (NODATA)', async () => {
    expect(await addresses('mx1.half-dangling.com')).toEqual(['198.51.100.30']);
    expect(await rcode('mx2.half-dangling.com')).toBe('NOERROR');
    expect(await addresses('mx2.half-dangling.com')).toEqual([]);
  });

  it('mx-cname.com MX target is a CNAME to a host with an A', async () => {
    const answer = await ask('mail.mx-cname.com', 'A');
    expect(answer.answers?.map((record) => record.type)).toEqual(['CNAME', 'A']);
  });

  it('mx-ip.com MX exchange is an IP literal that does not resolve', async () => {
    expect(await mx('mx-ip.com')).toEqual([{ preference: 10, exchange: '192.0.2.25' }]);
    expect(await rcode('192.0.2.25')).toBe('NXDOMAIN');
  });

  it('null-mx.com publishes the null MX and refuses all mail senders', async () => {
    const [nullMx] = await mx('null-mx.com');
    expect(nullMx?.preference).toBe(0);
    expect(['', '.']).toContain(nullMx?.exchange);
    expect(await spf('null-mx.com')).toEqual(['v=spf1 -all']);
  });

  it('no-mx.com and no-auth.com lack what their names say', async () => {
    expect(await rcode('no-mx.com', 'MX')).toBe('NOERROR');
    expect(await mx('no-mx.com')).toEqual([]);
    expect(await spf('no-auth.com')).toEqual([]);
    expect(await rcode('_dmarc.no-auth.com', 'TXT')).toBe('NXDOMAIN');
  });
});

describe('SPF scenarios', () => {
  it('spf-toomany.com needs 12 lookups through includes that are each valid', async () => {
    expect(await spfLookups('spf-toomany.com')).toBe(12);
    for (const include of [
      '_spf.google.com',
      'spf.protection.outlook.com',
      '_spf.mailer-one.com',
      'spf.crm-cloud.net',
    ]) {
      expect(await spf(include), include).toHaveLength(1);
    }
  });

  it('a healthy Google Workspace domain stays within the limit', async () => {
    expect(await spfLookups('acme-google.com')).toBe(4);
  });

  it('spf-double.com has two SPF records', async () => {
    expect(await spf('spf-double.com')).toHaveLength(2);
  });

  it('spf-include-broken.com includes a name without SPF and a name that does not exist', async () => {
    expect(await spf('mailer-one.com')).toEqual([]);
    expect(await rcode('mailer-one.com')).toBe('NOERROR');
    expect(await rcode('spf.gone-vendor.com', 'TXT')).toBe('NXDOMAIN');
  });

  it('spf-void.com names three hosts that do not exist', async () => {
    for (const ghost of ['ghost1', 'ghost2', 'ghost3'])
      expect(await rcode(`${ghost}.spf-void.com`)).toBe('NXDOMAIN');
  });

  it('spf-exists-fixed.com names a fixed host that has an A record', async () => {
    expect(await spf('spf-exists-fixed.com')).toEqual([
      'v=spf1 include:_spf.google.com exists:always.spf-exists-fixed.com ~all',
    ]);
    expect(await addresses('always.spf-exists-fixed.com')).toEqual(['127.0.0.2']);
  });

  it('spf-mx-many.com points its mx: at a name with 11 MX records, each with an address', async () => {
    const relays = await mx('relays.spf-mx-many.com');
    expect(relays).toHaveLength(11);
    for (const { exchange } of relays) expect(await addresses(exchange ?? ''), exchange).toHaveLength(1);
  });

  it('spf-too-long.com publishes one record of 680 octets in several TXT strings', async () => {
    const answer = await ask('spf-too-long.com', 'TXT');
    const record = (answer.answers ?? []).find(
      (r) => r.type === 'TXT' && decoder.decode((r.data as Uint8Array[])[0]).startsWith('v=spf1'),
    );
    const strings = record ? (record.data as Uint8Array[]) : [];
    expect(strings.length).toBeGreaterThan(1);
    const [text = ''] = await spf('spf-too-long.com');
    expect(new TextEncoder().encode(text).length).toBe(680);
    expect(await spfLookups('spf-too-long.com')).toBe(4);
  });

  it('spf-void-include.com includes a record whose a, mx and a: targets find nothing', async () => {
    expect(await spf('_spf.spf-void-include.com')).toEqual(['v=spf1 a mx a:ghost.spf-void-include.com -all']);
    expect(await addresses('_spf.spf-void-include.com')).toEqual([]);
    expect(await mx('_spf.spf-void-include.com')).toEqual([]);
    expect(await rcode('ghost.spf-void-include.com')).toBe('NXDOMAIN');
  });

  it('spf-colon-ok.com has an address at a name with ":" and "/"', async () => {
    expect(await addresses('relay:eu/mail.spf-colon-ok.com')).toEqual(['198.51.100.60']);
    expect((await spf('spf-colon-ok.com'))[0]).toContain(' a:relay:eu/mail.spf-colon-ok.com/28 ');
  });

  it.each([
    ['spf-passall.com', '+all'],
    ['spf-neutral.com', '?all'],
    ['spf-ptr.com', ' ptr '],
    ['spf-syntax.com', ' ipv4:'],
    ['spf-passall-ip4.com', ' ip4:0.0.0.0/0 '],
    ['spf-macro-bad.com', ' exp=%{r}.'],
  ])('%s has %s in its SPF record', async (domain, term) => {
    expect((await spf(domain))[0]).toContain(term);
  });
});

describe('DMARC scenarios', () => {
  it.each([
    ['dmarc-none.com', ['v=DMARC1; p=none; rua=mailto:dmarc@dmarc-none.com']],
    ['dmarc-syntax.com', ['v=DMARC1; p=rejct; adkim=s']],
    ['dmarc-nop-rua.com', ['v=DMARC1; rua=mailto:dmarc@dmarc-nop-rua.com']],
    [
      'dmarc-taginvalid.com',
      [
        'v=DMARC1; p=reject; adkim=bob; fo=x; rua=mailto:dmarc@dmarc-taginvalid.com; ruf=ftp://reports.dmarc-taginvalid.com/dmarc',
      ],
    ],
    ['dmarc-sp-none.com', ['v=DMARC1; p=reject; sp=none; rua=mailto:dmarc@dmarc-sp-none.com']],
    ['dmarc-obsolete.com', ['v=DMARC1; p=reject; rf=afrf; ri=86400; rua=mailto:dmarc@dmarc-obsolete.com']],
    ['dmarc-testing.com', ['v=DMARC1; p=quarantine; t=y; rua=mailto:dmarc@dmarc-testing.com']],
    ['dmarc-upper.com', ['V=DMARC1; P=reject; RUA=mailto:dmarc@dmarc-upper.com']],
    ['dmarc-pct.com', ['v=DMARC1; p=quarantine; pct=50; rua=mailto:dmarc@dmarc-pct.com']],
    ['dmarc-norua.com', ['v=DMARC1; p=reject']],
  ])('%s publishes %j', async (domain, records) => {
    expect(await txt(`_dmarc.${domain}`)).toEqual(records);
  });

  it('dmarc-double.com has two DMARC records', async () => {
    expect(await txt('_dmarc.dmarc-double.com')).toHaveLength(2);
  });

  it('thirdparty-reports.net authorises dmarc-extrep-ok.com and not dmarc-extrep.com', async () => {
    expect(await txt('dmarc-extrep-ok.com._report._dmarc.thirdparty-reports.net')).toEqual(['v=DMARC1']);
    expect(await rcode('dmarc-extrep.com._report._dmarc.thirdparty-reports.net', 'TXT')).toBe('NXDOMAIN');
  });
});

describe('MTA-STS, BIMI and name server scenarios', () => {
  it.each(['sts-mismatch.com', 'sts-testing-mismatch.com', 'sts-unreachable.com'])(
    '%s announces an MTA-STS policy',
    async (domain) => {
      expect((await txt(`_mta-sts.${domain}`))[0]).toMatch(/^v=STSv1; id=/);
    },
  );

  it('bimi-brand.com has a BIMI record', async () => {
    expect((await txt('default._bimi.bimi-brand.com'))[0]).toMatch(/^v=BIMI1; l=https:\/\/bimi-brand\.com\//);
  });

  it('single-ns.com has one NS; one-provider-ns.com two under one domain', async () => {
    const ns = async (domain: string) =>
      ((await ask(domain, 'NS')).answers ?? [])
        .filter((record) => record.type === 'NS')
        .map((record) => record.data);
    expect(await ns('single-ns.com')).toEqual(['ns1.dns-host-a.net']);
    expect((await ns('one-provider-ns.com')).sort()).toEqual(['ns1.dns-host-a.net', 'ns2.dns-host-a.net']);
  });
});

describe('dependency domains anyone could register', () => {
  it.each([
    ['spf-unregistered.com', 'include:_spf.gone-provider-xyz.com', 'gone-provider-xyz.com'],
    ['spf-include-broken.com', 'include:spf.gone-vendor.com', 'gone-vendor.com'],
  ])('%s includes %s, whose registrable domain does not exist', async (domain, term, registrable) => {
    expect((await spf(domain))[0]).toContain(` ${term} `);
    expect(await rcode(registrable, 'SOA')).toBe('NXDOMAIN');
  });

  it('mx-unregistered.com has a backup MX host under a domain that does not exist', async () => {
    expect(await mx('mx-unregistered.com')).toContainEqual({
      preference: 20,
      exchange: 'backup.gone-mailhost-xyz.net',
    });
    expect(await rcode('gone-mailhost-xyz.net', 'SOA')).toBe('NXDOMAIN');
  });

  it('ns-unregistered.com has a name server under a domain that does not exist', async () => {
    const answer = await ask('ns-unregistered.com', 'NS');
    expect((answer.answers ?? []).map((record) => record.data).sort()).toEqual([
      'ns1.dns-host-a.net',
      'ns2.gone-dnshost-xyz.com',
    ]);
    expect(await rcode('gone-dnshost-xyz.com', 'SOA')).toBe('NXDOMAIN');
  });

  it('dmarc-report-unregistered.com sends aggregate reports to a domain that does not exist', async () => {
    expect((await txt('_dmarc.dmarc-report-unregistered.com'))[0]).toContain(
      'rua=mailto:dmarc@gone-reports-xyz.com;',
    );
    expect(await rcode('gone-reports-xyz.com', 'SOA')).toBe('NXDOMAIN');
  });

  it('the dependency domains of the healthy scenarios exist', async () => {
    for (const domain of ['google.com', 'outlook.com', 'dns-host-a.net', 'dns-host-b.com', 'zoho.com'])
      expect(await rcode(domain, 'SOA'), domain).toBe('NOERROR');
  });
});

describe('RFC 8020 on the real stack', () => {
  it('answers NODATA for _domainkey above a real selector (an empty non-terminal), NXDOMAIN where none exists', async () => {
    expect(await rcode('_domainkey.acme-google.com', 'TXT')).toBe('NOERROR');
    expect(await rcode('_domainkey.no-auth.com', 'TXT')).toBe('NXDOMAIN');
  });
});

describe('mail server scenarios (CLI --smtp)', () => {
  it.each([
    ['smtp-ok.com', { 'mx.smtp-ok.com': ['127.0.0.10'] }],
    ['smtp-partial.com', { 'mx1.smtp-partial.com': ['127.0.0.10'], 'mx2.smtp-partial.com': ['127.0.0.14'] }],
    ['smtp-plain.com', { 'mx.smtp-plain.com': ['127.0.0.11'] }],
    ['smtp-expired.com', { 'mx.smtp-expired.com': ['127.0.0.12'] }],
    ['smtp-wrongname.com', { 'mx.smtp-wrongname.com': ['127.0.0.13'] }],
    ['smtp-enforce.com', { 'mx.smtp-enforce.com': ['127.0.0.13'] }],
    ['smtp-refused.com', { 'mx.smtp-refused.com': ['127.0.0.14'] }],
    ['smtp-silent.com', { 'mx.smtp-silent.com': ['127.0.0.15'] }],
    ['smtp-soon.com', { 'mx.smtp-soon.com': ['127.0.0.16'] }],
  ])('%s points its MX hosts at the loopback test servers', async (domain, hosts) => {
    const found: Record<string, string[]> = {};
    for (const record of await mx(domain)) found[record.exchange] = await addresses(record.exchange);
    expect(found).toEqual(hosts);
  });

  it('smtp-enforce.com announces an MTA-STS policy', async () => {
    expect((await txt('_mta-sts.smtp-enforce.com'))[0]).toBe('v=STSv1; id=20261201');
  });
});
