import { describe, expect, it } from 'vitest';
import { daysUntil } from './expiry.ts';

const NOW = Date.parse('2026-11-26T12:00:00Z');

describe('daysUntil', () => {
  it('counts a started day as a whole one, like the expiry finding', () => {
    expect(daysUntil('2026-12-03T18:00:00Z', NOW)).toBe(8);
    expect(daysUntil('2026-12-03T12:00:00Z', NOW)).toBe(7);
  });

  it('is negative as soon as the date has passed', () => {
    expect(daysUntil('2026-11-26T06:00:00Z', NOW)).toBe(-1);
    expect(daysUntil('2026-11-20T12:00:00Z', NOW)).toBe(-6);
  });

  it('is null for a missing or unreadable date', () => {
    expect([daysUntil(null, NOW), daysUntil(undefined, NOW), daysUntil('soon', NOW)]).toEqual([
      null,
      null,
      null,
    ]);
  });
});
