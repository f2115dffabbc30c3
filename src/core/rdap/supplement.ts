import * as v from 'valibot';
import data from '../data/rdap-supplement.json' with { type: 'json' };
import { trimDots, trimEnd } from '../trim.ts';

/**
 * Project data that fills the gaps of the IANA bootstrap file: ccTLD registries with a public RDAP
 * server IANA does not list yet, and registries with no RDAP at all whose own web lookup the
 * registration.no-rdap finding points to. Every entry carries its source (see the JSON file).
 */
const SupplementSchema = v.object({
  rdap: v.array(
    v.object({
      tlds: v.array(v.pipe(v.string(), v.toLowerCase())),
      urls: v.array(v.pipe(v.string(), v.url())),
      source: v.pipe(v.string(), v.url()),
      note: v.optional(v.string()),
    }),
  ),
  noRdap: v.array(
    v.object({
      tld: v.pipe(v.string(), v.toLowerCase()),
      lookup: v.pipe(v.string(), v.url()),
      source: v.pipe(v.string(), v.url()),
      note: v.optional(v.string()),
    }),
  ),
});
export type RdapSupplement = v.InferOutput<typeof SupplementSchema>;

/** The bundled supplement; a broken data file degrades to an empty one rather than breaking lookups. */
export const bundledSupplement: RdapSupplement = (() => {
  const parsed = v.safeParse(SupplementSchema, data);
  return parsed.success ? parsed.output : { rdap: [], noRdap: [] };
})();

/** Longest matching entry, as for the bootstrap file. */
export function supplementBaseUrls(domain: string, supplement: RdapSupplement = bundledSupplement): string[] {
  const labels = trimEnd(domain.toLowerCase(), '.').split('.');
  let best: string[] = [];
  let bestLength = 0;
  for (const entry of supplement.rdap) {
    for (const tld of entry.tlds) {
      const entryLabels = trimDots(tld).split('.');
      if (entryLabels.length <= bestLength || entryLabels.length > labels.length) continue;
      if (labels.slice(labels.length - entryLabels.length).join('.') === entryLabels.join('.')) {
        best = entry.urls;
        bestLength = entryLabels.length;
      }
    }
  }
  return best;
}

/** The registry's own web lookup for a TLD without RDAP, or IANA's page for the TLD (which names the registry). */
export function registryLookupUrl(tld: string, supplement: RdapSupplement = bundledSupplement): string {
  const label = trimDots(tld.toLowerCase());
  const known = supplement.noRdap.find((entry) => entry.tld === label);
  return known?.lookup ?? `https://www.iana.org/domains/root/db/${encodeURIComponent(label)}.html`;
}
