import { describe, expect, it } from 'vitest';
import { translateFindings } from '../findings.ts';
import { bundledTranslator, type Language } from '../i18n/bundled.ts';
import { findingMessageKey } from '../i18n/translate.ts';
import type { Severity } from '../types.ts';

/** docs/checks.md, DNS section: every id with its evidence (the args its emitter passes). */
const DNS_FINDINGS: { id: string; severity: Severity; args: string[] }[] = [
  { id: 'dns.nxdomain', severity: 'critical', args: ['example.com'] },
  { id: 'dns.dnssec-broken', severity: 'critical', args: ['example.com'] },
  { id: 'dns.single-nameserver', severity: 'warning', args: ['example.com', '1', 'ns1.example.net'] },
  {
    id: 'dns.nameservers-single-provider',
    severity: 'info',
    args: ['example.com', 'dnsprovider.net', 'a.dnsprovider.net, b.dnsprovider.net'],
  },
  { id: 'dns.dnssec-unsigned', severity: 'info', args: ['example.com'] },
  { id: 'dns.lookup-failed', severity: 'warning', args: ['example.com NS, _dmarc.example.com TXT'] },
];

describe.each<Language>(['en', 'es'])('DNS finding messages in %s', (language) => {
  const t = bundledTranslator(language);

  it.each(DNS_FINDINGS)('$id has a title, a detail and a fix', ({ id }) => {
    for (const part of ['title', 'detail', 'fix'] as const) {
      const key = findingMessageKey(id, part);
      expect(t(key), key).not.toBe(key);
    }
  });

  it.each(DNS_FINDINGS)('$id shows its evidence in the detail', (spec) => {
    const [finding] = translateFindings([spec], t);
    for (const arg of spec.args) expect(finding?.detail).toContain(arg);
    expect(`${finding?.title} ${finding?.detail} ${finding?.fix}`).not.toMatch(/\$[A-Z0-9]/);
  });
});

describe('Spanish DNS messages', () => {
  it('are translated, not copied from English', () => {
    const en = bundledTranslator('en');
    const es = bundledTranslator('es');
    for (const { id } of DNS_FINDINGS) {
      expect(es(findingMessageKey(id, 'fix'))).not.toBe(en(findingMessageKey(id, 'fix')));
    }
  });
});
