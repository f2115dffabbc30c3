import { getDomain } from 'tldts-icann';
import type { Resolver } from '../dns/types.ts';
import { isValidQueryName } from '../dns/wire.ts';
import type { FindingSpec, ReportError } from '../types.ts';
import type { DmarcRecord } from './dmarc-parse.ts';
import { splitTag, trimWsp, versionProblem } from './dmarc-text.ts';
import { parseUriList } from './dmarc-uri.ts';
import { dnsError, txtStrings } from './dns-answers.ts';

/** RFC 7489 §6.2 lets receivers cap the report URIs they serve; we ask about this many hosts at most. */
export const MAX_EXTERNAL_HOSTS = 10;

type ReportTag = 'rua' | 'ruf';

interface Destination {
  addresses: string[];
  tags: Set<ReportTag>;
}

/**
 * RFC 9990 §3 (RFC 7489 §7.1 before it): a report address whose Organizational Domain differs from the
 * one of the domain that published the policy must be authorised by a TXT record starting with
 * v=DMARC1 at `<policy domain>._report._dmarc.<destination host>`, or receivers ignore it:
 * - a name too long for the DNS cannot authorise anything (step 4);
 * - only records whose first tag is exactly v=DMARC1 count (step 6);
 * - the record may override rua=/ruf=, but only with the same destination host: an override to
 *   another host means no report goes to either (step 9).
 * Each distinct host is asked once, all in parallel. Organizational Domains are compared with the
 * public suffix list: walking each report host's own tree as well would cost a round trip per host
 * for a difference that almost never changes the answer.
 */
export async function checkExternalReports(
  domain: string,
  record: DmarcRecord,
  resolver: Resolver,
): Promise<{ findings: FindingSpec[]; errors: ReportError[] }> {
  const checks = [...externalDestinations(domain, record)].map(async ([host, destination]) => {
    const query = `${domain}._report._dmarc.${host}`;
    const unauthorized: FindingSpec = {
      id: 'dmarc.external-reports-unauthorized',
      severity: 'warning',
      args: [destination.addresses.join(', '), query],
    };
    if (!isValidQueryName(query)) return { finding: unauthorized };
    const result = await resolver.query(query, 'TXT');
    if (!result.ok) return { error: dnsError(result) };
    const authorises = (text: string) =>
      versionProblem(text) === null && !overridesElsewhere(text, host, destination.tags);
    return txtStrings(result).some(authorises) ? {} : { finding: unauthorized };
  });
  const outcomes = await Promise.all(checks);
  return {
    findings: outcomes.flatMap((o) => (o.finding ? [o.finding] : [])),
    errors: outcomes.flatMap((o) => (o.error ? [o.error] : [])),
  };
}

/** The report hosts outside the policy domain's Organizational Domain, with their addresses and tags. */
function externalDestinations(domain: string, record: DmarcRecord): Map<string, Destination> {
  const own = getDomain(domain) ?? domain;
  const byHost = new Map<string, Destination>();
  const uris = [
    ...record.rua.map((uri) => ({ uri, tag: 'rua' as const })),
    ...record.ruf.map((uri) => ({ uri, tag: 'ruf' as const })),
  ];
  for (const { uri, tag } of uris) {
    if ((getDomain(uri.host) ?? uri.host) === own) continue;
    let destination = byHost.get(uri.host);
    if (!destination) {
      if (byHost.size >= MAX_EXTERNAL_HOSTS) continue;
      destination = { addresses: [], tags: new Set() };
      byHost.set(uri.host, destination);
    }
    if (!destination.addresses.includes(uri.address)) destination.addresses.push(uri.address);
    destination.tags.add(tag);
  }
  return byHost;
}

/** Step 9: an override of a tag the policy uses for this host, pointing at a different host. */
function overridesElsewhere(text: string, host: string, tags: Set<ReportTag>): boolean {
  for (const raw of text.split(';').slice(1)) {
    const tag = splitTag(trimWsp(raw));
    const key = tag?.name.toLowerCase();
    if (!tag || (key !== 'rua' && key !== 'ruf') || !tags.has(key)) continue;
    if (parseUriList(tag.value).usable.some((uri) => uri.host !== host)) return true;
  }
  return false;
}
