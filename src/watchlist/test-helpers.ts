import { judge } from '../core/checks.ts';
import type { DomainReport, Finding, Registration } from '../core/types.ts';
import { DEFAULT_SETTINGS } from '../shared/settings.ts';
import { applyReport } from './apply.ts';
import { CHANGE_KINDS, newEntry, WATCHLIST_VERSION, type WatchEntry, type Watchlist } from './model.ts';
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

const FOUND = 'found' as const;

/** A report as the core makes it; its verdict is the core's judgement of the findings given. */
export function report(overrides: Partial<DomainReport> = {}): DomainReport {
  const findings = overrides.findings ?? [];
  const judged = judge(
    {
      registration: overrides.registration === null ? 'unsupported' : FOUND,
      nameservers: FOUND,
      dnssec: 'absent',
      mx: FOUND,
      spf: FOUND,
      dmarc: FOUND,
      'mta-sts': 'absent',
      'tls-rpt': 'absent',
      dkim: 'absent',
      bimi: 'absent',
    },
    findings,
  );
  return {
    ...judged,
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

/** A realistic watchlist for benchmarks and browser tests: notes, a last check, `historyLength` changes each. */
export function sampleWatchlist(count: number, historyLength: number, now: number): Watchlist {
  return {
    version: WATCHLIST_VERSION,
    domains: Array.from({ length: count }, (_, i) => sampleEntry(i, historyLength, now)),
  };
}

function sampleEntry(i: number, historyLength: number, NOW: number): WatchEntry {
  const domain = `empresa-ejemplo-${String(i).padStart(4, '0')}.com`;
  const expires = new Date(NOW + ((i * 37) % 400) * 86_400_000).toISOString();
  const severities = [[], [finding('dmarc.policy-none', 'warning')], [finding('spf.pass-all', 'critical')]];
  const base = newEntry(domain, domain, NOW - 90 * 86_400_000);
  base.notes = {
    owner: 'Ana María Pérez García (gerencia)',
    renewalContacts: [
      { name: 'Luis Fernández', email: 'luis.fernandez@empresa-ejemplo.com', phone: '+34 912 345 678' },
      { name: 'Soporte TI', email: 'soporte@proveedor-it.es', phone: '+34 900 123 456' },
    ],
    registrarAccount: 'Registrador Ejemplo, cuenta 1234567 (usuario: gerencia)',
    mailSupport: 'Google Workspace: +34 900 814 583',
    text: 'Renovación anual en marzo. La tarjeta de la empresa caduca en 2027.',
  };
  const checked = applyReport(
    base,
    report({
      domain,
      unicode: domain,
      registration: registration({ expires }),
      findings: [
        ...(severities[i % 7 === 0 ? 2 : i % 3 === 0 ? 1 : 0] ?? []),
        finding('mta-sts.missing', 'info'),
      ],
    }),
    DEFAULT_SETTINGS,
    NOW,
  ).entry;
  checked.history = Array.from({ length: historyLength }, (_, h) => {
    const kind = CHANGE_KINDS[h % CHANGE_KINDS.length] as (typeof CHANGE_KINDS)[number];
    const at = new Date(NOW - h * 86_400_000).toISOString();
    return kind.startsWith('finding')
      ? {
          at,
          kind,
          before: null,
          after: 'dmarc.policy-none',
          findingId: 'dmarc.policy-none',
          severity: 'warning' as const,
        }
      : {
          at,
          kind,
          before: 'aspmx.l.google.com, alt1.aspmx.l.google.com',
          after: 'eu-smtp-inbound-1.mimecast.com, eu-smtp-inbound-2.mimecast.com',
        };
  });
  checked.lastNotified = { mx: new Date(NOW).toISOString(), expiry: new Date(NOW).toISOString() };
  return checked;
}
