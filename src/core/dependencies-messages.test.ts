import { describe, expect, it } from 'vitest';
import { translateFindings } from './findings.ts';
import { bundledTranslator, catalogues } from './i18n/bundled.ts';
import { findingMessageKey } from './i18n/translate.ts';
import type { FindingSpec } from './types.ts';

// The four dependency ids of checks.md, with the evidence dependencies.ts passes: the domain anyone
// could register, then what points under it.
const DEPENDENCY_FINDINGS: [FindingSpec, { en: string; es: string }][] = [
  [
    {
      id: 'spf.include-unregistered',
      severity: 'critical',
      args: ['gone.example', 'include:_spf.gone.example'],
    },
    {
      en: 'Whoever registers gone.example can send mail as you',
      es: 'Quien registre gone.example podrá enviar correo en su nombre',
    },
  ],
  [
    {
      id: 'mail.mx-unregistered',
      severity: 'critical',
      args: ['gone.example', 'mx1.gone.example, mx2.gone.example'],
    },
    {
      en: 'Whoever registers gone.example receives your mail',
      es: 'Quien registre gone.example recibirá su correo',
    },
  ],
  [
    { id: 'dns.ns-unregistered', severity: 'critical', args: ['gone.example', 'ns2.gone.example'] },
    {
      en: 'Whoever registers gone.example controls your DNS',
      es: 'Quien registre gone.example controlará su DNS',
    },
  ],
  [
    { id: 'dmarc.report-domain-unregistered', severity: 'warning', args: ['gone.example', 'd@gone.example'] },
    {
      en: 'whoever registers gone.example reads your reports',
      es: 'quien registre gone.example leerá sus informes',
    },
  ],
];

describe('dependency finding messages', () => {
  it.each(['en', 'es'] as const)('has a title, detail and fix for each in %s', (language) => {
    for (const [{ id }] of DEPENDENCY_FINDINGS) {
      for (const part of ['title', 'detail', 'fix'] as const) {
        expect(catalogues[language][findingMessageKey(id, part)]?.message, `${id} ${part}`).toBeTruthy();
      }
    }
  });

  it.each(['en', 'es'] as const)('names the evidence and says plainly who gains what, in %s', (language) => {
    const findings = translateFindings(
      DEPENDENCY_FINDINGS.map(([spec]) => spec),
      bundledTranslator(language),
    );
    for (const [spec, consequence] of DEPENDENCY_FINDINGS) {
      const finding = findings.find((f) => f.id === spec.id);
      for (const arg of spec.args ?? []) expect(finding?.detail, spec.id).toContain(arg);
      expect(finding?.detail, spec.id).toContain(consequence[language]);
      expect(`${finding?.title} ${finding?.detail} ${finding?.fix}`, spec.id).not.toMatch(
        /\$[A-Z0-9_]+\$|\$[1-9]/,
      );
    }
  });
});
