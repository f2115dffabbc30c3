/**
 * How the first-run page says where DNS questions go. Only an https:// resolver is an encrypted
 * connection (RFC 8484 §5: DoH is HTTPS); http:// is accepted only for a loopback test server
 * (shared/endpoint-url.ts), which is unencrypted but never leaves the machine.
 */
export function dnsSentKey(dohUrl: string): 'welcomeSentDns' | 'welcomeSentDnsLoopback' {
  return /^https:/i.test(dohUrl.trim()) ? 'welcomeSentDns' : 'welcomeSentDnsLoopback';
}
