import { describe, expect, it } from 'vitest';
import { bundledTranslator } from '../core/i18n/bundled.ts';
import { noticeText } from './notice-text.ts';
import type { Notice } from './notify.ts';

const date = (iso: string) => iso.slice(0, 10);
const base = { domain: 'example.com', unicode: 'example.com', changes: [] };

describe('noticeText', () => {
  it('names the days and the date of an expiry reminder', () => {
    const notice: Notice = { ...base, kind: 'expiry', threshold: 7, expires: '2026-12-01T00:00:00Z' };
    expect(noticeText(notice, bundledTranslator('en'), date)).toEqual({
      title: 'example.com expires in 7 days or less',
      message: expect.stringContaining('2026-12-01'),
    });
  });

  it('says a domain has expired, in Spanish too', () => {
    const notice: Notice = { ...base, kind: 'expiry', threshold: 0, expires: '2026-11-20T00:00:00Z' };
    expect(noticeText(notice, bundledTranslator('es'), date).title).toBe('example.com ha vencido');
  });

  it('shows the old and the new MX hosts of a change', () => {
    const notice: Notice = {
      ...base,
      kind: 'mx',
      changes: [
        { at: '2026-11-26T00:00:00Z', kind: 'mx', before: 'mx1.example.net', after: 'mx2.example.net' },
      ],
    };
    expect(noticeText(notice, bundledTranslator('en'), date)).toEqual({
      title: 'Mail servers (MX) changed for example.com',
      message: 'Mail servers (MX): mx1.example.net → mx2.example.net',
    });
  });

  it('lists a new finding by its translated title', () => {
    const notice: Notice = {
      ...base,
      kind: 'finding',
      changes: [
        {
          at: '2026-11-26T00:00:00Z',
          kind: 'finding-appeared',
          before: null,
          after: 'spf.pass-all',
          findingId: 'spf.pass-all',
          severity: 'critical',
        },
      ],
    };
    const text = noticeText(notice, bundledTranslator('en'), date);
    expect(text.title).toBe('New problem on example.com');
    expect(text.message).not.toBe('');
    expect(text.message).not.toContain('finding_');
  });
});
