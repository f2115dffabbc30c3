import { describe, expect, it } from 'vitest';
import { fakeResolver } from '../../../test/helpers/fake-resolver.ts';
import { classifyLevel, walkTargets, walkTree } from './dmarc-discovery.ts';

const dmarcQueries = (log: string[]) =>
  log.filter((q) => q.startsWith('_dmarc.')).map((q) => q.replace(/ TXT$/, ''));

describe('walkTargets (RFC 9989 §4.10 steps 3–7, §4.10.1)', () => {
  it('starts at the parent and climbs to the top-level domain', () => {
    expect(walkTargets('a.mail.example.com')).toEqual(['mail.example.com', 'example.com', 'com']);
    expect(walkTargets('example.com')).toEqual(['com']);
    expect(walkTargets('com')).toEqual([]);
  });

  it('jumps to seven labels for a longer name, so the walk never makes more than eight queries', () => {
    // The RFC's own example: a.b.c.d.e.f.g.h.i.j.mail.example.com.
    expect(walkTargets('a.b.c.d.e.f.g.h.i.j.mail.example.com')).toEqual([
      'g.h.i.j.mail.example.com',
      'h.i.j.mail.example.com',
      'i.j.mail.example.com',
      'j.mail.example.com',
      'mail.example.com',
      'example.com',
      'com',
    ]);
    expect(walkTargets('a.b.c.d.e.f.g.h')).toHaveLength(7);
    expect(walkTargets('x.a.b.c.d.e.f.g.h')[0]).toBe('b.c.d.e.f.g.h');
  });
});

describe('classifyLevel (RFC 9989 §4.10 step 2)', () => {
  const level = async (txt: string[]) =>
    classifyLevel(
      await fakeResolver({ '_dmarc.example.com': { TXT: txt } }).query('_dmarc.example.com', 'TXT'),
    );

  it('keeps the one exact v=DMARC1 record and ignores other TXT strings', async () => {
    expect(await level(['google-site-verification=x', 'v=DMARC1; p=reject'])).toMatchObject({
      kind: 'record',
      text: 'v=DMARC1; p=reject',
      parsed: { ok: true },
    });
  });

  it('discards all of several records', async () => {
    expect(await level(['v=DMARC1; p=reject', 'V=DMARC1; p=none'])).toEqual({
      kind: 'multiple',
      texts: ['v=DMARC1; p=reject', 'V=DMARC1; p=none'],
    });
  });

  it('does not count a misspelled version as a second record', async () => {
    expect(await level(['v=DMARC1; p=reject', 'v=dmarc1; p=none'])).toMatchObject({
      kind: 'record',
      text: 'v=DMARC1; p=reject',
    });
  });

  it('reports a near miss of the version as misspelled, naming its first part', async () => {
    expect(await level(['v=dmarc1; p=reject'])).toEqual({
      kind: 'misspelled',
      text: 'v=dmarc1; p=reject',
      part: 'v=dmarc1',
    });
    expect(await level(['v=DMARC1p=reject'])).toMatchObject({ kind: 'misspelled', part: 'v=DMARC1p=reject' });
  });

  it('finds nothing in NODATA, NXDOMAIN or unrelated TXT', async () => {
    expect(await level([])).toEqual({ kind: 'none' });
    expect(await level(['v=spf1 -all', 'v=DMARC2; p=reject'])).toEqual({ kind: 'none' });
    expect(classifyLevel(await fakeResolver({}).query('_dmarc.example.com', 'TXT'))).toEqual({
      kind: 'none',
    });
  });
});

describe('walkTree (RFC 9989 §4.10, §4.10.1, §4.10.2)', () => {
  it('finds nothing above a registrable domain under a TLD without a record, in one query', async () => {
    const resolver = fakeResolver({});
    expect(await walkTree('example.com', resolver)).toEqual({
      applied: null,
      errors: [],
      asked: ['_dmarc.com'],
    });
    expect(dmarcQueries(resolver.log)).toEqual(['_dmarc.com']);
  });

  it('applies a Public Suffix Domain record (psd=y) to a registrable domain under it', async () => {
    const resolver = fakeResolver({
      '_dmarc.bank.example': { TXT: ['v=DMARC1; p=reject; psd=y; rua=mailto:psd@bank.example'] },
    });
    const walk = await walkTree('giant.bank.example', resolver);
    expect(walk.applied).toMatchObject({
      domain: 'bank.example',
      from: 'public-suffix',
      record: { psd: 'y' },
    });
    // Stops at psd=y: the top-level domain is not read.
    expect(walk.asked).toEqual(['_dmarc.bank.example']);
  });

  it('applies the Organizational Domain record to a subdomain, not an intermediate one', async () => {
    // §4.10.2 rule 3: the record with the fewest labels is the Organizational Domain.
    const resolver = fakeResolver({
      '_dmarc.mail.example.com': { TXT: ['v=DMARC1; p=none'] },
      '_dmarc.example.com': { TXT: ['v=DMARC1; p=reject; sp=quarantine'] },
    });
    const walk = await walkTree('a.mail.example.com', resolver);
    expect(walk.applied).toMatchObject({
      domain: 'example.com',
      from: 'organizational',
      text: 'v=DMARC1; p=reject; sp=quarantine',
    });
    expect(walk.asked).toEqual(['_dmarc.mail.example.com', '_dmarc.example.com', '_dmarc.com']);
  });

  it('stops at psd=n: that domain is the Organizational Domain (§4.10.2 rule 1)', async () => {
    const resolver = fakeResolver({
      '_dmarc.mail.example.com': { TXT: ['v=DMARC1; p=quarantine; psd=n'] },
      '_dmarc.example.com': { TXT: ['v=DMARC1; p=reject'] },
    });
    const walk = await walkTree('a.mail.example.com', resolver);
    expect(walk.applied).toMatchObject({ domain: 'mail.example.com', from: 'organizational' });
    expect(walk.asked).toEqual(['_dmarc.mail.example.com']);
  });

  it('prefers the Organizational Domain below a psd=y record over the PSD record (§4.10.2 rule 2)', async () => {
    const resolver = fakeResolver({
      '_dmarc.example.com': { TXT: ['v=DMARC1; p=quarantine'] },
      '_dmarc.com': { TXT: ['v=DMARC1; p=reject; psd=y'] },
    });
    expect((await walkTree('a.b.example.com', resolver)).applied).toMatchObject({
      domain: 'example.com',
      from: 'organizational',
    });
  });

  it('falls back to the PSD record when the Organizational Domain below it has none', async () => {
    const resolver = fakeResolver({
      '_dmarc.b.example.com': { TXT: ['v=DMARC1; p=none'] },
      '_dmarc.com': { TXT: ['v=DMARC1; p=reject; psd=y'] },
    });
    // Organizational Domain: example.com (one label below com), which publishes nothing.
    expect((await walkTree('a.b.example.com', resolver)).applied).toMatchObject({
      domain: 'com',
      from: 'public-suffix',
    });
  });

  it('skips levels with several records (they are discarded) and keeps climbing', async () => {
    const resolver = fakeResolver({
      '_dmarc.mail.example.com': { TXT: ['v=DMARC1; p=none; psd=n', 'v=DMARC1; p=reject'] },
      '_dmarc.example.com': { TXT: ['v=DMARC1; p=quarantine'] },
    });
    expect((await walkTree('a.mail.example.com', resolver)).applied).toMatchObject({ domain: 'example.com' });
  });

  it('stops at a discarded record with psd=y, and applies nothing when no usable record is left', async () => {
    const resolver = fakeResolver({ '_dmarc.com': { TXT: ['v=DMARC1; psd=y'] } });
    expect(await walkTree('example.com', resolver)).toEqual({
      applied: null,
      errors: [],
      asked: ['_dmarc.com'],
    });
  });

  it('makes at most seven queries above a domain of any depth', async () => {
    const resolver = fakeResolver({});
    const deep = `${'x.'.repeat(40)}example.com`;
    const walk = await walkTree(deep, resolver);
    expect(walk.asked).toHaveLength(7);
    expect(dmarcQueries(resolver.log)).toHaveLength(7);
  });

  it('reports an unanswered question the walk needed, and still uses what it found', async () => {
    const resolver = fakeResolver({
      '_dmarc.mail.example.com': { fail: { reason: 'timeout' } },
      '_dmarc.example.com': { TXT: ['v=DMARC1; p=reject'] },
    });
    const walk = await walkTree('a.mail.example.com', resolver);
    expect(walk.applied).toMatchObject({ domain: 'example.com' });
    expect(walk.errors).toEqual([
      { source: 'dns', code: 'timeout', message: 'timeout (fake)', query: '_dmarc.mail.example.com TXT' },
    ]);
  });

  it('ignores a failed question beyond the point where the walk stops', async () => {
    const resolver = fakeResolver({
      '_dmarc.example.com': { TXT: ['v=DMARC1; p=reject; psd=n'] },
      '_dmarc.com': { fail: { reason: 'servfail' } },
    });
    expect((await walkTree('a.example.com', resolver)).errors).toEqual([]);
  });
});
