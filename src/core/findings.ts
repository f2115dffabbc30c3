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

export function sortFindings<T extends { severity: Severity; id: string }>(findings: T[]): T[] {
  return [...findings].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.id.localeCompare(b.id),
  );
}

export function worstSeverity(findings: { severity: Severity }[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings) {
    if (worst === null || SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[worst]) worst = f.severity;
  }
  return worst;
}
