import { describe, expect, it } from 'vitest';
import en from '../../../locales/en/spf.json' with { type: 'json' };
import es from '../../../locales/es/spf.json' with { type: 'json' };
import { translateFindings } from '../findings.ts';
import { bundledTranslator } from '../i18n/bundled.ts';
import { findingMessageKey } from '../i18n/translate.ts';
import type { FindingSpec } from '../types.ts';

const record = `v=spf1 ${'ip4:192.0.2.1 '.repeat(33)}-all`;

/** The SPF findings whose words changed or are new, with the evidence spf.ts passes as args. */
const SPF_FINDINGS: FindingSpec[] = [
  { id: 'spf.record-too-long', severity: 'warning', args: [String(record.length), 'example.com', record] },
  {
    id: 'spf.pass-all',
    severity: 'critical',
    args: [
      '_spf.vendor.example',
      'v=spf1 ip4:0.0.0.0/0 -all',
      'ip4:0.0.0.0/0',
      'example.com → include:_spf.vendor.example',
    ],
  },
  {
    id: 'spf.syntax',
    severity: 'critical',
    args: ['v=spf1 -all exp=%{r}.example.com', 'exp=%{r}.example.com', 'RFC 7208 §7.2'],
  },
  { id: 'spf.too-many-lookups', severity: 'critical', args: ['1', 'mx:big.example.net (11 MX)'] },
];

describe('SPF messages', () => {
  it('keeps the keys of locales/*/spf.json the same in English and Spanish', () => {
    const expected = ['title', 'detail', 'fix'].map((part) =>
      findingMessageKey('spf.record-too-long', part as 'title'),
    );
    expect(Object.keys(en).sort()).toEqual([...expected].sort());
    expect(Object.keys(es).sort()).toEqual([...expected].sort());
  });

  it.each(['en', 'es'] as const)(
    'shows all the evidence in the detail and leaves no placeholder, in %s',
    (language) => {
      for (const finding of translateFindings(SPF_FINDINGS, bundledTranslator(language))) {
        for (const arg of finding.args ?? []) expect(finding.detail, finding.id).toContain(arg);
        for (const part of [finding.title, finding.detail, finding.fix])
          expect(part, finding.id).not.toMatch(/\$[A-Z0-9_]+\$|\$[1-9]|finding_/);
      }
    },
  );

  it('names the term to remove in the fix of spf.pass-all and spf.syntax', () => {
    const [passAll, syntax] = translateFindings(SPF_FINDINGS.slice(1, 3), bundledTranslator('en'));
    expect(passAll?.fix).toContain('"ip4:0.0.0.0/0"');
    expect(syntax?.fix).toContain('"exp=%{r}.example.com"');
  });

  it('says it in Spanish, not in English, for Spanish users', () => {
    const english = translateFindings(SPF_FINDINGS, bundledTranslator('en'));
    const spanish = translateFindings(SPF_FINDINGS, bundledTranslator('es'));
    spanish.forEach((finding, i) => {
      for (const part of ['title', 'detail', 'fix'] as const)
        expect(finding[part], `${finding.id} ${part}`).not.toBe(english[i]?.[part]);
    });
  });
});
