import { tOptional } from '../ui/i18n.ts';

/**
 * RDAP status values ("client transfer prohibited", RFC 8056) in plain words, from the `epp_*`
 * messages; an unknown status is shown as the registry wrote it.
 */
export function statusWords(status: string): string {
  const words = status
    .trim()
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const camel = words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  return tOptional(`epp_${camel}`) ?? tOptional(`epp_${words.join('_')}`) ?? status;
}
