import { describe, expect, it } from 'vitest';
import { fakeResolver } from '../../../test/helpers/fake-resolver.ts';
import { googleWorkspaceZone } from '../../../test/helpers/mail-zones.ts';
import { evaluateBimi } from './bimi.ts';

const RECORD = 'v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem';

describe('evaluateBimi', () => {
  it('reports bimi.present with the record', async () => {
    const resolver = fakeResolver({ 'default._bimi.example.com': { TXT: [RECORD] } });
    expect(await evaluateBimi('example.com', resolver)).toEqual({
      bimi: { record: RECORD },
      findings: [{ id: 'bimi.present', severity: 'info', args: [RECORD] }],
      errors: [],
    });
  });

  it('reports nothing when there is no BIMI record', async () => {
    expect(await evaluateBimi('example.com', fakeResolver(googleWorkspaceZone()))).toEqual({
      bimi: null,
      findings: [],
      errors: [],
    });
  });

  it('reports a failed query as an error', async () => {
    const resolver = fakeResolver({ 'default._bimi.example.com': { fail: { reason: 'servfail' } } });
    const result = await evaluateBimi('example.com', resolver);
    expect(result.errors).toEqual([
      { source: 'dns', code: 'network', message: 'servfail (fake)', query: 'default._bimi.example.com TXT' },
    ]);
  });
});
