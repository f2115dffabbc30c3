import { trimDots, trimEnd } from '../trim.ts';

/**
 * gTLD or ccTLD, from the TLD label alone. Every two-letter ASCII TLD is a country code (ISO 3166-1
 * alpha-2, RFC 1591); IDN ccTLDs (the IDN ccTLD Fast Track) are listed below with the country they
 * serve, taken from the ICANN section of the Public Suffix List (each one's comment names the
 * country, e.g. `// xn--p1ai ("rf", Russian-Cyrillic) : RU`). Everything else is generic.
 * Used for registration.no-transfer-lock, which ICANN policy makes meaningful for gTLDs only.
 */
const IDN_CCTLDS: ReadonlyMap<string, string> = new Map([
  ['xn--2scrj9c', 'IN'],
  ['xn--3e0b707e', 'KR'],
  ['xn--3hcrj9c', 'IN'],
  ['xn--45br5cyl', 'IN'],
  ['xn--45brj9c', 'IN'],
  ['xn--4dbrk0ce', 'IL'],
  ['xn--54b7fta0cc', 'BD'],
  ['xn--80ao21a', 'KZ'],
  ['xn--90a3ac', 'RS'],
  ['xn--90ae', 'BG'],
  ['xn--90ais', 'BY'],
  ['xn--clchc0ea0b2g2a9gcd', 'SG'],
  ['xn--d1alf', 'MK'],
  ['xn--e1a4c', 'EU'],
  ['xn--fiqs8s', 'CN'],
  ['xn--fiqz9s', 'CN'],
  ['xn--fpcrj9c3d', 'IN'],
  ['xn--fzc2c9e2c', 'LK'],
  ['xn--gecrj9c', 'IN'],
  ['xn--h2breg3eve', 'IN'],
  ['xn--h2brj9c', 'IN'],
  ['xn--h2brj9c8c', 'IN'],
  ['xn--j1amh', 'UA'],
  ['xn--j6w193g', 'HK'],
  ['xn--kprw13d', 'TW'],
  ['xn--kpry57d', 'TW'],
  ['xn--l1acc', 'MN'],
  ['xn--lgbbat1ad8j', 'DZ'],
  ['xn--mgb2ddes', 'YE'],
  ['xn--mgb9awbf', 'OM'],
  ['xn--mgba3a4f16a', 'IR'],
  ['xn--mgba3a4fra', 'IR'],
  ['xn--mgbaam7a8h', 'AE'],
  ['xn--mgbah1a3hjkrd', 'MR'],
  ['xn--mgbai9a5eva00b', 'PK'],
  ['xn--mgbai9azgqp6j', 'PK'],
  ['xn--mgbayh7gpa', 'JO'],
  ['xn--mgbbh1a', 'IN'],
  ['xn--mgbbh1a71e', 'IN'],
  ['xn--mgbc0a9azcg', 'MA'],
  ['xn--mgbcpq6gpa1a', 'BH'],
  ['xn--mgberp4a5d4a87g', 'SA'],
  ['xn--mgberp4a5d4ar', 'SA'],
  ['xn--mgbgu82a', 'IN'],
  ['xn--mgbpl2fh', 'SD'],
  ['xn--mgbqly7c0a67fbc', 'SA'],
  ['xn--mgbqly7cvafr', 'SA'],
  ['xn--mgbtf8fl', 'SY'],
  ['xn--mgbtx2b', 'IQ'],
  ['xn--mgbx4cd0ab', 'MY'],
  ['xn--mix082f', 'MO'],
  ['xn--mix891f', 'MO'],
  ['xn--nnx388a', 'TW'],
  ['xn--node', 'GE'],
  ['xn--o3cw4h', 'TH'],
  ['xn--ogbpf8fl', 'SY'],
  ['xn--p1ai', 'RU'],
  ['xn--pgbs0dh', 'TN'],
  ['xn--q7ce6a', 'LA'],
  ['xn--qxa6a', 'EU'],
  ['xn--qxam', 'GR'],
  ['xn--rvc1e0am3e', 'IN'],
  ['xn--s9brj9c', 'IN'],
  ['xn--wgbh1c', 'EG'],
  ['xn--wgbl6a', 'QA'],
  ['xn--xkc2al3hye2a', 'LK'],
  ['xn--xkc2dl3a5ee0h', 'IN'],
  ['xn--y9a3aq', 'AM'],
  ['xn--yfro4i67o', 'SG'],
  ['xn--ygbi2ammx', 'PS'],
]);

export function tldOf(domain: string): string {
  const labels = trimEnd(domain.toLowerCase(), '.').split('.');
  return labels[labels.length - 1] ?? '';
}

export function isCountryCodeTld(tld: string): boolean {
  const label = trimDots(tld.toLowerCase());
  return /^[a-z]{2}$/.test(label) || IDN_CCTLDS.has(label);
}

export function isGenericTld(tld: string): boolean {
  const label = trimDots(tld.toLowerCase());
  // arpa is infrastructure, not a registry anyone registers names in.
  return /^(?:[a-z][a-z0-9]*|xn--[a-z0-9-]+)$/.test(label) && label !== 'arpa' && !isCountryCodeTld(label);
}
