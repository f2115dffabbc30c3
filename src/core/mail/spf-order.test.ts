import { describe, expect, it } from 'vitest';
import { fakeResolver } from '../../../test/helpers/fake-resolver.ts';
import { evaluateSpf } from './spf.ts';

const GOOGLE = 'v=spf1 include:_spf.google.com ~all';
const MICROSOFT = 'v=spf1 include:spf.protection.outlook.com -all';

describe('two SPF records (spf.multiple) in whatever order the resolver gives them', () => {
  it('keeps the same record and lists the same evidence', async () => {
    const forward = await evaluateSpf(
      'example.com',
      fakeResolver({ 'example.com': { TXT: [GOOGLE, MICROSOFT] } }),
    );
    const backward = await evaluateSpf(
      'example.com',
      fakeResolver({ 'example.com': { TXT: [MICROSOFT, GOOGLE] } }),
    );
    expect(forward.spf?.record).toBe(GOOGLE);
    expect(backward.spf).toEqual(forward.spf);
    expect(backward.findings).toEqual(forward.findings);
    expect(forward.findings[0]?.args?.[0]).toBe(`${GOOGLE} | ${MICROSOFT}`);
  });
});
