import { describe, expect, it } from 'vitest';
import { createBootstrap, lookupRegistration } from '../../src/core/rdap/index.ts';
import type { FetchLike } from '../../src/core/types.ts';
import { syntheticDomain } from '../helpers/rdap-server.ts';

/**
 * Where RDAP requests may go, outside the loopback test mode: only to the https hosts the bootstrap
 * file names, or to `related` links that are https with public host names (issue 9: a registry
 * answer could make the worker send a GET to a service on the user's network).
 */
const BOOTSTRAP = 'https://bootstrap.test/dns.json';
const REGISTRY = 'https://rdap.registry.example/';

function world(answers: Record<string, () => Response>, registryUrls = [REGISTRY]) {
  const asked: string[] = [];
  const fetch: FetchLike = async (url) => {
    asked.push(url);
    if (url === BOOTSTRAP)
      return Response.json(
        { services: [[['com'], registryUrls]] },
        { headers: { 'content-type': 'application/json' } },
      );
    const answer = answers[url];
    return answer ? answer() : new Response('{}', { status: 404 });
  };
  const bootstrap = createBootstrap({ url: BOOTSTRAP, fetch, now: () => 0, timeoutMs: 1_000 });
  const lookup = (name: string) =>
    lookupRegistration(name, { fetch, now: () => 0, bootstrap, timeoutMs: 1_000 });
  return { lookup, asked };
}

const rdap =
  (json: unknown, init: ResponseInit = {}) =>
  () =>
    new Response(JSON.stringify(json), { headers: { 'content-type': 'application/rdap+json' }, ...init });

const related = (href: string) => ({ rel: 'related', href, type: 'application/rdap+json' });

describe('RDAP host policy', () => {
  it.each([
    ['plain http', 'http://rdap.registrar.example/domain/x.com'],
    ['a private address', 'https://10.0.0.8/domain/x.com'],
    ['a loopback address', 'https://127.0.0.1:8080/domain/x.com'],
    ['a local name', 'https://nas.local/domain/x.com'],
    ['an IPv6 literal', 'https://[fe80::1]/domain/x.com'],
  ])('does not follow a related link to %s, and keeps the registry’s answer', async (_what, link) => {
    const { lookup, asked } = world({
      [`${REGISTRY}domain/x.com`]: rdap(syntheticDomain({ name: 'x.com', links: [related(link)] })),
    });
    const result = await lookup('x.com');
    expect(result.state).toBe('found');
    expect(result.errors).toMatchObject([{ source: 'rdap', code: 'blocked', query: link }]);
    expect(asked).not.toContain(link);
  });

  it('follows a related link to an https host with a public name', async () => {
    const link = 'https://rdap.registrar.example/domain/x.com';
    const { lookup, asked } = world({
      [`${REGISTRY}domain/x.com`]: rdap(syntheticDomain({ name: 'x.com', links: [related(link)] })),
      [link]: rdap(syntheticDomain({ name: 'x.com', registrar: 'Registrar Itself' })),
    });
    const result = await lookup('x.com');
    expect(result.errors).toEqual([]);
    expect(asked).toContain(link);
  });

  it('does not follow a registry redirect to http or into the private network', async () => {
    for (const location of [
      'http://rdap.registry.example/domain/x.com',
      'https://192.168.0.1/domain/x.com',
    ]) {
      const { lookup, asked } = world({
        [`${REGISTRY}domain/x.com`]: () => new Response(null, { status: 302, headers: { location } }),
      });
      const result = await lookup('x.com');
      expect(result.errors, location).toMatchObject([{ code: 'blocked' }]);
      expect(asked).not.toContain(location);
    }
  });

  it('sends nothing to a registry the bootstrap file lists only over plain http', async () => {
    const { lookup, asked } = world({}, ['http://rdap.registry.example/']);
    const result = await lookup('x.com');
    expect(result).toMatchObject({ state: 'unknown', errors: [{ code: 'blocked' }] });
    expect(asked).toEqual([BOOTSTRAP]);
  });
});
