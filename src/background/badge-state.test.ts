import { describe, expect, it } from 'vitest';
import {
  criticalReport,
  FIXED_NOW,
  healthyReport,
  incompleteReport,
  noRdapReport,
  warningReport,
} from '../../test/e2e/fixtures/reports.ts';
import { BADGE_COLORS, checkingBadge, reportBadge } from './badge-state.ts';

// Like the worker's translate: a missing key answers the key itself.
const t = (key: string, subs?: string[]) =>
  key.startsWith('finding_') ? key : `${key}(${(subs ?? []).join('|')})`;
const expiry = { warningDays: 30 };

describe('reportBadge', () => {
  it('shows nothing for a healthy domain (info findings do not count)', () => {
    expect(reportBadge(healthyReport(), expiry, FIXED_NOW, t).text).toBe('');
    expect(reportBadge(noRdapReport(), expiry, FIXED_NOW, t).text).toBe('');
  });

  it('is a neutral "?" when the report could not check everything, never amber or red', () => {
    const badge = reportBadge(incompleteReport(), expiry, FIXED_NOW, t);
    expect(badge).toMatchObject({ text: '?', color: BADGE_COLORS.none });
    expect(badge.title).toContain('reason_resolver_unreachable(http://127.0.0.1:9/dns-query)');
  });

  it('is red with a mark for a critical finding', () => {
    const badge = reportBadge(criticalReport(), expiry, FIXED_NOW, t);
    expect(badge).toMatchObject({ text: '!', color: BADGE_COLORS.critical });
  });

  it('shows the days left in amber when the domain expires within the warning threshold', () => {
    const badge = reportBadge(warningReport(), expiry, FIXED_NOW, t);
    expect(badge).toMatchObject({ text: '16d', color: BADGE_COLORS.warning });
  });

  it('shows the days left only within the threshold the user chose', () => {
    expect(reportBadge(warningReport(), { warningDays: 10 }, FIXED_NOW, t).text).toBe('!');
  });

  it('names the domain and the worst finding in the title', () => {
    const report = criticalReport();
    const worst = report.findings.find((f) => f.id === 'mail.mx-unresolvable');
    expect(reportBadge(report, expiry, FIXED_NOW, t).title).toBe(
      `badgeTitleFinding(dangling-mx.com|${worst?.title})`,
    );
    expect(reportBadge(healthyReport(), expiry, FIXED_NOW, t).title).toBe(
      'badgeTitleHealthy(acme-google.com)',
    );
  });

  it('has a neutral mark while checking', () => {
    expect(checkingBadge('example.com', t)).toMatchObject({ text: '…', color: BADGE_COLORS.checking });
  });
});
