import { describe, expect, it } from 'vitest';
import { createTranslator } from '../core/i18n/translate.ts';
import { emptyWatchlist, newEntry } from '../watchlist/model.ts';
import { summarizeReport } from '../watchlist/summary.ts';
import { finding, registration, report } from '../watchlist/test-helpers.ts';
import { watchlistAlert } from './watchlist-badge.ts';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const t = createTranslator({ badge_watchlist_critical: { message: 'Watchlist: $1 critical' } });
const settings = { expiryCriticalDays: 7 };

function watched(domain: string, overrides: Parameters<typeof report>[0] = {}) {
  return { ...newEntry(domain, domain, NOW), lastReport: summarizeReport(report({ domain, ...overrides })) };
}

describe('watchlistAlert', () => {
  it('is empty when no watched domain is critical', () => {
    const list = {
      ...emptyWatchlist(),
      domains: [watched('ok.com', { findings: [finding('dmarc.policy-none', 'warning')] })],
    };
    expect(watchlistAlert(list, settings, NOW, t)).toEqual({ critical: [], text: '', title: '' });
  });

  it('marks a watched domain with a critical finding and names it in the title', () => {
    const list = {
      ...emptyWatchlist(),
      domains: [watched('ok.com'), watched('bad.com', { findings: [finding('spf.pass-all', 'critical')] })],
    };
    expect(watchlistAlert(list, settings, NOW, t)).toEqual({
      critical: ['bad.com'],
      text: '★1',
      title: 'Watchlist: bad.com critical',
    });
  });

  it('counts a domain that expires within the critical threshold, also by a date entered by hand', () => {
    const soon = watched('soon.com', { registration: registration({ expires: '2026-11-30T00:00:00Z' }) });
    const manual = { ...newEntry('x.pe', 'x.pe', NOW), manualExpiry: '2026-11-28' };
    expect(
      watchlistAlert({ ...emptyWatchlist(), domains: [soon, manual] }, settings, NOW, t).critical,
    ).toEqual(['soon.com', 'x.pe']);
  });
});
