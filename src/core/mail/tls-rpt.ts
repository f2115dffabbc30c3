import type { Resolver } from '../dns/types.ts';
import type { FindingSpec, MailReport, ReportError } from '../types.ts';
import { dnsError, normalizeHost, recordsWithVersion } from './dns-answers.ts';
import { duplicateTag, parseTagList, versionProblem } from './tag-list.ts';

/** SMTP TLS Reporting, RFC 8460 §3: `_smtp._tls.<domain>` TXT `v=TLSRPTv1; rua=<uri>[,<uri>]`. */

export interface TlsRptRecord {
  /** mailto: and https: report URIs as written. */
  rua: string[];
}

export type TlsRptParseResult = { ok: true; record: TlsRptRecord } | { ok: false; part: string };

export function parseTlsRpt(text: string): TlsRptParseResult {
  const list = parseTagList(text);
  if (!list.ok) return { ok: false, part: list.part.trim() };
  const problem = versionProblem(list.tags, 'TLSRPTv1');
  if (problem) return { ok: false, part: problem };
  const duplicate = duplicateTag(list.tags);
  if (duplicate) return { ok: false, part: duplicate };
  const rua = list.tags.find((t) => t.name === 'rua');
  if (!rua) return { ok: false, part: 'rua' };
  const uris = rua.value.split(',').map((u) => u.trim());
  if (!uris.every(isReportUri)) return { ok: false, part: `rua=${rua.value}` };
  return { ok: true, record: { rua: uris } };
}

/**
 * §3: tlsrpt-uri = mailto: or https: URI. The address is checked by hand: the obvious regular
 * expression (local@domain.tld with "." somewhere after "@") backtracks quadratically on a long
 * record with many dots.
 */
function isReportUri(uri: string): boolean {
  const scheme = uri.slice(0, 8).toLowerCase();
  // One character class, unanchored: linear.
  const blankOrSeparator = /[\s,;]/;
  if (scheme === 'https://') return uri.length > 8 && !blankOrSeparator.test(uri.slice(8));
  if (!scheme.startsWith('mailto:')) return false;
  const address = uri.slice(7);
  if (blankOrSeparator.test(address)) return false;
  const at = address.indexOf('@');
  if (at <= 0 || address.indexOf('@', at + 1) !== -1) return false;
  // A "." inside the domain, with something on both sides of it.
  const domain = address.slice(at + 1);
  const dot = domain.indexOf('.', 1);
  return dot > 0 && dot < domain.length - 1;
}

export interface TlsRptEvaluation {
  tlsRpt: MailReport['tlsRpt'];
  findings: FindingSpec[];
  errors: ReportError[];
}

export async function evaluateTlsRpt(domain: string, resolver: Resolver): Promise<TlsRptEvaluation> {
  const name = `_smtp._tls.${normalizeHost(domain)}`;
  const result = await resolver.query(name, 'TXT');
  if (!result.ok) return { tlsRpt: null, findings: [], errors: [dnsError(result)] };
  const records = recordsWithVersion(result, 'TLSRPTv1');
  if (records.length === 0) {
    return {
      tlsRpt: null,
      findings: [{ id: 'tls-rpt.missing', severity: 'info', args: [name] }],
      errors: [],
    };
  }
  // §3: senders use the record only when exactly one valid record is published.
  const parsed = records.length === 1 ? parseTlsRpt(records[0] ?? '') : null;
  if (!parsed?.ok) {
    const part = parsed ? parsed.part : name;
    return {
      tlsRpt: null,
      findings: [{ id: 'tls-rpt.syntax', severity: 'warning', args: [records.join(' | '), part] }],
      errors: [],
    };
  }
  return { tlsRpt: { record: records[0] ?? '' }, findings: [], errors: [] };
}
