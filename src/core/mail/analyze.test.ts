import { describe, expect, it } from 'vitest';
import { fakeResolver } from '../../../test/helpers/fake-resolver.ts';
import {
  GOOGLE_MTA_STS_POLICY,
  GOOGLE_MX_HOSTS,
  googleWorkspaceZone,
} from '../../../test/helpers/mail-zones.ts';
import type { FetchLike } from '../types.ts';
import { analyzeMail } from './analyze.ts';

const zone = () => ({
  ...googleWorkspaceZone(),
  ...Object.fromEntries(GOOGLE_MX_HOSTS.map((host, i) => [host, { A: [`192.0.2.${i + 1}`] }])),
});

const policyFetch: FetchLike = async (url) =>
  url === 'https://mta-sts.example.com/.well-known/mta-sts.txt'
    ? new Response(GOOGLE_MTA_STS_POLICY, { headers: { 'content-type': 'text/plain' } })
    : new Response('not found', { status: 404 });

describe('analyzeMail', () => {
  it('reports a healthy Google Workspace domain with its provider and no findings', async () => {
    const resolver = fakeResolver(zone());
    const { mail, findings, errors } = await analyzeMail('example.com', resolver, policyFetch, {
      timeoutMs: 1000,
    });
    expect(mail.provider?.id).toBe('google-workspace');
    expect(mail.spf?.all).toBe('~all');
    expect(mail.dmarc?.policy).toBe('reject');
    expect(mail.mtaSts?.mode).toBe('enforce');
    expect(mail.dkim).toContainEqual({ selector: 'google', found: true });
    expect(findings).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('asks every question once, even the MX and apex TXT that several checks share', async () => {
    const resolver = fakeResolver(zone());
    await analyzeMail('example.com', resolver, policyFetch, { timeoutMs: 1000 });
    expect(resolver.log.length).toBe(new Set(resolver.log).size);
  });

  it('does not report DKIM, MTA-STS, TLS-RPT or BIMI as missing for a parked domain', async () => {
    const resolver = fakeResolver({
      'parked.com': { MX: [{ preference: 0, exchange: '' }], TXT: ['v=spf1 -all'] },
      '_dmarc.parked.com': { TXT: ['v=DMARC1; p=reject; rua=mailto:d@parked.com'] },
    });
    const { mail, findings } = await analyzeMail('parked.com', resolver, policyFetch, { timeoutMs: 1000 });
    expect(mail.acceptsMail).toBe(false);
    expect(findings.map((f) => f.id)).toEqual(['mail.null-mx']);
  });
});

describe('analyzeMail asks less where the RFCs allow it', () => {
  const selectorQuestions = (log: string[]) => log.filter((q) => /^[^_][^ ]*\._domainkey\./.test(q));

  it('asks no DKIM selector when _domainkey.<domain> does not exist (RFC 8020), and says DKIM is absent', async () => {
    const entries = zone();
    delete entries['google._domainkey.example.com'];
    const resolver = fakeResolver(entries);
    const { mail, states } = await analyzeMail('example.com', resolver, policyFetch, { timeoutMs: 1000 });
    expect(resolver.log).toContain('_domainkey.example.com TXT');
    expect(selectorQuestions(resolver.log)).toEqual([]);
    expect(mail.dkim).toEqual([]);
    expect(states.dkim).toBe('absent');
  });

  it('still finds the key when the _domainkey question goes unanswered', async () => {
    const resolver = fakeResolver({ ...zone(), '_domainkey.example.com': { fail: { reason: 'timeout' } } });
    const { mail, states } = await analyzeMail('example.com', resolver, policyFetch, { timeoutMs: 1000 });
    expect(mail.dkim).toContainEqual({ selector: 'google', found: true });
    expect(states.dkim).toBe('found');
  });

  it('never says DKIM is absent when the selector questions went unanswered', async () => {
    const entries = zone();
    delete entries['google._domainkey.example.com'];
    const failing = Object.fromEntries(
      ['_domainkey.example.com', 'google._domainkey.example.com'].map((name) => [
        name,
        { fail: { reason: 'servfail' as const } },
      ]),
    );
    const { states } = await analyzeMail(
      'example.com',
      fakeResolver({ ...entries, ...failing }),
      policyFetch,
      {
        timeoutMs: 1000,
      },
    );
    expect(states.dkim).toBe('unknown');
  });

  it('asks no DKIM selector, MTA-STS, TLS-RPT or BIMI record for a parked domain', async () => {
    const resolver = fakeResolver({
      'parked.com': { MX: [{ preference: 0, exchange: '' }], TXT: ['v=spf1 -all'] },
      'google._domainkey.parked.com': { TXT: ['v=DKIM1; p='] },
    });
    const { states } = await analyzeMail('parked.com', resolver, policyFetch, { timeoutMs: 1000 });
    expect(selectorQuestions(resolver.log)).toEqual([]);
    for (const name of ['_mta-sts.parked.com', '_smtp._tls.parked.com', 'default._bimi.parked.com'])
      expect(resolver.log).not.toContain(`${name} TXT`);
    expect([states.dkim, states['mta-sts'], states['tls-rpt'], states.bimi]).toEqual([
      'not-applicable',
      'not-applicable',
      'not-applicable',
      'not-applicable',
    ]);
  });
});
