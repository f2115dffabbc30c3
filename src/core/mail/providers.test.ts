import { getDomain } from 'tldts-icann';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import catalogueFile from '../data/providers.json' with { type: 'json' };
import {
  inferMailboxProvider,
  PROVIDERS,
  ProviderCatalogueSchema,
  providerById,
  providerForMxHost,
  SELF_HOSTED_ID,
  spfIncludeTargets,
} from './providers.ts';

// report.md, "Provider ids": the ids the report contract promises.
const MAILBOX_IDS = [
  'google-workspace',
  'microsoft-365',
  'zoho',
  'proton',
  'fastmail',
  'icloud',
  'yahoo',
  'amazon-workmail',
  'yandex',
  'mailru',
  'tutanota',
  'migadu',
  'gandi',
  'ovh',
  'ionos',
  'godaddy',
  'namecheap',
  'hostinger',
  'rackspace',
  'mailbox-org',
  'titan',
  'cloudflare-email-routing',
  'self-hosted',
];
const GATEWAY_IDS = [
  'mimecast',
  'proofpoint',
  'barracuda',
  'cisco-secure-email',
  'trend-micro',
  'sophos',
  'spamexperts',
  'hornetsecurity',
  'messagelabs',
];

/** A concrete host for a pattern: the name a provider's customer would see in its MX records. */
function exampleHost(pattern: string): string {
  const labels = pattern.split('.');
  return labels
    .map((label, i) => {
      if (label !== '*') return label.replaceAll('*', '1');
      if (i === 0) return 'mx-a1';
      if (i === labels.length - 1) return 'co.uk';
      return 'eu-west-1';
    })
    .join('.');
}

/** The same host with its registrable domain's first label prefixed: `mx.evilzoho.com`. */
function lookAlike(host: string): string {
  const registrable = getDomain(host) ?? host;
  return `${host.slice(0, host.length - registrable.length)}evil${registrable}`;
}

describe('the provider catalogue data file', () => {
  it('has the documented shape', () => {
    const parsed = v.safeParse(ProviderCatalogueSchema, catalogueFile);
    expect(parsed.issues?.map((issue) => `${v.getDotPath(issue)}: ${issue.message}`) ?? []).toEqual([]);
  });

  it('has every mailbox provider and gateway id of the report contract, each once', () => {
    const ids = PROVIDERS.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining([...MAILBOX_IDS, ...GATEWAY_IDS]));
    for (const id of GATEWAY_IDS) expect(providerById(id)?.kind).toBe('gateway');
    for (const id of MAILBOX_IDS) expect(providerById(id)?.kind).not.toBe('gateway');
  });

  it('gives every provider but self-hosted MX patterns and a support page', () => {
    for (const entry of PROVIDERS.filter((e) => e.id !== SELF_HOSTED_ID)) {
      expect(entry.mx.length, entry.id).toBeGreaterThan(0);
      expect(entry.supportUrl, entry.id).toMatch(/^https:\/\//);
    }
  });

  it('has the status pages providers.md names, and a status page for most providers', () => {
    for (const id of ['google-workspace', 'microsoft-365', 'zoho']) {
      expect(providerById(id)?.statusUrl, id).toMatch(/^https:\/\//);
    }
    const withStatus = PROVIDERS.filter((entry) => entry.statusUrl).length;
    expect(withStatus).toBeGreaterThanOrEqual(PROVIDERS.length * 0.7);
  });

  it('records an SLA only with the page that publishes it', () => {
    const withSla = PROVIDERS.filter((entry) => entry.sla);
    expect(withSla.map((entry) => entry.id)).toEqual(
      expect.arrayContaining(['google-workspace', 'microsoft-365', 'zoho']),
    );
    for (const entry of withSla) expect(entry.sla?.source).toMatch(/^https:\/\//);
  });
});

describe('providerForMxHost', () => {
  const cases = PROVIDERS.flatMap((entry) => entry.mx.map((pattern) => [entry.id, pattern] as const));

  it.each(cases)('detects %s from an MX host matching %s', (id, pattern) => {
    expect(providerForMxHost(exampleHost(pattern))?.id).toBe(id);
    expect(providerForMxHost(`${exampleHost(pattern).toUpperCase()}.`)?.id).toBe(id);
  });

  it.each(cases)('does not take a look-alike of %s (%s) for the provider', (_id, pattern) => {
    expect(providerForMxHost(lookAlike(exampleHost(pattern)))).toBeUndefined();
    expect(providerForMxHost(`${exampleHost(pattern)}.evil.net`)).toBeUndefined();
  });

  it.each([
    ['aspmx.l.google.com', 'google-workspace'],
    ['alt4.aspmx.l.google.com', 'google-workspace'],
    ['smtp.google.com', 'google-workspace'],
    ['aspmx2.googlemail.com', 'google-workspace'],
    ['example-com.mail.protection.outlook.com', 'microsoft-365'],
    ['example-com.d-v1.mx.microsoft', 'microsoft-365'],
    ['mx2.zoho.eu', 'zoho'],
    ['mailsec.protonmail.ch', 'proton'],
    ['in1-smtp.messagingengine.com', 'fastmail'],
    ['mx02.mail.icloud.com', 'icloud'],
    ['mx-biz.mail.am0.yahoodns.net', 'yahoo'],
    ['inbound-smtp.us-east-1.amazonaws.com', 'amazon-workmail'],
    ['emx.mail.ru', 'mailru'],
    ['mxext3.mailbox.org', 'mailbox-org'],
    ['mx3.mail.ovh.net', 'ovh'],
    ['mx00.ionos.co.uk', 'ionos'],
    ['mx01.kundenserver.de', 'ionos'],
    ['smtp.europe.secureserver.net', 'godaddy'],
    ['eforward1.registrar-servers.com', 'namecheap-email-forwarding'],
    ['route3.mx.cloudflare.net', 'cloudflare-email-routing'],
    ['us-smtp-inbound-1.mimecast.com', 'mimecast'],
    ['mxa-00123456.gslb.pphosted.com', 'proofpoint'],
    ['d123456a.ess.barracudanetworks.com', 'barracuda'],
    ['mx1.hc1234-56.iphmx.com', 'cisco-secure-email'],
    ['mx-01-eu-west-1.prod.hydra.sophos.com', 'sophos'],
    ['mx.eu.hornetsecurity.com', 'hornetsecurity'],
    ['cluster1.eu.messagelabs.com', 'messagelabs'],
  ])('knows the real MX host %s as %s', (host, id) => {
    expect(providerForMxHost(host)?.id).toBe(id);
  });

  it.each([
    'evilgoogle.com',
    'aspmx.l.google.com.evil.net',
    'mail.protection.outlook.com.attacker.org',
    'vps-1234.vps.ovh.net',
    'ec2-198-51-100-1.compute-1.amazonaws.com',
    'mx00.ionos.attacker.com',
    'mail.example.com',
  ])('does not claim %s for any provider', (host) => {
    expect(providerForMxHost(host)).toBeUndefined();
  });
});

describe('inferMailboxProvider (behind a gateway)', () => {
  it('reads the provider from an SPF include', () => {
    expect(
      inferMailboxProvider(['v=spf1 include:_netblocks.mimecast.com include:_spf.google.com ~all'])?.id,
    ).toBe('google-workspace');
  });

  it('reads the provider from an SPF redirect', () => {
    expect(inferMailboxProvider(['v=spf1 redirect=_spf.protonmail.ch'])?.id).toBe('proton');
  });

  it('reads Microsoft 365 from its MS=ms verification record alone', () => {
    expect(inferMailboxProvider(['MS=ms12345678', 'v=spf1 ip4:192.0.2.0/24 -all'])?.id).toBe('microsoft-365');
  });

  it('prefers a provider named twice (SPF and verification) over one named once', () => {
    const txt = ['v=spf1 include:_spf.google.com include:spf.protection.outlook.com -all', 'MS=ms99'];
    expect(inferMailboxProvider(txt)?.id).toBe('microsoft-365');
  });

  it('uses google-site-verification only when nothing stronger is there', () => {
    expect(inferMailboxProvider(['google-site-verification=abc'])?.id).toBe('google-workspace');
    const txt = ['google-site-verification=abc', 'v=spf1 include:spf.protection.outlook.com -all'];
    expect(inferMailboxProvider(txt)?.id).toBe('microsoft-365');
  });

  it('never names a gateway or a look-alike include as the mailbox provider', () => {
    expect(inferMailboxProvider(['v=spf1 include:_netblocks.mimecast.com -all'])).toBeUndefined();
    expect(inferMailboxProvider(['v=spf1 include:_spf.google.com.evil.net -all'])).toBeUndefined();
    expect(inferMailboxProvider(['not spf include:_spf.google.com'])).toBeUndefined();
  });
});

describe('spfIncludeTargets', () => {
  it('lists include and redirect targets with qualifiers, case and trailing dots removed', () => {
    expect(spfIncludeTargets(['V=SPF1 ~include:_SPF.Google.com. -all redirect=x.example', 'other'])).toEqual([
      '_spf.google.com',
      'x.example',
    ]);
  });
});
