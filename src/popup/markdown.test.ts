import { describe, expect, it } from 'vitest';
import { incompleteReport, warningReport } from '../../test/e2e/fixtures/reports.ts';
import { escapeMarkdown, reportToMarkdown } from './markdown.ts';

const format = {
  t: (key: string, subs?: string[]) => (subs ? `${key}(${subs.join(',')})` : key),
  date: (iso?: string | null) => iso?.slice(0, 10) ?? null,
};

describe('reportToMarkdown', () => {
  it('lists provider, records, expiry and every finding worst first', () => {
    const md = reportToMarkdown(warningReport(), format);
    expect(md).toContain('# dmarc\\-none\\.com');
    expect(md).toContain('Google Workspace');
    expect(md).toContain('`v=spf1 include:_spf.google.com ~all`');
    expect(md).toContain('registrationExpires: 2026-12-12');
    expect(md.indexOf('dmarc.policy-none')).toBeGreaterThan(0);
    expect(md.indexOf('dmarc.policy-none')).toBeLessThan(md.indexOf('mta-sts.missing'));
  });

  it('states the verdict and writes a check that could not run as such, never as not published', () => {
    const md = reportToMarkdown(incompleteReport(), format);
    expect(md).toContain('**verdict_incomplete**');
    expect(md).toContain('check_spf: state_unknown');
    expect(md).not.toContain('state_absent');
    expect(md).not.toContain('mailNotPublished');
  });

  it('escapes remote text so a record cannot inject a link or heading', () => {
    const report = warningReport();
    report.findings = report.findings.map((f) => ({ ...f, title: '[click](javascript:alert(1))\n# owned' }));
    const md = reportToMarkdown(report, format);
    expect(md).not.toContain('[click](javascript');
    expect(md).not.toMatch(/^# owned/m);
  });
});

describe('escapeMarkdown', () => {
  it('escapes active characters and flattens new lines', () => {
    expect(escapeMarkdown('a*b_c\nd')).toBe('a\\*b\\_c d');
  });
});
