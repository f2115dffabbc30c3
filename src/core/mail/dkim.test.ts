import { describe, expect, it } from 'vitest';
import { fakeResolver } from '../../../test/helpers/fake-resolver.ts';
import { googleWorkspaceZone } from '../../../test/helpers/mail-zones.ts';
import { askDomainKeyParent, COMMON_DKIM_SELECTORS, evaluateDkim, hasDkimKey } from './dkim.ts';

describe('hasDkimKey', () => {
  it('needs a non-empty p= tag', () => {
    expect(hasDkimKey('v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC')).toBe(true);
    expect(hasDkimKey('k=rsa; p=MIGfMA0G CSqGSIb3')).toBe(true);
    expect(hasDkimKey('v=DKIM1; k=rsa; p=')).toBe(false);
    expect(hasDkimKey('v=spf1 -all')).toBe(false);
  });
});

describe('evaluateDkim', () => {
  it('finds the provider’s selector on a healthy Google Workspace domain', async () => {
    const result = await evaluateDkim('example.com', fakeResolver(googleWorkspaceZone()), ['google']);
    expect(result.dkim).toEqual([{ selector: 'google', found: true }]);
    expect(result.findings).toEqual([]);
    expect(result.errors).toEqual([]);
  });

  it('asks the provider’s selectors first, then the common ones, each once', async () => {
    const resolver = fakeResolver({});
    const result = await evaluateDkim('example.com', resolver, ['Selector1', 'selector2', 'zmail']);
    expect(result.checkedSelectors.slice(0, 3)).toEqual(['selector1', 'selector2', 'zmail']);
    expect(result.checkedSelectors).toHaveLength(new Set([...COMMON_DKIM_SELECTORS, 'zmail']).size);
    expect(resolver.log[0]).toBe('selector1._domainkey.example.com TXT');
    expect(new Set(resolver.log).size).toBe(resolver.log.length);
  });

  it('follows a CNAME to the provider’s key, as Microsoft 365 publishes it', async () => {
    const resolver = fakeResolver({
      'selector1._domainkey.example.com': {
        CNAME: 'selector1-example-com._domainkey.example.onmicrosoft.com',
      },
      'selector1-example-com._domainkey.example.onmicrosoft.com': { TXT: ['v=DKIM1; k=rsa; p=MIIBIjANBgkq'] },
    });
    const result = await evaluateDkim('example.com', resolver, ['selector1', 'selector2']);
    expect(result.dkim).toEqual([{ selector: 'selector1', found: true }]);
  });

  it('reports dkim.not-found with the number and names of the selectors tried', async () => {
    const resolver = fakeResolver({ 'default._domainkey.example.com': { TXT: ['v=DKIM1; p='] } });
    const result = await evaluateDkim('example.com', resolver, []);
    const n = COMMON_DKIM_SELECTORS.length;
    expect(result.dkim).toEqual([]);
    expect(result.findings).toEqual([
      { id: 'dkim.not-found', severity: 'info', args: [String(n), COMMON_DKIM_SELECTORS.join(', ')] },
    ]);
  });

  it('does not claim absence when a selector query failed', async () => {
    const resolver = fakeResolver({ 'google._domainkey.example.com': { fail: { reason: 'timeout' } } });
    const result = await evaluateDkim('example.com', resolver, ['google']);
    expect(result.findings).toEqual([]);
    expect(result.errors).toEqual([
      {
        source: 'dns',
        code: 'timeout',
        message: 'timeout (fake)',
        query: 'google._domainkey.example.com TXT',
      },
    ]);
  });

  it('skips selectors that are not DNS labels', async () => {
    const resolver = fakeResolver({});
    const result = await evaluateDkim('example.com', resolver, ['bad selector', '', 'ok-1']);
    expect(result.checkedSelectors[0]).toBe('ok-1');
    expect(result.checkedSelectors).not.toContain('bad selector');
  });
});

describe('evaluateDkim after asking _domainkey.<domain> (RFC 8020)', () => {
  const KEY = 'v=DKIM1; k=rsa; p=MIIBIjANBgkq';

  it('asks no selector when _domainkey does not exist: nothing exists below it', async () => {
    const resolver = fakeResolver({ 'example.com': { TXT: ['v=spf1 -all'] } });
    const result = await evaluateDkim(
      'example.com',
      resolver,
      ['google'],
      askDomainKeyParent('example.com', resolver),
    );
    expect(resolver.log).toEqual(['_domainkey.example.com TXT']);
    expect(result.dkim).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.findings).toEqual([expect.objectContaining({ id: 'dkim.not-found', severity: 'info' })]);
    expect(result.findings[0]?.args?.[1]).toContain('(_domainkey.example.com: NXDOMAIN)');
  });

  it('asks every selector when _domainkey exists without records of its own (an empty non-terminal)', async () => {
    const resolver = fakeResolver({ 'google._domainkey.example.com': { TXT: [KEY] } });
    const parent = askDomainKeyParent('example.com', resolver);
    expect(await parent).toMatchObject({ ok: true, rcode: 'NOERROR', records: [] });
    const result = await evaluateDkim('example.com', resolver, ['google'], parent);
    expect(result.dkim).toEqual([{ selector: 'google', found: true }]);
    expect(resolver.log).toHaveLength(1 + COMMON_DKIM_SELECTORS.length);
  });

  it('asks every selector when the _domainkey question went unanswered: a failure proves nothing', async () => {
    const resolver = fakeResolver({
      '_domainkey.example.com': { fail: { reason: 'timeout' } },
      'google._domainkey.example.com': { TXT: [KEY] },
    });
    const result = await evaluateDkim(
      'example.com',
      resolver,
      ['google'],
      askDomainKeyParent('example.com', resolver),
    );
    expect(result.dkim).toEqual([{ selector: 'google', found: true }]);
    // Only a shortcut: the selectors answered for themselves, so its failure is no error of the check.
    expect(result.errors).toEqual([]);
  });

  it('asks every selector when _domainkey is an alias, even one that leads nowhere', async () => {
    const resolver = fakeResolver({ '_domainkey.example.com': { CNAME: 'gone.example.net' } });
    const result = await evaluateDkim(
      'example.com',
      resolver,
      [],
      askDomainKeyParent('example.com', resolver),
    );
    expect(resolver.log).toHaveLength(1 + COMMON_DKIM_SELECTORS.length);
    expect(result.findings.map((f) => f.id)).toEqual(['dkim.not-found']);
  });
});
