import { LOOKUP_ONLY_FINDINGS } from '../core/checks.ts';
import { sortFindings, worstSeverity } from '../core/findings.ts';
import type { Translate } from '../core/i18n/translate.ts';
import { daysUntil } from '../core/rdap/dates.ts';
import type { DomainReport, Finding } from '../core/types.ts';
import { checkLabelKey, resolverUnreachable, uncheckedIds } from '../shared/check-display.ts';
import { findingText } from '../shared/finding-text.ts';

/** What the toolbar shows for one tab; computed without chrome.* so it can be tested as a rule. */
export interface BadgeState {
  text: string;
  color: string;
  title: string;
}

export const BADGE_COLORS = {
  critical: '#c5221f',
  warning: '#b06000',
  checking: '#5f6368',
  none: '#5f6368',
} as const;

export function checkingBadge(domain: string, t: Translate): BadgeState {
  return { text: '…', color: BADGE_COLORS.checking, title: t('badgeTitleChecking', [domain]) };
}

export function clearedBadge(t: Translate): BadgeState {
  return { text: '', color: BADGE_COLORS.none, title: t('extName') };
}

/**
 * Healthy (info findings at most): no badge. Critical: red, warning: amber. When the registration
 * expires within the warning threshold the text is the days left ("12d"), because that number is
 * the one thing the owner must act on; otherwise "!".
 */
export function reportBadge(
  report: DomainReport,
  expiry: { warningDays: number },
  now: number,
  t: Translate,
): BadgeState {
  const actionable = sortFindings(
    report.findings.filter((f) => f.severity !== 'info' && !LOOKUP_ONLY_FINDINGS.has(f.id)),
  );
  const worst = worstSeverity(actionable);
  const days = daysUntil(report.registration?.expires, now);
  const expiresSoon = days !== null && days >= 0 && days <= expiry.warningDays;
  const title = badgeTitle(report, actionable[0]);
  // A resolver outage must not paint every site amber: "could not check" is a neutral "?".
  if (worst === null && report.verdict === 'incomplete')
    return { text: '?', color: BADGE_COLORS.none, title: incompleteTitle(report, t) };
  if (worst === null && !expiresSoon) return { text: '', color: BADGE_COLORS.none, title: title(t) };
  const color = worst === 'critical' ? BADGE_COLORS.critical : BADGE_COLORS.warning;
  return { text: expiresSoon ? `${days}d` : '!', color, title: title(t) };
}

function incompleteTitle(report: DomainReport, t: Translate): string {
  const resolver = resolverUnreachable(report);
  const why = resolver
    ? t('reason_resolver_unreachable', [resolver.args?.[0] ?? ''])
    : t('verdict_incomplete_detail', [
        uncheckedIds(report)
          .map((id) => t(checkLabelKey(id)))
          .join(', '),
        '',
      ]);
  return t('badgeTitleFinding', [report.unicode, `${t('verdict_incomplete')}. ${why}`.trim()]);
}

function badgeTitle(report: DomainReport, worst: Finding | undefined): (t: Translate) => string {
  return (t) => {
    if (!worst) return t('badgeTitleHealthy', [report.unicode]);
    // The worker's translate answers the key itself when it is missing: treat that as absent.
    const title = findingText(worst, 'title', (key, subs) => {
      const text = t(key, subs);
      return text && text !== key ? text : null;
    });
    return t('badgeTitleFinding', [report.unicode, title]);
  };
}
