import { describe, expect, it } from 'vitest';
import { isWorkerEvent, type MessageName, parseRequest } from './messages.ts';

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
    expect(parseRequest({ type: 'watchlist/add', input: 'example.com' })).toEqual({
      type: 'watchlist/add',
      input: 'example.com',
    });
    expect(parseRequest({ type: 'watchlist/get' })).toEqual({ type: 'watchlist/get' });
    expect(parseRequest({ type: 'settings/set', patch: { lookupMode: 'click' } })).toEqual({
      type: 'settings/set',
      patch: { lookupMode: 'click' },
    });
  });

  it('drops fields a message does not have', () => {
    expect(parseRequest({ type: 'watchlist/remove', domain: 'a.com', extra: 'x' })).toEqual({
      type: 'watchlist/remove',
      domain: 'a.com',
    });
  });

  it('refuses unknown types and malformed fields', () => {
    for (const bad of [
      null,
      'report/get',
      { type: 'eval', code: '1' },
      { type: 'toString' },
      { type: '__proto__' },
      { type: 'report/get' },
      { type: 'report/get', domain: 42 },
      { type: 'report/get', tabId: 1.5 },
      { type: 'watchlist/add' },
      { type: 'watchlist/remove', domain: 'x'.repeat(300) },
      { type: 'watchlist/export', format: 'exe' },
      { type: 'watchlist:add', input: 'a.com' },
    ]) {
      expect(parseRequest(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('has one table: every name the worker answers is a message of the protocol', () => {
    const names: MessageName[] = ['report/get', 'settings/get', 'watchlist/get', 'watchlist/check-all'];
    for (const type of names) expect(parseRequest({ type, domain: 'a.com' })?.type).toBe(type);
  });
});

describe('isWorkerEvent', () => {
  it('tells the worker’s broadcasts from requests', () => {
    expect(isWorkerEvent({ event: 'watchlist/changed' })).toBe(true);
    expect(isWorkerEvent({ type: 'watchlist/get' })).toBe(false);
  });
});
