import type { DomainReport, Finding, Registration } from '../core/types.ts';
import { normaliseDomain } from './normalise.ts';
import type { KeyValueStorage } from './sweep.ts';

/** Test-only stand-ins; production code gets the core's parseDomainInput and chrome.storage. */

/** The real normaliser: tests see exactly what users get. */
export const testNormaliser = normaliseDomain;

export class MemoryStorage implements KeyValueStorage {
  readonly data = new Map<string, unknown>();
  writes = 0;
  async get(key: string): Promise<unknown> {
    const value = this.data.get(key);
    return value === undefined ? undefined : structuredClone(value);
  }
  async set(key: string, value: unknown): Promise<void> {
    this.writes++;
    this.data.set(key, structuredClone(value));
  }
}

export function finding(id: string, severity: Finding['severity']): Finding {
  return { id, severity, title: id, detail: id, fix: id };
}

export function registration(overrides: Partial<Registration> = {}): Registration {
  return {
    rdapUrl: 'https://rdap.example/domain/example.com',
    registrar: { name: 'Example Registrar', ianaId: '1', url: null, abuseEmail: null, abusePhone: null },
    created: '2001-01-01T00:00:00Z',
    expires: '2027-01-01T00:00:00Z',
    updated: null,
    status: ['client transfer prohibited'],
    nameservers: ['ns1.example.net', 'ns2.example.net'],
    dnssecSigned: false,
    ...overrides,
  };
}

export function report(overrides: Partial<DomainReport> = {}): DomainReport {
  return {
    domain: 'example.com',
    unicode: 'example.com',
    input: 'example.com',
    checkedAt: '2026-11-26T12:00:00.000Z',
    durationMs: 100,
    registration: registration(),
    dns: { nameservers: ['ns1.example.net', 'ns2.example.net'], dnssec: 'insecure' },
    mail: {
      acceptsMail: true,
      mx: [{ preference: 10, exchange: 'aspmx.l.google.com', addresses: ['192.0.2.1'] }],
      provider: { id: 'google-workspace', name: 'Google Workspace' },
      gateway: null,
      spf: { record: 'v=spf1 include:_spf.google.com ~all', lookups: 4, all: '~all' },
      dmarc: { record: 'v=DMARC1; p=reject', policy: 'reject' },
      mtaSts: null,
      tlsRpt: null,
      dkim: [],
      bimi: null,
    },
    findings: [],
    errors: [],
    ...overrides,
  };
}
