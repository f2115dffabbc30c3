import { browser } from '../shared/browser.ts';
import { popupUrl } from '../shared/client.ts';

/**
 * A click on one of our notifications (ids `<prefix><domain>|…`) opens that domain's report and
 * clears the notification. One listener per prefix; each feature names its own.
 */
export function openReportOnClick(prefix: string): void {
  browser.notifications.onClicked.addListener((id) => {
    if (!id.startsWith(prefix)) return;
    const domain = id.slice(prefix.length).split('|')[0] ?? '';
    void browser.tabs.create({ url: popupUrl(domain) });
    void browser.notifications.clear(id);
  });
}
