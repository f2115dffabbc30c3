import { browser } from '../shared/browser.ts';
import { normalizeSettings, type Settings } from '../shared/settings.ts';
import { SETTINGS_KEY } from '../shared/storage.ts';
import type { WorkerContext } from './context.ts';

/** The settings a report depends on: who was asked, and where the expiry thresholds sat. */
const REPORT_INPUTS: (keyof Settings)[] = [
  'dohUrl',
  'rdapBootstrapUrl',
  'expiryWarningDays',
  'expiryCriticalDays',
];

export function invalidatesReports(oldValue: unknown, newValue: unknown): boolean {
  const before = normalizeSettings(oldValue);
  const after = normalizeSettings(newValue);
  return REPORT_INPUTS.some((key) => before[key] !== after[key]);
}

/**
 * A report made through another resolver, registry list or threshold would show what no longer
 * applies (and a cached one is used without asking again): drop them so the next view asks anew.
 */
export function watchSettingsChanges(ctx: WorkerContext): void {
  browser.storage.onChanged.addListener((changes, areaName) => {
    const change = changes[SETTINGS_KEY];
    if (areaName !== 'local' || !change) return;
    if (invalidatesReports(change.oldValue, change.newValue)) void ctx.cache.clear();
  });
}
