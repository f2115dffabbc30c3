import { inject } from 'vitest';
import { bundledTranslator, type Language } from '../../src/core/i18n/bundled.ts';
import { bootstrapFor, type ReportOptions, resolverFor } from '../../src/core/report.ts';
import { mapFetch } from '../stack/map-fetch.ts';

/** Report options wired to the shared test stack (DNS, web server) and an RDAP server. */
export function stackReportOptions(rdapBootstrapUrl: string, language: Language = 'en'): ReportOptions {
  const base = {
    dohUrl: inject('dohUrl'),
    rdapBootstrapUrl,
    fetch: mapFetch({ httpPort: inject('webHttpPort'), httpsPort: inject('webHttpsPort') }),
    now: () => Date.now(),
    timeoutMs: 5000,
  };
  return {
    ...base,
    translate: bundledTranslator(language),
    expiry: { warningDays: 30, criticalDays: 7 },
    resolver: resolverFor(base),
    bootstrap: bootstrapFor(base),
  };
}
