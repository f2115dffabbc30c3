import { describe, expect, it } from 'vitest';
import { translateFindings } from '../findings.ts';
import { bundledTranslator } from '../i18n/bundled.ts';
import type { FindingSpec, Registration } from '../types.ts';
import { registrationFindings } from './findings.ts';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW + days * DAY).toISOString();
const thresholds = { warningDays: 30, criticalDays: 7 };

function healthy(overrides: Partial<Registration> = {}): Registration {
  return {
    rdapUrl: 'https://rdap.example/domain/shop.com',
    registrar: {
      name: 'Example Registrar',
      ianaId: '9999',
      url: null,
      abuseEmail: 'abuse@x.example',
      abusePhone: null,
    },
    created: at(-2000),
    expires: at(400),
    updated: at(-90),
    status: ['client transfer prohibited'],
    nameservers: ['ns1.example.net'],
    dnssecSigned: false,
    ...overrides,
  };
}

const find = (specs: FindingSpec[], id: string) => specs.filter((f) => f.id === `registration.${id}`);

describe('registrationFindings', () => {
  it('a healthy gTLD registration yields nothing', () => {
    expect(registrationFindings(healthy(), NOW, thresholds, 'com')).toEqual([]);
  });

  it('expired: critical with the date and how long ago', () => {
    const specs = registrationFindings(healthy({ expires: at(-3) }), NOW, thresholds, 'com');
    expect(find(specs, 'expired')).toEqual([
      { id: 'registration.expired', severity: 'critical', args: [at(-3).slice(0, 10), '3'] },
    ]);
    expect(find(specs, 'expires-soon')).toEqual([]);
  });

  it('expires-soon: warning within the warning threshold', () => {
    const specs = registrationFindings(healthy({ expires: at(20) }), NOW, thresholds, 'com');
    expect(find(specs, 'expires-soon')).toEqual([
      { id: 'registration.expires-soon', severity: 'warning', args: [at(20).slice(0, 10), '20'] },
    ]);
  });

  it('expires-soon: critical within the critical threshold, on its boundary too', () => {
    const specs = registrationFindings(healthy({ expires: at(7) }), NOW, thresholds, 'com');
    expect(find(specs, 'expires-soon')[0]?.severity).toBe('critical');
  });

  it('expires-soon: nothing one day past the warning threshold', () => {
    expect(registrationFindings(healthy({ expires: at(31) }), NOW, thresholds, 'com')).toEqual([]);
  });

  it('expires-soon: a few hours more than the critical threshold is a warning, not critical', () => {
    // 7 days and 12 hours left: more than 7 days, so only the warning applies (docs/checks.md "≤ 7 days").
    const specs = registrationFindings(healthy({ expires: at(7.5) }), NOW, thresholds, 'com');
    expect(find(specs, 'expires-soon')).toEqual([
      { id: 'registration.expires-soon', severity: 'warning', args: [at(7.5).slice(0, 10), '8'] },
    ]);
  });

  it('expires-soon: a date written 8 days ahead and read seconds later is still a warning', () => {
    const specs = registrationFindings(healthy({ expires: at(8) }), NOW + 5_000, thresholds, 'com');
    expect(find(specs, 'expires-soon')[0]?.severity).toBe('warning');
  });

  it('expires-soon: nothing when a little more than the warning threshold is left', () => {
    expect(registrationFindings(healthy({ expires: at(30.5) }), NOW, thresholds, 'com')).toEqual([]);
    expect(registrationFindings(healthy({ expires: at(31) }), NOW + 5_000, thresholds, 'com')).toEqual([]);
  });

  it('expires-soon: the last day before expiry counts as 1 day left, not 0', () => {
    const specs = registrationFindings(healthy({ expires: at(0.25) }), NOW, thresholds, 'com');
    expect(find(specs, 'expires-soon')).toEqual([
      { id: 'registration.expires-soon', severity: 'critical', args: [at(0.25).slice(0, 10), '1'] },
    ]);
  });

  it('expires-soon honours custom thresholds', () => {
    const specs = registrationFindings(
      healthy({ expires: at(45) }),
      NOW,
      { warningDays: 60, criticalDays: 14 },
      'com',
    );
    expect(find(specs, 'expires-soon')[0]?.severity).toBe('warning');
  });

  it('no-expiry-published: info naming the RDAP URL', () => {
    const specs = registrationFindings(healthy({ expires: null }), NOW, thresholds, 'no');
    expect(specs).toEqual([
      {
        id: 'registration.no-expiry-published',
        severity: 'info',
        args: ['https://rdap.example/domain/shop.com'],
      },
    ]);
  });

  it.each(['redemption period', 'pending restore'])('redemption: critical for "%s"', (status) => {
    const specs = registrationFindings(
      healthy({ status: ['client transfer prohibited', status] }),
      NOW,
      thresholds,
      'com',
    );
    expect(find(specs, 'redemption')).toEqual([
      { id: 'registration.redemption', severity: 'critical', args: [status] },
    ]);
  });

  it('pending-delete: critical', () => {
    const specs = registrationFindings(
      healthy({ status: ['pending delete', 'server transfer prohibited'] }),
      NOW,
      thresholds,
      'com',
    );
    expect(find(specs, 'pending-delete')).toEqual([
      { id: 'registration.pending-delete', severity: 'critical', args: ['pending delete'] },
    ]);
  });

  it.each(['client hold', 'server hold'])('on-hold: critical for "%s"', (status) => {
    const specs = registrationFindings(
      healthy({ status: ['client transfer prohibited', status] }),
      NOW,
      thresholds,
      'com',
    );
    expect(find(specs, 'on-hold')).toEqual([
      { id: 'registration.on-hold', severity: 'critical', args: [status] },
    ]);
  });

  it('no-transfer-lock: warning on a gTLD without either transfer lock, listing the statuses', () => {
    const specs = registrationFindings(healthy({ status: ['active'] }), NOW, thresholds, 'com');
    expect(find(specs, 'no-transfer-lock')).toEqual([
      { id: 'registration.no-transfer-lock', severity: 'warning', args: ['active'] },
    ]);
  });

  it('no-transfer-lock: a server transfer lock is enough', () => {
    const specs = registrationFindings(
      healthy({ status: ['server transfer prohibited'] }),
      NOW,
      thresholds,
      'xyz',
    );
    expect(find(specs, 'no-transfer-lock')).toEqual([]);
  });

  it.each(['es', 'fr', 'xn--p1ai'])('no-transfer-lock: never for the ccTLD .%s', (tld) => {
    expect(
      find(registrationFindings(healthy({ status: ['active'] }), NOW, thresholds, tld), 'no-transfer-lock'),
    ).toEqual([]);
  });

  it('no-transfer-lock: not judged when the registry publishes no status at all', () => {
    expect(
      find(registrationFindings(healthy({ status: [] }), NOW, thresholds, 'com'), 'no-transfer-lock'),
    ).toEqual([]);
  });

  it('newly-registered: warning under 30 days, with the date and age', () => {
    const specs = registrationFindings(
      healthy({ created: at(-10), updated: at(-10) }),
      NOW,
      thresholds,
      'com',
    );
    expect(find(specs, 'newly-registered')).toEqual([
      { id: 'registration.newly-registered', severity: 'warning', args: [at(-10).slice(0, 10), '10'] },
    ]);
    // The registration itself is not reported as a change as well.
    expect(find(specs, 'recently-changed')).toEqual([]);
  });

  it('newly-registered: info under 180 days, nothing after', () => {
    expect(
      find(
        registrationFindings(healthy({ created: at(-100) }), NOW, thresholds, 'com'),
        'newly-registered',
      )[0]?.severity,
    ).toBe('info');
    expect(
      find(registrationFindings(healthy({ created: at(-180) }), NOW, thresholds, 'com'), 'newly-registered'),
    ).toEqual([]);
  });

  it('recently-changed: info within 7 days of the last change, nothing after', () => {
    expect(
      find(registrationFindings(healthy({ updated: at(-2) }), NOW, thresholds, 'com'), 'recently-changed'),
    ).toEqual([{ id: 'registration.recently-changed', severity: 'info', args: [at(-2).slice(0, 10), '2'] }]);
    expect(
      find(registrationFindings(healthy({ updated: at(-8) }), NOW, thresholds, 'com'), 'recently-changed'),
    ).toEqual([]);
  });

  it('every registration finding has a title, a detail with its evidence and a fix, in English and Spanish', () => {
    const specs = [
      ...registrationFindings(
        healthy({ expires: at(-3), status: ['redemption period', 'pending delete', 'server hold'] }),
        NOW,
        thresholds,
        'com',
      ),
      ...registrationFindings(
        healthy({ expires: at(5), created: at(-5), updated: at(-1) }),
        NOW,
        thresholds,
        'com',
      ),
      ...registrationFindings(healthy({ expires: null, updated: at(-1) }), NOW, thresholds, 'com'),
      { id: 'registration.no-rdap', severity: 'info' as const, args: ['pe', 'https://punto.pe/'] },
      {
        id: 'registration.lookup-failed',
        severity: 'warning' as const,
        args: ['server error (HTTP 503)', 'https://r.example/domain/x.com'],
      },
    ];
    const ids = new Set(specs.map((s) => s.id));
    expect(ids.size).toBe(11);
    for (const language of ['en', 'es'] as const) {
      for (const finding of translateFindings(specs, bundledTranslator(language))) {
        expect(finding.title, finding.id).not.toMatch(/^finding_/);
        expect(finding.fix, finding.id).not.toMatch(/^finding_/);
        for (const arg of finding.args ?? [])
          expect(finding.detail, `${language} ${finding.id}`).toContain(arg);
      }
    }
  });
});
