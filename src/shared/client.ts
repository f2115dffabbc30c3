import { browser } from './browser.ts';
import {
  type Envelope,
  isWorkerEvent,
  type MessageName,
  type Protocol,
  type ResponseOf,
  type WorkerEvent,
} from './messages.ts';

/**
 * The pages' side of the protocol (popup, first-run page, options): one typed call per message.
 * A handler that failed in the worker rejects here with its reason, so a page never mistakes an
 * error for an answer (nor a failed save for "Saved").
 */
export async function ask<N extends MessageName>(
  type: N,
  ...fields: Protocol[N]['request'] extends Record<string, never> ? [] : [Protocol[N]['request']]
): Promise<ResponseOf<N>> {
  const envelope = (await browser.runtime.sendMessage({ type, ...(fields[0] ?? {}) })) as
    | Envelope<ResponseOf<N>>
    | undefined;
  if (!envelope || typeof envelope !== 'object') throw new Error('the extension did not answer');
  if (!envelope.ok) throw new Error(envelope.error);
  return envelope.value;
}

/** Calls `listener` when the worker says something changed; returns the unsubscribe. */
export function onWorkerEvent(name: WorkerEvent['event'], listener: () => void): () => void {
  const handler = (message: unknown) => {
    if (isWorkerEvent(message) && message.event === name) listener();
    // Not answering: other listeners (and the worker) may.
    return undefined;
  };
  browser.runtime.onMessage.addListener(handler);
  return () => browser.runtime.onMessage.removeListener(handler);
}

/** An extension page's address (the popup for a domain, the options page). */
export function pageUrl(path: string): string {
  return browser.runtime.getURL(path);
}

/** The popup's report of `domain`, opened in a tab (from the watchlist or a notification). */
export function popupUrl(domain: string): string {
  return pageUrl(`popup.html?domain=${encodeURIComponent(domain)}`);
}

/** The options page: as the browser opens it, or at a given place (`?domain=…`, `#watchlist`). */
export function openOptions(query = '', hash = ''): void {
  if (query === '' && hash === '') void browser.runtime.openOptionsPage();
  else void browser.tabs.create({ url: pageUrl(`src/options/index.html${query}${hash}`) });
}
