import { type FakeResolver, type FakeZoneEntry, fakeResolver } from './fake-resolver.ts';

/**
 * A healthy Google Workspace domain as published in 2024–2026: SPF through Google's real nested
 * include chain (4 lookups), p=reject DMARC reporting to its own domain, MTA-STS enforce covering
 * the MX, TLS-RPT and a DKIM key under the `google` selector. Tests copy it and break one thing.
 */
export const GOOGLE_SPF_CHAIN: Record<string, FakeZoneEntry> = {
  '_spf.google.com': {
    TXT: [
      'v=spf1 include:_netblocks.google.com include:_netblocks2.google.com include:_netblocks3.google.com ~all',
    ],
  },
  '_netblocks.google.com': {
    TXT: [
      'v=spf1 ip4:35.190.247.0/24 ip4:64.233.160.0/19 ip4:66.102.0.0/20 ip4:66.249.80.0/20 ip4:72.14.192.0/18 ip4:74.125.0.0/16 ip4:108.177.8.0/21 ip4:173.194.0.0/16 ip4:209.85.128.0/17 ip4:216.58.192.0/19 ip4:216.239.32.0/19 ~all',
    ],
  },
  '_netblocks2.google.com': {
    TXT: [
      'v=spf1 ip6:2001:4860:4000::/36 ip6:2404:6800:4000::/36 ip6:2607:f8b0:4000::/36 ip6:2800:3f0:4000::/36 ip6:2a00:1450:4000::/36 ip6:2c0f:fb50:4000::/36 ~all',
    ],
  },
  '_netblocks3.google.com': {
    TXT: [
      'v=spf1 ip4:172.217.0.0/19 ip4:172.217.32.0/20 ip4:172.217.128.0/19 ip4:172.217.160.0/20 ip4:172.217.192.0/19 ip4:172.253.56.0/21 ip4:172.253.112.0/20 ip4:108.177.96.0/19 ip4:35.191.0.0/16 ip4:130.211.0.0/22 ~all',
    ],
  },
};

export const GOOGLE_MX_HOSTS = [
  'aspmx.l.google.com',
  'alt1.aspmx.l.google.com',
  'alt2.aspmx.l.google.com',
  'alt3.aspmx.l.google.com',
  'alt4.aspmx.l.google.com',
];

export const GOOGLE_MTA_STS_POLICY =
  'version: STSv1\r\nmode: enforce\r\nmx: aspmx.l.google.com\r\nmx: *.aspmx.l.google.com\r\nmax_age: 86400\r\n';

export function googleWorkspaceZone(domain = 'example.com'): Record<string, FakeZoneEntry> {
  return {
    ...GOOGLE_SPF_CHAIN,
    [domain]: {
      MX: GOOGLE_MX_HOSTS.map((exchange, i) => ({ preference: i === 0 ? 1 : i < 3 ? 5 : 10, exchange })),
      TXT: ['google-site-verification=abc123', 'v=spf1 include:_spf.google.com ~all'],
    },
    [`_dmarc.${domain}`]: { TXT: [`v=DMARC1; p=reject; rua=mailto:dmarc@${domain}; adkim=s; aspf=s`] },
    [`_mta-sts.${domain}`]: { TXT: ['v=STSv1; id=20240101T000000'] },
    [`_smtp._tls.${domain}`]: { TXT: [`v=TLSRPTv1; rua=mailto:tlsrpt@${domain}`] },
    [`google._domainkey.${domain}`]: {
      TXT: [
        'v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAr0sDw6Lk7uDkQ2pVJw6fKfP1H0Y6zE5mQ2a1dL0a7mCf0x1O+qv3mGmWw1kQyS4o8oXx3p0dYQ0n5e9RkVb5qz8cQw0k2VhC7wIDAQAB',
      ],
    },
  };
}

/** A resolver for example.com publishing `record` as its TXT, over the Google SPF chain and `extra`. */
export function withSpf(record: string | string[], extra: Record<string, FakeZoneEntry> = {}): FakeResolver {
  return fakeResolver({
    ...GOOGLE_SPF_CHAIN,
    'example.com': { TXT: Array.isArray(record) ? record : [record] },
    ...extra,
  });
}
