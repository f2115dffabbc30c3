import { sortFindings } from '../../core/findings.ts';
import type { Finding, Severity } from '../../core/types.ts';
import { findingText } from '../../shared/finding-text.ts';
import { formatDate } from '../../ui/format.ts';
import { t, tOptional } from '../../ui/i18n.ts';

const SEVERITY_KEYS: Record<Severity, string> = {
  critical: 'severityCritical',
  warning: 'severityWarning',
  info: 'severityInfo',
};

export function SeverityLabel({ severity }: { severity: Severity }) {
  return <span class={`pill pill-${severity}`}>{t(SEVERITY_KEYS[severity])}</span>;
}

/** Worst first; each finding is an element tests and the watchlist can address by id and severity. */
export function Findings({ findings }: { findings: Finding[] }) {
  // With nothing found the verdict header says so, and says what was checked.
  if (findings.length === 0) return null;
  return (
    <section class="findings" aria-labelledby="findings-title">
      <h2 id="findings-title">{t('findingsTitle')}</h2>
      <ul>
        {sortFindings(findings).map((finding) => (
          <li
            key={finding.id}
            class={`finding finding-${finding.severity}`}
            data-finding-id={finding.id}
            data-severity={finding.severity}
          >
            <div class="finding-head">
              <SeverityLabel severity={finding.severity} />
              <strong class="finding-title">{findingText(finding, 'title', tOptional, formatDate)}</strong>
            </div>
            <p class="finding-detail">{findingText(finding, 'detail', tOptional, formatDate)}</p>
            {finding.fix && (
              <details class="finding-fix">
                <summary>{t('findingFixToggle')}</summary>
                <p>{findingText(finding, 'fix', tOptional, formatDate)}</p>
              </details>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
