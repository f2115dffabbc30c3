import { CHECK_ORDER } from './check-order.ts';
import { checkOfFinding } from './checks.ts';
import { findingMessageKey, type Translate } from './i18n/translate.ts';
import { type Finding, type FindingSpec, SEVERITY_ORDER, type Severity } from './types.ts';

/** Turns the check modules' specs into translated findings, worst first (docs/checks.md: the worst drives the badge). */
export function translateFindings(specs: FindingSpec[], t: Translate): Finding[] {
  return sortFindings(
    specs.map((spec) => {
      const args = spec.args ?? [];
      return {
        id: spec.id,
        severity: spec.severity,
        title: t(findingMessageKey(spec.id, 'title'), args),
        detail: t(findingMessageKey(spec.id, 'detail'), args),
        fix: t(findingMessageKey(spec.id, 'fix'), args),
        args,
      };
    }),
  );
}

/**
 * Worst first (checks.md); within one severity in the checks' display order (CHECK_ORDER: the
 * registration before the mail routing before its protection), then by id within a check. Ids
 * compare by code point, so the order is the same in every locale. Stable: equal ids keep their
 * order.
 */
export function sortFindings<T extends { severity: Severity; id: string }>(findings: T[]): T[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      checkRank(a.id) - checkRank(b.id) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** A finding's place by its check; an id of no check goes last. */
function checkRank(id: string): number {
  const check = checkOfFinding(id);
  const rank = check ? CHECK_ORDER.indexOf(check) : -1;
  return rank === -1 ? CHECK_ORDER.length : rank;
}

export function worstSeverity(findings: { severity: Severity }[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings) {
    if (worst === null || SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[worst]) worst = f.severity;
  }
  return worst;
}
