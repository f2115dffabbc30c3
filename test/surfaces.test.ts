import { describe, expect, it } from 'vitest';
import { checkLines, formatReport, plainStyle, summaryLine } from '../src/cli/format.ts';
import { bundledTranslator } from '../src/core/i18n/bundled.ts';
import { CHECK_STATES, type CheckState, CORE_CHECK_IDS, type DomainReport } from '../src/core/types.ts';
import { reportToMarkdown } from '../src/popup/markdown.ts';
import { checkLabelKey, displayStateOf, stateWordKey } from '../src/shared/check-display.ts';
import { FIXED_NOW, healthyReport, incompleteReport, judged } from './e2e/fixtures/reports.ts';

/**
 * Every state on every surface that renders in Node (the popup's are walked in Chromium by
 * test/e2e/popup.test.ts): a check that could not run never shows as passing or as missing.
 */
function everyCheck(state: CheckState): DomainReport {
  const states = Object.fromEntries(CORE_CHECK_IDS.map((id) => [id, state]));
  return judged({ ...healthyReport(FIXED_NOW), findings: [] }, states);
}

const PASS_OR_MISSING = { en: /passing|not published/, es: /correcto|no publicado/ } as const;

describe.each(['en', 'es'] as const)('every state on every surface (%s)', (lang) => {
  const t = bundledTranslator(lang);

  it.each(CHECK_STATES)('CLI check rows for "%s" use that state\'s mark and words', (state) => {
    const lines = checkLines(everyCheck(state), t, plainStyle);
    expect(lines).toHaveLength(CORE_CHECK_IDS.length);
    const marks = { found: '✓', absent: '–', unknown: '?', unsupported: 'n/a', 'not-applicable': 'n/a' };
    for (const line of lines) expect(line.trim().startsWith(marks[state])).toBe(true);
    if (state === 'unknown') for (const line of lines) expect(line).not.toMatch(PASS_OR_MISSING[lang]);
  });

  it.each(CHECK_STATES)('the Markdown copy writes "%s" in its own words', (state) => {
    const report = everyCheck(state);
    const md = reportToMarkdown(report, { t, date: (iso) => iso ?? null });
    for (const id of CORE_CHECK_IDS) {
      const words = t(stateWordKey(id, displayStateOf(report.checks[id])));
      expect(md).toContain(`- ${t(checkLabelKey(id))}: ${words}`);
    }
    if (state === 'unknown') expect(md).not.toMatch(PASS_OR_MISSING[lang]);
  });

  it('the CLI text says "could not check" for the provider and name servers a resolver outage hid', () => {
    const text = formatReport(incompleteReport(), t, plainStyle, FIXED_NOW);
    expect(text).toContain(`${t('cli_provider')}: ${t('state_unknown')}`);
    expect(text).toContain(`${t('cli_nameservers')}: ${t('state_unknown')}`);
  });

  it('the summary line of a report that could not check everything says so', () => {
    const line = summaryLine(everyCheck('unknown'), t, plainStyle);
    expect(line.startsWith('?')).toBe(true);
    expect(line).toContain(t('verdict_incomplete'));
  });
});

describe('display states', () => {
  it.each(CHECK_STATES)('"%s" is never shown as passing unless it was found', (state) => {
    for (const severity of ['none', 'info', 'warning', 'critical'] as const) {
      const display = displayStateOf({ state, severity });
      if (state !== 'found') expect(display).not.toBe('pass');
      if (state === 'unknown') expect(['unknown', 'fail']).toContain(display);
    }
  });
});
