import { DEFAULT_DOH_URL } from '../shared/settings.ts';

/** Resolver presets offered by the options page (RFC 8484 endpoints, all with DNSSEC validation). */
export const RESOLVER_PRESETS = [
  { id: 'cloudflare', name: 'Cloudflare', url: DEFAULT_DOH_URL },
  { id: 'google', name: 'Google', url: 'https://dns.google/dns-query' },
  { id: 'quad9', name: 'Quad9', url: 'https://dns.quad9.net/dns-query' },
] as const;

/** The options page and the worker's "test resolver" check a custom resolver like the CLI does. */
export { checkEndpointUrl as checkResolverUrl } from '../shared/endpoint-url.ts';
