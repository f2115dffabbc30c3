import * as v from 'valibot';
import catalogueFile from '../data/providers.json' with { type: 'json' };
import type { StatusFeedEntry } from '../status/provider-status.ts';
import { FEED_FORMATS } from '../status/types.ts';
import type { ProviderRef } from '../types.ts';
import { hostMatchesPattern } from './host-pattern.ts';

/** The id of the pseudo-provider for mail servers run under the domain itself (providers.md). */
export const SELF_HOSTED_ID = 'self-hosted';

const httpsUrl = v.pipe(v.string(), v.url(), v.startsWith('https://'));
const hostName = v.pipe(v.string(), v.minLength(1), v.regex(/^[a-z0-9_.-]+$/));

/** Shape of one catalogue entry; the test suite holds `src/core/data/providers.json` to it. */
export const ProviderEntrySchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)),
  name: v.pipe(v.string(), v.minLength(1)),
  kind: v.picklist(['mailbox', 'gateway', 'forwarding']),
  /** Host patterns (see host-pattern.ts): lower case labels, `*` as documented there. */
  mx: v.array(v.pipe(v.string(), v.regex(/^(\*|[a-z0-9*-]+)(\.(\*|[a-z0-9*-]+))*$/))),
  /** Exact `include:` / `redirect=` targets of the provider's SPF record. */
  spfIncludes: v.array(hostName),
  /** Prefixes of apex TXT records that only this provider asks its customers to publish. */
  verificationTxt: v.optional(v.array(v.pipe(v.string(), v.minLength(3)))),
  /** Prefixes that hint at the provider but are published for other reasons too (used last). */
  weakVerificationTxt: v.optional(v.array(v.pipe(v.string(), v.minLength(3)))),
  dkimSelectors: v.array(v.pipe(v.string(), v.minLength(1), v.regex(/^[A-Za-z0-9_-]+$/))),
  statusUrl: v.optional(httpsUrl),
  supportUrl: v.optional(httpsUrl),
  /** The provider's own help page for fixing each record, shown beside that check's findings. */
  help: v.optional(
    v.strictObject({ spf: v.optional(httpsUrl), dmarc: v.optional(httpsUrl), dkim: v.optional(httpsUrl) }),
  ),
  sla: v.optional(
    v.strictObject({ percent: v.pipe(v.number(), v.minValue(90), v.maxValue(100)), source: httpsUrl }),
  ),
  /**
   * The provider's machine-readable status feed (src/core/status): its format, URL and what on it
   * means mail (component names, product ids or service-key prefixes, in the feed's own terms; `*`:
   * every component), with the public source that confirms them. `unsupported` says why there is none.
   */
  statusFeed: v.union([
    v.strictObject({
      format: v.picklist(FEED_FORMATS),
      url: httpsUrl,
      mail: v.pipe(v.array(v.pipe(v.string(), v.minLength(1))), v.minLength(1)),
      source: v.pipe(v.string(), v.minLength(10)),
    }),
    v.strictObject({ unsupported: v.pipe(v.string(), v.minLength(10)) }),
  ]),
});

export const ProviderCatalogueSchema = v.strictObject({
  $comment: v.optional(v.string()),
  providers: v.array(ProviderEntrySchema),
});

export type ProviderEntry = v.InferOutput<typeof ProviderEntrySchema>;

/** The catalogue as shipped. Its shape is checked by providers.test.ts, not at run time in the worker. */
export const PROVIDERS: readonly ProviderEntry[] = (
  catalogueFile as v.InferOutput<typeof ProviderCatalogueSchema>
).providers;

const byId = new Map(PROVIDERS.map((entry) => [entry.id, entry]));

export function providerById(id: string): ProviderEntry | undefined {
  return byId.get(id);
}

/** The catalogue entry (mailbox, forwarding or gateway) whose MX patterns cover `host`, if any. */
export function providerForMxHost(host: string): ProviderEntry | undefined {
  return PROVIDERS.find((entry) => entry.mx.some((pattern) => hostMatchesPattern(host, pattern)));
}

/** A service in the catalogue runs redundant MX infrastructure; a self-hosted server does not. */
export function isHighAvailability(entry: ProviderEntry): boolean {
  return entry.id !== SELF_HOSTED_ID;
}

/** The provider's usable status feed, or null when the catalogue says it has none (`unsupported`). */
export function statusFeedOf(id: string): StatusFeedEntry | null {
  const feed = byId.get(id)?.statusFeed;
  if (!feed || 'unsupported' in feed) return null;
  const entry: StatusFeedEntry = { format: feed.format, url: feed.url, mail: feed.mail };
  const pageUrl = byId.get(id)?.statusUrl;
  if (pageUrl) entry.pageUrl = pageUrl;
  return entry;
}

/** Every host a status feed is read from (named on the first-run page, the settings and the README). */
export function statusFeedHosts(): string[] {
  const hosts = new Set<string>();
  for (const entry of PROVIDERS) {
    if (entry.statusFeed && 'url' in entry.statusFeed) hosts.add(new URL(entry.statusFeed.url).host);
  }
  return [...hosts];
}

export function toProviderRef(entry: ProviderEntry): ProviderRef {
  const ref: ProviderRef = { id: entry.id, name: entry.name };
  if (entry.statusUrl) ref.statusUrl = entry.statusUrl;
  if (entry.supportUrl) ref.supportUrl = entry.supportUrl;
  if (entry.help) ref.help = { ...entry.help };
  return ref;
}

/**
 * The mailbox provider behind a filtering gateway, inferred from the apex TXT records (providers.md,
 * "Detection order"): an SPF `include:`/`redirect=` or a verification record names it. A provider
 * named by both wins over one named once; weak hints (`google-site-verification=`, also published
 * for Search Console) count only when nothing else does; ties go to the earlier SPF term.
 */
export function inferMailboxProvider(txtRecords: readonly string[]): ProviderEntry | undefined {
  const spfTargets = spfIncludeTargets(txtRecords);
  let best: { entry: ProviderEntry; score: number; order: number } | undefined;
  for (const entry of PROVIDERS) {
    if (entry.kind !== 'mailbox' || entry.id === SELF_HOSTED_ID) continue;
    const spfAt = spfTargets.findIndex((target) => entry.spfIncludes.includes(target));
    const verified = hasTxtPrefix(txtRecords, entry.verificationTxt);
    const weak = hasTxtPrefix(txtRecords, entry.weakVerificationTxt);
    const score = (spfAt >= 0 ? 2 : 0) + (verified ? 2 : 0) + (weak ? 1 : 0);
    if (score === 0) continue;
    const order = spfAt >= 0 ? spfAt : spfTargets.length;
    if (!best || score > best.score || (score === best.score && order < best.order)) {
      best = { entry, score, order };
    }
  }
  return best?.entry;
}

/** `include:` and `redirect=` domains of the `v=spf1` records, in order, lower case, no trailing dot. */
export function spfIncludeTargets(txtRecords: readonly string[]): string[] {
  const targets: string[] = [];
  for (const record of txtRecords) {
    const terms = record.trim().split(/\s+/);
    if (terms[0]?.toLowerCase() !== 'v=spf1') continue;
    for (const term of terms.slice(1)) {
      const lower = term.toLowerCase();
      const match = /^[+\-~?]?include:(.+)$/.exec(lower) ?? /^redirect=(.+)$/.exec(lower);
      if (match?.[1]) targets.push(match[1].replace(/\.$/, ''));
    }
  }
  return targets;
}

function hasTxtPrefix(txtRecords: readonly string[], prefixes: readonly string[] | undefined): boolean {
  if (!prefixes) return false;
  return txtRecords.some((record) => {
    const lower = record.trim().toLowerCase();
    return prefixes.some((prefix) => lower.startsWith(prefix.toLowerCase()));
  });
}
