import type { NotPublicReason } from '../core/domain.ts';
import type { ExpiryThresholds } from '../core/rdap/index.ts';
import type { ProviderStatus } from '../core/status/provider-status.ts';
import type { DomainReport } from '../core/types.ts';

/**
 * The one message protocol between the pages (popup, welcome, options) and the service worker.
 * The pages never fetch: they ask the worker and render what it answers.
 */

export type { ExpiryThresholds, NotPublicReason };

/** What the popup shows for one domain or tab. */
export type ReportView =
  | { kind: 'ready'; report: DomainReport; watched: boolean; fromCache: boolean; expiry: ExpiryThresholds }
  | { kind: 'not-public'; input: string; reason: NotPublicReason }
  | { kind: 'failed'; domain: string; message: string }
  | { kind: 'no-page' };

export type Request =
  /** A report for `domain`, or for the page in `tabId`; `refresh` skips the cache. */
  | { type: 'report/get'; domain?: string; tabId?: number; refresh?: boolean }
  /** A cached report only, never a lookup (null when none). */
  | { type: 'report/cached'; domain: string }
  | { type: 'watchlist/add'; domain: string }
  | { type: 'watchlist/remove'; domain: string }
  | { type: 'settings/updated' }
  /** The mail provider's own status for a domain whose report the worker holds (the popup asks after rendering). */
  | { type: 'provider-status/get'; domain: string };

/** The provider-status check for the popup: the statuses, and the report judged again with them. */
export type ProviderStatusView =
  | { kind: 'ready'; statuses: ProviderStatus[]; report: DomainReport }
  | { kind: 'off' }
  | { kind: 'no-report' };

export interface ResponseMap {
  'report/get': ReportView;
  'report/cached': DomainReport | null;
  'watchlist/add': { watched: boolean };
  'watchlist/remove': { watched: boolean };
  'settings/updated': { ok: true };
  'provider-status/get': ProviderStatusView;
}

export type Response<T extends Request['type']> = ResponseMap[T];

const TYPES: ReadonlySet<string> = new Set([
  'report/get',
  'report/cached',
  'watchlist/add',
  'watchlist/remove',
  'settings/updated',
  'provider-status/get',
]);

/** Messages arrive as `unknown` (any extension page or a buggy caller): check the shape before acting. */
export function parseRequest(message: unknown): Request | null {
  if (typeof message !== 'object' || message === null) return null;
  const m = message as Record<string, unknown>;
  if (typeof m.type !== 'string' || !TYPES.has(m.type)) return null;
  const domain = m.domain;
  switch (m.type) {
    case 'report/get': {
      if (domain !== undefined && typeof domain !== 'string') return null;
      if (m.tabId !== undefined && !Number.isInteger(m.tabId)) return null;
      if (domain === undefined && m.tabId === undefined) return null;
      const request: Request = { type: 'report/get' };
      if (typeof domain === 'string') request.domain = domain;
      if (typeof m.tabId === 'number') request.tabId = m.tabId;
      if (m.refresh === true) request.refresh = true;
      return request;
    }
    case 'report/cached':
    case 'provider-status/get':
    case 'watchlist/add':
    case 'watchlist/remove':
      return typeof domain === 'string' && domain.length > 0 && domain.length <= 253
        ? { type: m.type, domain }
        : null;
    case 'settings/updated':
      return { type: 'settings/updated' };
    default:
      return null;
  }
}

/** Page side: a typed request to the worker. */
export function sendRequest<R extends Request>(request: R): Promise<Response<R['type']>> {
  return chrome.runtime.sendMessage(request) as Promise<Response<R['type']>>;
}
