import type { CheckId } from './types.ts';

/**
 * The order checks are shown and findings are listed in, on every surface: what the domain is,
 * then how its mail is routed, then how it is protected. In the core so the findings' own order
 * (findings.ts) and the surfaces' rows (shared/check-display.ts) cannot disagree.
 */
export const CHECK_ORDER: readonly CheckId[] = [
  'registration',
  'nameservers',
  'dnssec',
  'mx',
  'provider-status',
  'smtp',
  'spf',
  'dmarc',
  'dkim',
  'mta-sts',
  'tls-rpt',
  'bimi',
];
