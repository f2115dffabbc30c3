import { describe, expect, it } from 'vitest';
import { parseRequest } from './messages.ts';

describe('parseRequest', () => {
  it('accepts the protocol messages', () => {
    expect(parseRequest({ type: 'report/get', domain: 'example.com' })).toEqual({
      type: 'report/get',
      domain: 'example.com',
    });
    expect(parseRequest({ type: 'report/get', tabId: 3, refresh: true })).toEqual({
      type: 'report/get',
      tabId: 3,
      refresh: true,
    });
    expect(parseRequest({ type: 'watchlist/add', domain: 'example.com' })).toEqual({
      type: 'watchlist/add',
      domain: 'example.com',
    });
  });

  it('refuses unknown types and malformed fields', () => {
    for (const bad of [
      null,
      'report/get',
      { type: 'eval', code: '1' },
      { type: 'report/get' },
      { type: 'report/get', domain: 42 },
      { type: 'report/get', tabId: 1.5 },
      { type: 'watchlist/add' },
      { type: 'watchlist/remove', domain: 'x'.repeat(300) },
    ]) {
      expect(parseRequest(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});
