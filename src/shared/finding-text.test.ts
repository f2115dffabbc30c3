import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/types.ts';
import { findingText } from './finding-text.ts';

const finding: Finding = {
  id: 'dmarc.policy-none',
  severity: 'warning',
  title: 'DMARC only monitors',
  detail: 'The record is v=DMARC1; p=none',
  fix: 'Move to quarantine',
  args: ['v=DMARC1; p=none'],
};

describe('findingText', () => {
  it('re-translates from the id and the evidence', () => {
    const lookup = (key: string, subs?: string[]) =>
      key === 'finding_dmarc_policy_none_detail' ? `El registro es ${subs?.[0]}` : null;
    expect(findingText(finding, 'detail', lookup)).toBe('El registro es v=DMARC1; p=none');
  });

  it('keeps the stored words when the catalogue lacks the key', () => {
    expect(findingText(finding, 'title', () => null)).toBe('DMARC only monitors');
  });

  it("shows the evidence's ISO days in the page's format when given one, and nothing else changed", () => {
    const expiring: Finding = { ...finding, id: 'registration.expires-soon', args: ['2026-12-06', '5'] };
    const lookup = (_: string, subs?: string[]) => `expires on ${subs?.[0]}, in ${subs?.[1]} days`;
    const day = (iso: string) => (iso === '2026-12-06' ? 'Dec 6, 2026' : null);
    expect(findingText(expiring, 'detail', lookup, day)).toBe('expires on Dec 6, 2026, in 5 days');
    expect(findingText(expiring, 'detail', lookup)).toBe('expires on 2026-12-06, in 5 days');
  });
});
