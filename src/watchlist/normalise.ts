import { parseDomainInput } from '../core/domain.ts';
import type { DomainNormaliser } from './transfer.ts';

/** The core's parser as the watchlist's normaliser: a URL or name to its registrable domain, or the reason it is not one. */
export const normaliseDomain: DomainNormaliser = (input) => {
  const parsed = parseDomainInput(input);
  return parsed.ok
    ? { ok: true, domain: parsed.domain, unicode: parsed.unicode }
    : { ok: false, reason: parsed.reason };
};
