import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type RdapServer, startRdapServer, syntheticDomain } from '../helpers/rdap-server.ts';

const DAY = 86_400_000;

/**
 * Registrations for the DNS stack's scenario domains (test/stack/SCENARIOS.md), dated relative to
 * `now` so that "expires in 12 days" stays true whenever the tests, the demo or the browser run.
 * .es domains are absent on purpose: the .es registry has no RDAP service.
 */
export interface WorldRegistration {
  domain: string;
  createdDaysAgo: number;
  expiresInDays: number | null;
  status?: string[];
  /** Served by a thin registry that links to the registrar's own RDAP (like Verisign for .com). */
  thin?: boolean;
}

export const WORLD_REGISTRATIONS: WorldRegistration[] = [
  { domain: 'acme-google.com', createdDaysAgo: 4000, expiresInDays: 400, thin: true },
  { domain: 'contoso-m365.com', createdDaysAgo: 3000, expiresInDays: 200, thin: true },
  { domain: 'gated-corp.com', createdDaysAgo: 2500, expiresInDays: 300, thin: true },
  { domain: 'proton-user.com', createdDaysAgo: 900, expiresInDays: 150 },
  { domain: 'secure-signed.org', createdDaysAgo: 1500, expiresInDays: 700 },
  // Warning: expires within the 30-day threshold (the badge shows the days left).
  { domain: 'selfhosted.net', createdDaysAgo: 2000, expiresInDays: 12 },
  // Critical: mail bounces (dangling MX) and the registration lapses within a week.
  { domain: 'dangling-mx.com', createdDaysAgo: 800, expiresInDays: 5 },
  // Registered three days ago: the phishing signal for visitors.
  { domain: 'dmarc-none.com', createdDaysAgo: 3, expiresInDays: 362 },
  { domain: 'null-mx.com', createdDaysAgo: 5000, expiresInDays: 90 },
  {
    domain: 'spf-passall.com',
    createdDaysAgo: 700,
    expiresInDays: -20,
    status: ['redemption period', 'client transfer prohibited'],
  },
];

export function registrationAnswer(entry: WorldRegistration, now: number): Record<string, unknown> {
  return syntheticDomain({
    name: entry.domain,
    created: new Date(now - entry.createdDaysAgo * DAY).toISOString(),
    expires: entry.expiresInDays === null ? null : new Date(now + entry.expiresInDays * DAY).toISOString(),
    status: entry.status ?? ['client transfer prohibited'],
    registrar: 'Registrar Ejemplo, S.L.',
    abuseEmail: 'abuse@registrar-ejemplo.example',
    nameservers: ['ns1.dns-host-a.net', 'ns2.dns-host-b.com'],
  });
}

/** TLDs the world's RDAP bootstrap serves; .es and .pe have no RDAP service, like the real ones. */
const RDAP_TLDS = new Set(['com', 'net', 'org', 'io']);

/**
 * Every scenario domain of the DNS stack is registered: the ones above as written, the rest with an
 * ordinary, long-lived registration, so no scenario reads "not registered" by accident.
 */
export function worldRegistrations(
  zonesDir = fileURLToPath(new URL('../stack/zones', import.meta.url)),
): WorldRegistration[] {
  const named = new Set(WORLD_REGISTRATIONS.map((entry) => entry.domain));
  const others = readdirSync(zonesDir)
    .filter((file) => file.endsWith('.zone'))
    .map((file) => file.slice(0, -'.zone'.length))
    .filter(
      (zone) => zone.split('.').length === 2 && RDAP_TLDS.has(zone.split('.')[1] ?? '') && !named.has(zone),
    )
    .map((domain) => ({ domain, createdDaysAgo: 2000, expiresInDays: 365 }));
  return [...WORLD_REGISTRATIONS, ...others];
}

/** The RDAP server with the fixtures, the hand-made faults and the world's registrations. */
export async function startRdapWorld(now: number = Date.now()): Promise<RdapServer> {
  const server = await startRdapServer();
  for (const entry of worldRegistrations()) {
    const answer = registrationAnswer(entry, now);
    server.setDomain(entry.domain, answer, entry.thin ? { registrar: answer } : undefined);
  }
  return server;
}
