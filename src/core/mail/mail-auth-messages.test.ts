import { describe, expect, it } from 'vitest';
import en from '../../../locales/en/mail-auth.json' with { type: 'json' };
import es from '../../../locales/es/mail-auth.json' with { type: 'json' };
import { fakeResolver } from '../../../test/helpers/fake-resolver.ts';
import {
  GOOGLE_MTA_STS_POLICY,
  GOOGLE_MX_HOSTS,
  googleWorkspaceZone,
} from '../../../test/helpers/mail-zones.ts';
import { translateFindings } from '../findings.ts';
import { bundledTranslator } from '../i18n/bundled.ts';
import { findingMessageKey } from '../i18n/translate.ts';
import type { FindingSpec } from '../types.ts';
import { evaluateBimi } from './bimi.ts';
import { evaluateDkim } from './dkim.ts';
import { evaluateDmarc } from './dmarc.ts';
import { evaluateMtaSts } from './mta-sts.ts';
import { evaluateSpf } from './spf.ts';
import { evaluateTlsRpt } from './tls-rpt.ts';

/** Every finding the mail-auth modules emit, with the number of args each carries. */
const ARG_COUNTS: Record<string, number> = {
  'spf.missing': 1,
  'spf.multiple': 2,
  'spf.syntax': 3,
  'spf.too-many-lookups': 2,
  'spf.void-lookups': 2,
  'spf.include-broken': 3,
  'spf.pass-all': 4,
  'spf.neutral-all': 1,
  'spf.ptr': 2,
  'dmarc.missing': 1,
  'dmarc.multiple': 2,
  'dmarc.syntax': 2,
  'dmarc.policy-none': 1,
  'dmarc.partial': 2,
  'dmarc.no-reports': 1,
  'dmarc.external-reports-unauthorized': 2,
  'mta-sts.missing': 1,
  'mta-sts.policy-unreachable': 2,
  'mta-sts.mx-mismatch': 3,
  'tls-rpt.missing': 1,
  'tls-rpt.syntax': 2,
  'dkim.not-found': 2,
  'bimi.present': 1,
};

const PARTS = ['title', 'detail', 'fix'] as const;

describe('mail-auth messages', () => {
  it('has a title, detail and fix in English and Spanish for every finding, and nothing else', () => {
    const expected = Object.keys(ARG_COUNTS)
      .flatMap((id) => PARTS.map((part) => findingMessageKey(id, part)))
      .sort();
    expect(Object.keys(en).sort()).toEqual(expected);
    expect(Object.keys(es).sort()).toEqual(expected);
  });

  it('fills every placeholder from the finding’s args and shows them all in the detail', () => {
    for (const language of ['en', 'es'] as const) {
      const t = bundledTranslator(language);
      for (const [id, count] of Object.entries(ARG_COUNTS)) {
        const args = Array.from({ length: count }, (_, i) => `‹arg${i + 1}›`);
        const [finding] = translateFindings([{ id, severity: 'info', args }], t);
        for (const part of PARTS) {
          expect(finding?.[part], `${language} ${id} ${part}`).not.toMatch(/\$|finding_/);
        }
        for (const arg of args)
          expect(finding?.detail, `${language} ${id} detail shows ${arg}`).toContain(arg);
      }
    }
  });

  it('differs between English and Spanish', () => {
    const key = findingMessageKey('dmarc.policy-none', 'fix');
    expect(bundledTranslator('es')(key)).not.toBe(bundledTranslator('en')(key));
  });
});

describe('a healthy Google Workspace domain', () => {
  it('yields no mail-authentication finding and no error', async () => {
    const resolver = fakeResolver(googleWorkspaceZone());
    const fetch = async () =>
      new Response(GOOGLE_MTA_STS_POLICY, { status: 200, headers: { 'content-type': 'text/plain' } });
    const results = await Promise.all([
      evaluateSpf('example.com', resolver),
      evaluateDmarc('example.com', resolver),
      evaluateMtaSts('example.com', resolver, fetch, GOOGLE_MX_HOSTS, { timeoutMs: 1000 }),
      evaluateTlsRpt('example.com', resolver),
      evaluateDkim('example.com', resolver, ['google']),
      evaluateBimi('example.com', resolver),
    ]);
    const findings: FindingSpec[] = results.flatMap((r) => r.findings);
    expect(findings).toEqual([]);
    expect(results.flatMap((r) => r.errors)).toEqual([]);
  });
});
