export interface Badge {
  text: string;
  title: string;
  color: number[];
}

/**
 * The badge text, title and colour for the tab at `urlPattern`. Runs inside the extension (the
 * worker or one of its pages): each driver passes this function to its own `evaluate`, which sends
 * its source, so it may use nothing from this module.
 */
export async function readBadge(urlPattern: string): Promise<Badge> {
  const [tab] = await chrome.tabs.query({ url: urlPattern });
  if (tab?.id === undefined) throw new Error(`no tab for ${urlPattern}`);
  const tabId = tab.id;
  const [text, title, color] = await Promise.all([
    chrome.action.getBadgeText({ tabId }),
    chrome.action.getTitle({ tabId }),
    chrome.action.getBadgeBackgroundColor({ tabId }),
  ]);
  return { text, title, color: [...color] };
}
