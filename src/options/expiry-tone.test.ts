import { describe, expect, it } from 'vitest';
import { expiryTone } from './table-model.ts';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const DAY = 86_400_000;
const row = (days: number) => ({ expires: new Date(NOW + days * DAY).toISOString(), daysLeft: days });

describe('the watchlist expiry column', () => {
  it('marks an expired date as expired, not muted', () => {
    expect(expiryTone({ expires: '2026-11-30T00:00:00Z', daysLeft: -2 }, NOW, 30)).toBe('expired');
  });

  it('marks a date within the warning threshold as soon, up to and including the threshold', () => {
    expect(expiryTone(row(0), NOW, 30)).toBe('soon');
    expect(expiryTone(row(12), NOW, 30)).toBe('soon');
    expect(expiryTone(row(30), NOW, 30)).toBe('soon');
    expect(expiryTone(row(31), NOW, 30)).toBe('later');
  });

  it("follows the user's threshold, not a fixed month", () => {
    expect(expiryTone(row(45), NOW, 60)).toBe('soon');
    expect(expiryTone(row(20), NOW, 14)).toBe('later');
  });

  it('leaves an unknown date alone', () => {
    expect(expiryTone({ expires: null, daysLeft: null }, NOW, 30)).toBe('later');
  });
});
