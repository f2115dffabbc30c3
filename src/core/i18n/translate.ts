/**
 * The core never calls chrome.i18n itself: it is handed a `Translate` function. In the extension
 * that is chrome.i18n.getMessage; in Node (CLI, tests) it is built from the same _locales files
 * by {@link createTranslator}, so both speak the same words.
 */
export type Translate = (key: string, substitutions?: string[]) => string;

export interface ChromeMessage {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

export type MessageCatalogue = Record<string, ChromeMessage>;

/** The chrome.i18n.getMessage algorithm: named $PLACEHOLDER$s, then $1..$9, then "$$" → "$". */
export function formatMessage(entry: ChromeMessage, substitutions: string[] = []): string {
  const placeholders = Object.fromEntries(
    Object.entries(entry.placeholders ?? {}).map(([name, value]) => [name.toLowerCase(), value.content]),
  );
  const withNamed = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
    const content = placeholders[name.toLowerCase()];
    return content === undefined ? whole : content;
  });
  return withNamed.replace(/\$(\$|[1-9])/g, (_whole, what: string) =>
    what === '$' ? '$' : (substitutions[Number(what) - 1] ?? ''),
  );
}

/** A translator over one or more catalogues, the first that has a key wins (e.g. es, then en). */
export function createTranslator(...catalogues: MessageCatalogue[]): Translate {
  return (key, substitutions) => {
    for (const catalogue of catalogues) {
      const entry = catalogue[key];
      if (entry) return formatMessage(entry, substitutions);
    }
    return key;
  };
}

/** The message key of one part of a finding: `dmarc.policy-none` → `finding_dmarc_policy_none_title`. */
export function findingMessageKey(id: string, part: 'title' | 'detail' | 'fix'): string {
  return `finding_${id.replace(/[^A-Za-z0-9]/g, '_')}_${part}`;
}
