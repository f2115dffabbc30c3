import { describe, expect, it } from 'vitest';
import { translateFindings } from '../findings.ts';
import { bundledTranslator, catalogues } from '../i18n/bundled.ts';
import { findingMessageKey } from '../i18n/translate.ts';
import type { FindingSpec } from '../types.ts';

// Every "Mail: routing" id of docs/checks.md, with the evidence routing.ts passes as args.
const ROUTING_FINDINGS: FindingSpec[] = [
  { id: 'mail.no-mx', severity: 'warning', args: ['example.com'] },
  { id: 'mail.null-mx', severity: 'info', args: ['example.com'] },
  { id: 'mail.mx-unresolvable', severity: 'critical', args: ['gone.example.com'] },
  { id: 'mail.mx-is-cname', severity: 'warning', args: ['mail.example.com → host.example.net'] },
  { id: 'mail.mx-is-ip', severity: 'warning', args: ['192.0.2.25'] },
  { id: 'mail.single-point-of-failure', severity: 'warning', args: ['203.0.113.10', 'mx1.example.com'] },
  { id: 'mail.shared-with-web', severity: 'info', args: ['198.51.100.80', 'mx.example.com', 'example.com'] },
];

describe('mail routing messages', () => {
  it.each(['en', 'es'] as const)(
    'has a title, detail and fix for every routing finding in %s',
    (language) => {
      for (const { id } of ROUTING_FINDINGS) {
        for (const part of ['title', 'detail', 'fix'] as const) {
          expect(catalogues[language][findingMessageKey(id, part)]?.message, `${id} ${part}`).toBeTruthy();
        }
      }
    },
  );

  it.each(['en', 'es'] as const)('shows all the evidence in the detail, in %s', (language) => {
    for (const finding of translateFindings(ROUTING_FINDINGS, bundledTranslator(language))) {
      for (const arg of finding.args ?? []) expect(finding.detail, finding.id).toContain(arg);
      expect(finding.detail, finding.id).not.toMatch(/\$[A-Z0-9_]+\$|\$[1-9]/);
    }
  });

  it('says it in Spanish, not in English, for Spanish users', () => {
    const english = translateFindings(ROUTING_FINDINGS, bundledTranslator('en'));
    const spanish = translateFindings(ROUTING_FINDINGS, bundledTranslator('es'));
    spanish.forEach((finding, i) => {
      expect(finding.title).not.toBe(english[i]?.title);
      expect(finding.fix).not.toBe(english[i]?.fix);
    });
  });
});
