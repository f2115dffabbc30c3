import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../shared/settings.ts';
import { applyReport } from './apply.ts';
import { dueExpiryThreshold, effectiveExpiry } from './expiry.ts';
import { newEntry, type WatchEntry } from './model.ts';
import { planNotifications } from './notify.ts';
import { summarizeReport } from './summary.ts';
import { finding, registration, report } from './test-helpers.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-26T12:00:00Z');
const settings = { notifications: { ...DEFAULT_SETTINGS.notifications } };

function checked(overrides: Parameters<typeof report>[0] = {}): WatchEntry {
  return {
    ...newEntry('example.com', 'example.com', NOW - 10 * DAY),
    lastReport: summarizeReport(report(overrides)),
  };
}
const expiringIn = (days: number, now = NOW) =>
  registration({ expires: new Date(now + days * DAY + 3_600_000).toISOString() });

describe('expiry reminders', () => {
  it('announce the tightest threshold reached, once', () => {
    const entry = checked({ registration: expiringIn(5) });
    const first = planNotifications(entry, [], settings, NOW);
    expect(first.notices).toEqual([expect.objectContaining({ kind: 'expiry', threshold: 7 })]);
    const again = planNotifications({ ...entry, ...first, lastNotified: {} }, [], settings, NOW + 2 * DAY);
    expect(again.notices).toEqual([]);
  });

  it('announce 30, 14, 7 and 1 days before, then the expiry itself', () => {
    let entry = checked({ registration: expiringIn(40) });
    const seen: number[] = [];
    for (let day = 0; day <= 41; day++) {
      const plan = planNotifications(entry, [], settings, NOW + day * DAY);
      seen.push(...plan.notices.map((n) => n.threshold as number));
      entry = { ...entry, lastNotified: plan.lastNotified, expiryAlert: plan.expiryAlert };
    }
    expect(seen).toEqual([30, 14, 7, 1, 0]);
  });

  it('start over after a renewal moves the date', () => {
    const entry = checked({ registration: expiringIn(5) });
    const plan = planNotifications(entry, [], settings, NOW);
    const renewed = {
      ...entry,
      ...plan,
      lastNotified: {},
      lastReport: summarizeReport(report({ registration: expiringIn(6) })),
    };
    expect(planNotifications(renewed, [], settings, NOW).notices).toHaveLength(1);
  });

  it('use the date entered by hand when the TLD has no RDAP', () => {
    const entry = { ...checked({ registration: null }), manualExpiry: '2026-12-10' };
    expect(effectiveExpiry(entry)).toEqual({ date: '2026-12-10T00:00:00.000Z', source: 'manual' });
    expect(planNotifications(entry, [], settings, NOW).notices[0]).toMatchObject({
      kind: 'expiry',
      threshold: 14,
    });
  });

  it('prefer the registry date over the one entered by hand', () => {
    const entry = { ...checked(), manualExpiry: '2026-12-10' };
    expect(effectiveExpiry(entry)?.source).toBe('rdap');
  });

  it('are silent far from the date', () => {
    expect(dueExpiryThreshold({ date: '2027-06-01T00:00:00Z', source: 'rdap' }, null, NOW)).toBeNull();
  });
});

describe('planNotifications', () => {
  const appeared = (id: string, severity: 'critical' | 'warning' | 'info') => ({
    at: '2026-11-26T12:00:00.000Z',
    kind: 'finding-appeared' as const,
    before: null,
    after: id,
    findingId: id,
    severity,
  });

  it('notifies a new critical or warning finding, not an info one', () => {
    const plan = planNotifications(
      checked(),
      [appeared('spf.pass-all', 'critical'), appeared('bimi.present', 'info')],
      settings,
      NOW,
    );
    expect(plan.notices).toEqual([
      expect.objectContaining({ kind: 'finding', changes: [appeared('spf.pass-all', 'critical')] }),
    ]);
  });

  it('does not wake anyone for a failed lookup', () => {
    expect(
      planNotifications(checked(), [appeared('dns.lookup-failed', 'warning')], settings, NOW).notices,
    ).toEqual([]);
  });

  it('notifies mail provider, MX, NS and registrar changes, one notice per kind', () => {
    const change = (kind: 'mail-provider' | 'mail-gateway' | 'mx' | 'ns' | 'registrar' | 'spf') => ({
      at: '2026-11-26T12:00:00.000Z',
      kind,
      before: 'a',
      after: 'b',
    });
    const plan = planNotifications(
      checked(),
      [
        change('mail-provider'),
        change('mail-gateway'),
        change('mx'),
        change('ns'),
        change('registrar'),
        change('spf'),
      ],
      settings,
      NOW,
    );
    expect(plan.notices.map((n) => [n.kind, n.changes.length])).toEqual([
      ['mail-provider', 2],
      ['mx', 1],
      ['ns', 1],
      ['registrar', 1],
    ]);
  });

  it('sends at most one notice per domain and kind per day', () => {
    const first = planNotifications(checked(), [appeared('spf.pass-all', 'critical')], settings, NOW);
    const entry = { ...checked(), lastNotified: first.lastNotified };
    expect(
      planNotifications(entry, [appeared('dmarc.missing', 'warning')], settings, NOW + DAY - 1).notices,
    ).toEqual([]);
    expect(
      planNotifications(entry, [appeared('dmarc.missing', 'warning')], settings, NOW + DAY).notices,
    ).toHaveLength(1);
  });

  it('respects the notification toggles in the settings', () => {
    const off = { notifications: { findings: false, expiry: false, changes: false } };
    const entry = checked({ registration: expiringIn(3) });
    const plan = planNotifications(entry, [appeared('spf.pass-all', 'critical')], off, NOW);
    expect(plan.notices).toEqual([]);
    expect(plan.lastNotified).toEqual({});
  });
});

describe('applyReport', () => {
  it('records no changes and raises no finding notice on the first check', () => {
    const entry = newEntry('example.com', 'example.com', NOW);
    const outcome = applyReport(
      entry,
      report({ findings: [finding('spf.pass-all', 'critical')] }),
      settings,
      NOW,
    );
    expect(outcome.changes).toEqual([]);
    expect(outcome.notices).toEqual([]);
    expect(outcome.entry.lastReport?.worst).toBe('critical');
  });

  it('adds changes to the front of the history and notifies them', () => {
    const entry = checked();
    const next = report({
      checkedAt: '2026-11-27T12:00:00.000Z',
      mail: { ...report().mail, mx: [{ preference: 5, exchange: 'mx.new-host.net', addresses: [] }] },
    });
    const outcome = applyReport(entry, next, settings, NOW + DAY);
    expect(outcome.entry.history[0]).toMatchObject({ kind: 'mx', after: 'mx.new-host.net' });
    expect(outcome.notices.map((n) => n.kind)).toEqual(['mx']);
    expect(outcome.entry.lastNotified.mx).toBe(new Date(NOW + DAY).toISOString());
  });

  it('clears the last failure once a check succeeds', () => {
    const entry = { ...checked(), lastError: { at: '2026-11-25T00:00:00Z', message: 'timed out' } };
    expect(applyReport(entry, report(), settings, NOW).entry.lastError).toBeNull();
  });
});
