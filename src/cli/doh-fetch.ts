import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import type { Agent } from 'undici';
import type { Resolver } from '../core/dns/types.ts';
import type { FetchLike } from '../core/types.ts';

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * The CLI's fetch: every host it connects to (an RDAP server, the MTA-STS policy host) is resolved
 * through the chosen DoH resolver, never the system's, as the privacy promise says and so that the
 * local test world is complete for the CLI. Only the resolver's own host goes through the system
 * (something has to find the resolver), and IP literals need no lookup at all.
 */
export function dohFetch(resolver: Resolver, dohUrl: string): FetchLike {
  const resolverHost = hostOf(dohUrl);
  let agent: Agent | undefined;
  return async (input, init) => {
    const host = hostOf(input);
    if (host === resolverHost || isIP(host.replace(/^\[|\]$/g, '')) !== 0) return fetch(input, init);
    const undici = await loadUndici();
    agent ??= dohAgent(undici.Agent, resolver);
    return undici.fetch(input, { ...(init as object), dispatcher: agent }) as unknown as Promise<Response>;
  };
}

// undici is most of the CLI's code: loaded on the first connection that needs it, so that `--help`,
// argument errors and a report whose every host is an IP literal start without it.
let undiciModule: Promise<typeof import('undici')> | undefined;
function loadUndici(): Promise<typeof import('undici')> {
  undiciModule ??= import('undici');
  return undiciModule;
}

function dohAgent(AgentClass: typeof Agent, resolver: Resolver): Agent {
  return new AgentClass({
    connect: {
      lookup: (hostname: string, options: LookupOptions, callback: LookupCallback) => {
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
