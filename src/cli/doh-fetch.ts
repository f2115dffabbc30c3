import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import type { Resolver } from '../core/dns/types.ts';
import type { FetchLike } from '../core/types.ts';
import { nodeFetch } from './node-fetch.ts';

/**
 * The CLI's fetch: every host it connects to (an RDAP server, the MTA-STS policy host) is resolved
 * through the chosen DoH resolver, never the system's, as the privacy promise says and so that the
 * local test world is complete for the CLI. Only the resolver's own host goes through the system
 * (something has to find the resolver), and IP literals need no lookup at all.
 */
export function dohFetch(resolver: Resolver, dohUrl: string): FetchLike {
  const resolverHost = hostOf(dohUrl);
  return nodeFetch({
    lookup: (hostname, options, callback) => {
      // net.connect never looks up an IP literal, so only names arrive here.
      if (hostname.toLowerCase() === resolverHost) {
        // node:dns only here: a resolver given by address never needs it.
        void import('node:dns').then(
          ({ lookup }) => {
            lookup(hostname, options, callback);
          },
          (error: NodeJS.ErrnoException) => callback(error, '', 4),
        );
        return;
      }
      void lookupThroughDoh(resolver, hostname, options).then(
        (addresses) => {
          if (options.all) callback(null, addresses);
          else {
            const [first] = addresses;
            if (first) callback(null, first.address, first.family);
            else callback(notFound(hostname), '', 4);
          }
        },
        (error: NodeJS.ErrnoException) => callback(error, '', 4),
      );
    },
  });
}

/** A and AAAA together; IPv4 first, as Node's default `verbatim: false` ordering did. */
export async function lookupThroughDoh(
  resolver: Resolver,
  hostname: string,
  options: { family?: number | string } = {},
): Promise<LookupAddress[]> {
  const family = Number(options.family ?? 0);
  const types =
    family === 4 ? (['A'] as const) : family === 6 ? (['AAAA'] as const) : (['A', 'AAAA'] as const);
  const answers = await Promise.all(types.map((type) => resolver.query(hostname, type)));
  const addresses: LookupAddress[] = [];
  for (const answer of answers) {
    if (!answer.ok) continue;
    for (const record of answer.records) {
      if (typeof record.data !== 'string') continue;
      const version = isIP(record.data);
      if (version === 4 || version === 6) addresses.push({ address: record.data, family: version });
    }
  }
  if (addresses.length > 0) return addresses;
  const failed = answers.find((a) => !a.ok);
  if (failed && !failed.ok)
    throw Object.assign(new Error(`${hostname}: ${failed.message}`), { code: 'EAI_AGAIN' });
  throw notFound(hostname);
}

function notFound(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${hostname} has no address (DNS over HTTPS)`), { code: 'ENOTFOUND' });
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}
