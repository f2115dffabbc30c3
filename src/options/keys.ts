/** chrome.i18n keys allow only [A-Za-z0-9_]: reason codes such as "not-https" become "not_https". */
export function messageKey(prefix: string, code: string): string {
  return `${prefix}${code.replace(/[^A-Za-z0-9_]/g, '_')}`;
}
