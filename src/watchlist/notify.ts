import { LOOKUP_ONLY_FINDINGS } from '../core/checks.ts';
import type { Settings } from '../shared/settings.ts';
import { dueExpiryThreshold, effectiveExpiry } from './expiry.ts';
import type { Change, ChangeKind, NotificationKind, WatchEntry } from './model.ts';

const DAY_MS = 86_400_000;

export interface Notice {
  domain: string;
  unicode: string;
  kind: NotificationKind;
  /** The changes that triggered it (empty for an expiry reminder). */
  changes: Change[];
  /** For kind 'expiry': the threshold crossed (30, 14, 7, 1; 0 = expired) and the date. */
  threshold?: number;
  expires?: string;
}

const CHANGE_NOTICE: Partial<Record<ChangeKind, NotificationKind>> = {
  'mail-provider': 'mail-provider',
  'mail-gateway': 'mail-provider',
  mx: 'mx',
  ns: 'ns',
  registrar: 'registrar',
};

function isAlarming(change: Change): boolean {
  // A lookup failure is already on the row; a flaky resolver must not wake the user up.
  return (
    change.kind === 'finding-appeared' &&
    (change.severity === 'critical' || change.severity === 'warning') &&
    !LOOKUP_ONLY_FINDINGS.has(change.findingId ?? '')
  );
}

function toggle(kind: NotificationKind, settings: Pick<Settings, 'notifications'>): boolean {
  if (kind === 'finding') return settings.notifications.findings;
  if (kind === 'expiry') return settings.notifications.expiry;
  return settings.notifications.changes;
}

/**
 * Decides which notifications one check raises: a new critical/warning finding, an expiry threshold
 * reached, a mail provider/MX/NS/registrar change; at most one per domain and kind per 24 hours, and
 * only the kinds the settings allow. Returns the entry's updated bookkeeping.
 */
export function planNotifications(
  entry: WatchEntry,
  changes: Change[],
  settings: Pick<Settings, 'notifications'>,
  now: number,
): { notices: Notice[]; lastNotified: WatchEntry['lastNotified']; expiryAlert: WatchEntry['expiryAlert'] } {
  const candidates = new Map<NotificationKind, Notice>();
  const add = (kind: NotificationKind, change: Change | null) => {
    const notice = candidates.get(kind) ?? {
      domain: entry.domain,
      unicode: entry.unicode,
      kind,
      changes: [],
    };
    if (change) notice.changes.push(change);
    candidates.set(kind, notice);
  };
  for (const change of changes) {
    if (isAlarming(change)) add('finding', change);
    const kind = CHANGE_NOTICE[change.kind];
    if (kind) add(kind, change);
  }
  const expiry = effectiveExpiry(entry);
  const threshold = dueExpiryThreshold(expiry, entry.expiryAlert, now);
  if (threshold !== null && expiry) {
    add('expiry', null);
    const notice = candidates.get('expiry') as Notice;
    notice.threshold = threshold;
    notice.expires = expiry.date;
  }

  const lastNotified = { ...entry.lastNotified };
  let expiryAlert = entry.expiryAlert;
  const notices: Notice[] = [];
  for (const notice of candidates.values()) {
    const last = lastNotified[notice.kind];
    if (last && now - Date.parse(last) < DAY_MS) continue;
    if (notice.kind === 'expiry' && expiry && notice.threshold !== undefined) {
      // Recorded even when expiry notifications are off, so turning them on later does not replay old reminders.
      expiryAlert = { expires: expiry.date, threshold: notice.threshold };
    }
    if (!toggle(notice.kind, settings)) continue;
    lastNotified[notice.kind] = new Date(now).toISOString();
    notices.push(notice);
  }
  return { notices, lastNotified, expiryAlert };
}
