/** Registration over RDAP: what the report composer, the CLI and the extension use. */
export {
  type BaseUrlResult,
  type Bootstrap,
  type BootstrapCache,
  type BootstrapFile,
  type BootstrapOptions,
  type CachedBootstrap,
  createBootstrap,
  DEFAULT_BOOTSTRAP_URL,
  memoryBootstrapCache,
} from './bootstrap.ts';
export { daysSince, daysUntil, normalizeRdapDate } from './dates.ts';
export { describeStatus, KNOWN_STATUSES, type StatusInfo, statusMessageKey } from './epp-status.ts';
export {
  DEFAULT_EXPIRY_THRESHOLDS,
  type ExpiryThresholds,
  registrationFindings,
} from './findings.ts';
export { fetchRdapJson, type RdapFetchOptions, type RdapFetchResult } from './http.ts';
export { type LookupOptions, lookupRegistration, type RegistrationLookup } from './lookup.ts';
export { type ParsedRdapDomain, parseRdapDomain, readRdapError } from './parse.ts';
export { bundledSupplement, type RdapSupplement, registryLookupUrl } from './supplement.ts';
export { isCountryCodeTld, isGenericTld, tldOf } from './tld.ts';
