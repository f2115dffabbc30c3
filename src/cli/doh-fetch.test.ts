import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeResolver } from '../../test/helpers/fake-resolver.ts';
import { dohFetch, lookupThroughDoh } from './doh-fetch.ts';

describe('the CLI resolves the hosts it connects to through the DoH resolver', () => {
  let port = 0;
  const server = createServer((req, res) => res.end(`host=${req.headers.host}`));
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('connects to the address the resolver gave, for a name no system resolver knows', async () => {
    const resolver = fakeResolver({ 'policy.nowhere-but-doh.test': { A: ['127.0.0.1'] } });
    const fetch = dohFetch(resolver, 'https://dns.example/dns-query');
    const response = await fetch(`http://policy.nowhere-but-doh.test:${port}/`);
    await expect(response.text()).resolves.toBe(`host=policy.nowhere-but-doh.test:${port}`);
  });

  it('fails as "not found" when the resolver has no address, without asking the system', async () => {
    const fetch = dohFetch(fakeResolver({}), 'https://dns.example/dns-query');
    await expect(fetch(`http://missing.nowhere-but-doh.test:${port}/`)).rejects.toThrow();
  });

  it('answers A and AAAA together, IPv4 first', async () => {
    const resolver = fakeResolver({ 'dual.example': { A: ['192.0.2.1'], AAAA: ['2001:db8::1'] } });
    expect(await lookupThroughDoh(resolver, 'dual.example')).toEqual([
      { address: '192.0.2.1', family: 4 },
      { address: '2001:db8::1', family: 6 },
    ]);
  });
});
