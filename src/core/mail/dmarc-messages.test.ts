import { describe, expect, it } from 'vitest';
import en from '../../../locales/en/dmarc.json' with { type: 'json' };
import es from '../../../locales/es/dmarc.json' with { type: 'json' };
import { translateFindings } from '../findings.ts';
import { bundledTranslator } from '../i18n/bundled.ts';
import { findingMessageKey } from '../i18n/translate.ts';
import type { FindingSpec } from '../types.ts';

const RECORD = 'v=DMARC1; p=reject; pct=0; t=y; rua=mailto:d@example.com';

/** The DMARCbis findings of locales/*\/dmarc.json, with the evidence dmarc-findings.ts passes. */
const DMARC_FINDINGS: FindingSpec[] = [
  {
    id: 'dmarc.tag-invalid',
    severity: 'warning',
    args: ['pct=150, rua=ftp://x.example.com', RECORD, 'reject'],
  },
  { id: 'dmarc.subdomain-policy-none', severity: 'warning', args: ['sp=none', RECORD] },
  { id: 'dmarc.obsolete-tags', severity: 'info', args: ['pct=0', RECORD] },
  { id: 'dmarc.testing', severity: 'info', args: [RECORD, 'reject', 'quarantine'] },
];

/** Existing keys whose words changed with DMARCbis (they stay in mail-auth.json). */
const CHANGED: FindingSpec[] = [
  { id: 'dmarc.syntax', severity: 'critical', args: ['v=DMARC1; p=block', 'p=block'] },
  { id: 'dmarc.partial', severity: 'info', args: ['0', RECORD] },
  { id: 'dmarc.no-reports', severity: 'info', args: [RECORD] },
];

const PARTS = ['title', 'detail', 'fix'] as const;

describe('DMARCbis finding messages', () => {
  it('has a title, detail and fix in English and Spanish for every new finding, and nothing else', () => {
    const expected = DMARC_FINDINGS.flatMap(({ id }) =>
      PARTS.map((part) => findingMessageKey(id, part)),
    ).sort();
    expect(Object.keys(en).sort()).toEqual(expected);
    expect(Object.keys(es).sort()).toEqual(expected);
  });

  it.each(['en', 'es'] as const)(
    'shows all the evidence in the detail and leaves no placeholder, in %s',
    (language) => {
      for (const finding of translateFindings([...DMARC_FINDINGS, ...CHANGED], bundledTranslator(language))) {
        for (const arg of finding.args ?? []) expect(finding.detail, finding.id).toContain(arg);
        for (const part of PARTS)
          expect(finding[part], `${finding.id} ${part}`).not.toMatch(/\$[A-Z0-9_]+\$|\$[1-9]|finding_/);
      }
    },
  );

  it('says it in Spanish, not in English, for Spanish users', () => {
    const english = translateFindings([...DMARC_FINDINGS, ...CHANGED], bundledTranslator('en'));
    const spanish = translateFindings([...DMARC_FINDINGS, ...CHANGED], bundledTranslator('es'));
    spanish.forEach((finding, i) => {
      for (const part of PARTS) expect(finding[part], `${finding.id} ${part}`).not.toBe(english[i]?.[part]);
    });
  });

  it('explains pct=0 under both RFCs, and t=y as one level lower', () => {
    const t = bundledTranslator('en');
    const [partial] = translateFindings([CHANGED[1] as FindingSpec], t);
    expect(partial?.detail).toMatch(/RFC 7489.*pct=0, to none of it/);
    expect(partial?.detail).toMatch(/RFC 9989.*ignore it and apply the policy to all/);
    const [testing] = translateFindings([DMARC_FINDINGS[3] as FindingSpec], t);
    expect(testing?.detail).toContain('apply quarantine instead');
  });
});
