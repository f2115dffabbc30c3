import { parseDomainInput } from '../core/domain.ts';
import { buildReport, type ReportOptions, type ReportOutcome } from '../core/report.ts';
import type { NotPublicReason } from '../shared/messages.ts';

/**
 * The single place the extension calls into the core, so a change of the core's signatures
 * touches one file.
 */
export type { ReportOptions, ReportOutcome };

export type DomainOfInput =
  | { ok: true; domain: string; unicode: string }
  | { ok: false; reason: NotPublicReason };

/** The registrable domain of a URL or name, or why it is not a public domain (never a query). */
export function domainOf(input: string): DomainOfInput {
  const parsed = parseDomainInput(input);
  return parsed.ok
    ? { ok: true, domain: parsed.domain, unicode: parsed.unicode }
    : { ok: false, reason: parsed.reason };
}

export function lookupReport(input: string, options: ReportOptions): Promise<ReportOutcome> {
  return buildReport(input, options);
}
