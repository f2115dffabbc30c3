import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../shared/settings.ts';
import { createClientFactory } from './clients.ts';
import { memoryCaches } from './test-caches.ts';

const RDAP = 'https://rdap.example/domain/a.example';

function world() {
  const { caches } = memoryCaches(() => 0);
  const asked: string[] = [];
  const network = async (url: string) => {
    asked.push(url);
    return new Response(JSON.stringify({ objectClassName: 'domain', answer: asked.length }), {
      status: 200,
      headers: { 'content-type': 'application/rdap+json' },
    });
  };
  return { asked, clients: createClientFactory(network, caches, () => 0) };
}

describe('the clients a lookup gets', () => {
  it("for an incognito tab's check again, fetch RDAP anew and keep nothing of it", async () => {
    const { asked, clients } = world();
    const answer = async (use: Parameters<typeof clients>[1]) =>
      ((await (await clients(DEFAULT_SETTINGS, use).fetch(RDAP)).json()) as { answer: number }).answer;
    expect(await answer('normal')).toBe(1);
    expect(await answer('private')).toBe(1);
    expect(await answer('private-recheck')).toBe(2);
    // The stored answer is still the first: the private one replaced nothing.
    expect(await answer('normal')).toBe(1);
    expect(asked).toHaveLength(2);
  });

  it('for a check again, fetch RDAP anew and keep the new answer', async () => {
    const { asked, clients } = world();
    await clients(DEFAULT_SETTINGS, 'normal').fetch(RDAP);
    await clients(DEFAULT_SETTINGS, 'recheck').fetch(RDAP);
    await clients(DEFAULT_SETTINGS, 'normal').fetch(RDAP);
    expect(asked).toHaveLength(2);
  });
});
