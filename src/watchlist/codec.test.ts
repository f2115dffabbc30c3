import { describe, expect, it } from 'vitest';
import { PACKED_ENCODING, PLAIN_LIMIT_CHARS, packWatchlist, unpackWatchlist } from './codec.ts';
import { sampleWatchlist } from './test-helpers.ts';

const NOW = Date.parse('2026-11-26T12:00:00Z');

describe('the stored layout of the watchlist', () => {
  it('keeps a small watchlist as plain JSON', async () => {
    const small = sampleWatchlist(3, 2, NOW);
    expect(await packWatchlist(small)).toBe(small);
    expect(await unpackWatchlist(small)).toEqual({ ok: true, value: small });
  });

  it('packs a large one losslessly, far smaller than its JSON', async () => {
    const large = sampleWatchlist(400, 20, NOW);
    const packed = (await packWatchlist(large)) as { encoding: string; data: string; version: number };
    expect(JSON.stringify(large).length).toBeGreaterThan(PLAIN_LIMIT_CHARS);
    expect(packed).toMatchObject({ version: 1, encoding: PACKED_ENCODING });
    expect(packed.data.length).toBeLessThan(JSON.stringify(large).length / 4);
    expect(await unpackWatchlist(packed)).toEqual({ ok: true, value: large });
  });

  it('does not guess at an encoding it does not know, nor at damaged data', async () => {
    expect(await unpackWatchlist({ version: 3, encoding: 'zstd', data: 'x' })).toEqual({
      ok: false,
      reason: 'unknown-encoding',
    });
    expect(await unpackWatchlist({ version: 1, encoding: PACKED_ENCODING, data: 'not base64 ✗' })).toEqual({
      ok: false,
      reason: 'damaged',
    });
  });
});
