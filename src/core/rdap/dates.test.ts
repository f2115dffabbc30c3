import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysUntil, normalizeRdapDate } from './dates.ts';

describe('normalizeRdapDate', () => {
  it.each([
    ['2021-03-16T17:07:37Z', '2021-03-16T17:07:37.000Z'],
    ['2004-08-30T22:55:00+00:00', '2004-08-30T22:55:00.000Z'],
    ['2028-09-13T07:00:00.000+0000', '2028-09-13T07:00:00.000Z'],
    ['2024-06-18T22:01:39+03:00', '2024-06-18T19:01:39.000Z'],
    ['2020-01-01T00:30:00-0130', '2020-01-01T02:00:00.000Z'],
    ['2014-11-17T16:00:29.0Z', '2014-11-17T16:00:29.000Z'],
    ['2024-06-12T22:09:39.881923Z', '2024-06-12T22:09:39.881Z'],
    ['2023-07-05T00:00:00', '2023-07-05T00:00:00.000Z'],
    ['2023-07-05', '2023-07-05T00:00:00.000Z'],
    ['2023-07-05 12:00:00', '2023-07-05T12:00:00.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeRdapDate(input)).toBe(expected);
  });

  it.each(['', 'yesterday', '2023-02-30T00:00:00Z', '2023-13-01', '05/07/2023', '2023-07-05T25:00:00Z'])(
    'rejects %j',
    (input) => {
      expect(normalizeRdapDate(input)).toBeNull();
    },
  );

  it('rejects non-strings and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.jsonValue()), (value) => {
        const out = normalizeRdapDate(value);
        expect(out === null || !Number.isNaN(Date.parse(out))).toBe(true);
      }),
    );
  });
});

describe('daysUntil', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it('counts a started day as a whole one, like the expiry finding', () => {
    expect(daysUntil('2026-12-08T12:00:00.000Z', now)).toBe(12);
    expect(daysUntil('2026-12-08T11:59:59.000Z', now)).toBe(12);
    expect(daysUntil('2026-12-03T18:00:00Z', now)).toBe(8);
    expect(daysUntil('2026-12-03T12:00:00Z', now)).toBe(7);
  });
  it('is negative as soon as the date has passed', () => {
    expect(daysUntil('2026-11-26T06:00:00Z', now)).toBe(-1);
    expect(daysUntil('2026-11-20T12:00:00.000Z', now)).toBe(-6);
  });
  it('is null for a missing date or one that does not parse', () => {
    expect([daysUntil('soon', now), daysUntil(null, now), daysUntil(undefined, now)]).toEqual([
      null,
      null,
      null,
    ]);
  });
});
