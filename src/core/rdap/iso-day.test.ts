import { describe, expect, it } from 'vitest';
import { isoDay } from './dates.ts';

describe('isoDay: the one date format of finding details and the CLI (ISO 8601, UTC)', () => {
  it('gives YYYY-MM-DD of an RDAP instant', () => {
    expect(isoDay('2027-05-03T00:00:00Z')).toBe('2027-05-03');
  });

  it('gives the UTC day of a time with an offset, not its first ten characters', () => {
    expect(isoDay('2027-05-03T01:00:00+02:00')).toBe('2027-05-02');
  });

  it('shows text that is not a date as given, cut to ten characters', () => {
    expect(isoDay('not a date at all')).toBe('not a date');
  });
});
