import { describeStatus } from '../core/rdap/epp-status.ts';
import { tOptional } from '../ui/i18n.ts';

/**
 * An RDAP status ("client transfer prohibited", RFC 8056) in plain words, with ICANN's page for
 * its EPP code; `words` is null for a status without an explanation (shown as the registry wrote it).
 */
export function statusWords(status: string): { words: string | null; icannUrl: string | null } {
  const info = describeStatus(status);
  return { words: info.messageKey ? tOptional(info.messageKey) : null, icannUrl: info.icannUrl };
}
