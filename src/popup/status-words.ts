import { tOptional } from '../ui/i18n.ts';

/**
 * RDAP status values ("client transfer prohibited", RFC 8056) in plain words, from the registration
 * module's `rdap_status_*` messages (the key rule of src/core/rdap/epp-status.ts); null for a status
 * without an explanation, which is then shown as the registry wrote it.
 */
export function statusWords(status: string): string | null {
  const normalized = status.trim().toLowerCase().replace(/\s+/g, ' ');
  return tOptional(`rdap_status_${normalized.replace(/[^a-z0-9]+/g, '_')}`);
}
