import type { FindingSpec, Registration } from '../types.ts';
import { daysSince, daysUntil, isoDay } from './dates.ts';
import { isGenericTld } from './tld.ts';

/** Days before expiry at which registration.expires-soon turns warning, then critical (settings). */
export interface ExpiryThresholds {
  warningDays: number;
  criticalDays: number;
}

export const DEFAULT_EXPIRY_THRESHOLDS: ExpiryThresholds = { warningDays: 30, criticalDays: 7 };

const NEWLY_REGISTERED_WARNING_DAYS = 30;
const NEWLY_REGISTERED_INFO_DAYS = 180;
const RECENTLY_CHANGED_DAYS = 7;
const DAY_MS = 86_400_000;

const REDEMPTION_STATUSES = ['redemption period', 'pending restore'];
const HOLD_STATUSES = ['client hold', 'server hold'];
const TRANSFER_LOCKS = ['client transfer prohibited', 'server transfer prohibited'];

export function registrationFindings(
  registration: Registration,
  now: number,
  thresholds: ExpiryThresholds,
  tld: string,
): FindingSpec[] {
  return [
    ...expiryFindings(registration, now, thresholds),
    ...statusFindings(registration.status, tld),
    ...ageFindings(registration, now),
  ];
}

function expiryFindings(
  registration: Registration,
  now: number,
  thresholds: ExpiryThresholds,
): FindingSpec[] {
  const { expires } = registration;
  const days = daysUntil(expires, now);
  if (!expires || days === null) {
    return [{ id: 'registration.no-expiry-published', severity: 'info', args: [registration.rdapUrl] }];
  }
  if (Date.parse(expires) <= now) {
    return [
      {
        id: 'registration.expired',
        severity: 'critical',
        args: [isoDay(expires), String(daysSince(expires, now) ?? 0)],
      },
    ];
  }
  const criticalDays = Math.min(thresholds.criticalDays, thresholds.warningDays);
  if (days <= criticalDays) {
    return [{ id: 'registration.expires-soon', severity: 'critical', args: [isoDay(expires), String(days)] }];
  }
  if (days <= thresholds.warningDays) {
    return [{ id: 'registration.expires-soon', severity: 'warning', args: [isoDay(expires), String(days)] }];
  }
  return [];
}

function statusFindings(status: string[], tld: string): FindingSpec[] {
  const findings: FindingSpec[] = [];
  const redemption = status.find((s) => REDEMPTION_STATUSES.includes(s));
  if (redemption) findings.push({ id: 'registration.redemption', severity: 'critical', args: [redemption] });
  if (status.includes('pending delete')) {
    findings.push({ id: 'registration.pending-delete', severity: 'critical', args: ['pending delete'] });
  }
  const hold = status.find((s) => HOLD_STATUSES.includes(s));
  if (hold) findings.push({ id: 'registration.on-hold', severity: 'critical', args: [hold] });
  // ccTLD registries have their own transfer rules (often none of the EPP locks), and a registry
  // that publishes no status at all says nothing either way: only judge gTLDs that list statuses.
  if (isGenericTld(tld) && status.length > 0 && !status.some((s) => TRANSFER_LOCKS.includes(s))) {
    findings.push({ id: 'registration.no-transfer-lock', severity: 'warning', args: [status.join(', ')] });
  }
  return findings;
}

function ageFindings(registration: Registration, now: number): FindingSpec[] {
  const findings: FindingSpec[] = [];
  const { created, updated } = registration;
  const age = created ? daysSince(created, now) : null;
  if (created && age !== null && Date.parse(created) <= now) {
    if (age < NEWLY_REGISTERED_WARNING_DAYS) {
      findings.push({
        id: 'registration.newly-registered',
        severity: 'warning',
        args: [isoDay(created), String(age)],
      });
    } else if (age < NEWLY_REGISTERED_INFO_DAYS) {
      findings.push({
        id: 'registration.newly-registered',
        severity: 'info',
        args: [isoDay(created), String(age)],
      });
    }
  }
  const sinceChange = updated ? now - Date.parse(updated) : Number.NaN;
  // A first "last changed" equal to the registration date is the registration itself, not a change.
  const isCreation =
    created !== null && updated !== null && Math.abs(Date.parse(updated) - Date.parse(created)) < 60_000;
  if (updated && sinceChange >= 0 && sinceChange <= RECENTLY_CHANGED_DAYS * DAY_MS && !isCreation) {
    findings.push({
      id: 'registration.recently-changed',
      severity: 'info',
      args: [isoDay(updated), String(Math.floor(sinceChange / DAY_MS))],
    });
  }
  return findings;
}
