import * as v from 'valibot';
import { type Notes, newEntry, type WatchEntry, type Watchlist } from './model.ts';
import { dayDate, readNotes } from './schema.ts';

/** Edits of the watchlist as pure functions; the background applies them one at a time. */

export function findEntry(watchlist: Watchlist, domain: string): WatchEntry | undefined {
  return watchlist.domains.find((e) => e.domain === domain);
}

export function addDomain(watchlist: Watchlist, domain: string, unicode: string, now: number): Watchlist {
  if (findEntry(watchlist, domain)) return watchlist;
  return { ...watchlist, domains: [...watchlist.domains, newEntry(domain, unicode, now)] };
}

/** Removes a domain and hands back what is needed to undo it (the entry and where it was). */
export function removeDomain(
  watchlist: Watchlist,
  domain: string,
): { watchlist: Watchlist; removed: { entry: WatchEntry; index: number } | null } {
  const index = watchlist.domains.findIndex((e) => e.domain === domain);
  if (index < 0) return { watchlist, removed: null };
  const entry = watchlist.domains[index] as WatchEntry;
  return {
    watchlist: { ...watchlist, domains: watchlist.domains.filter((_, i) => i !== index) },
    removed: { entry, index },
  };
}

/** Undo of a removal: the entry comes back with its notes and history, at its old place. */
export function restoreEntry(watchlist: Watchlist, entry: WatchEntry, index: number): Watchlist {
  if (findEntry(watchlist, entry.domain)) return watchlist;
  const entries = [...watchlist.domains];
  entries.splice(Math.min(Math.max(index, 0), entries.length), 0, entry);
  return { ...watchlist, domains: entries };
}

export function updateEntry(
  watchlist: Watchlist,
  domain: string,
  change: (entry: WatchEntry) => WatchEntry,
): Watchlist {
  return { ...watchlist, domains: watchlist.domains.map((e) => (e.domain === domain ? change(e) : e)) };
}

/** Notes come from a page: validated like any other untrusted input. */
export function setNotes(watchlist: Watchlist, domain: string, notes: unknown): Watchlist {
  const clean: Notes = readNotes(notes);
  return updateEntry(watchlist, domain, (e) => ({ ...e, notes: clean }));
}

/** A hand-entered expiry (YYYY-MM-DD) or null to clear it; a new date resets the reminders for it. */
export function setManualExpiry(watchlist: Watchlist, domain: string, date: string | null): Watchlist {
  if (date !== null && !v.is(dayDate, date)) return watchlist;
  return updateEntry(watchlist, domain, (e) => ({
    ...e,
    manualExpiry: date,
    expiryAlert: e.lastReport?.expires ? e.expiryAlert : null,
  }));
}
