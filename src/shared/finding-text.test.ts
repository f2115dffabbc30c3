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
});
