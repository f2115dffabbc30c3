import { describe, expect, it } from 'vitest';
import { DEFAULT_DOH_URL } from '../shared/settings.ts';
import { parseCliArgs, UsageError } from './args.ts';

describe('parseCliArgs', () => {
  it('reads check with several inputs and every flag', () => {
    const args = parseCliArgs([
      'check',
      'example.com',
      'https://shop.example.org/x',
      '--json',
      '--doh',
      'http://127.0.0.1:8053/dns-query',
      '--rdap-bootstrap',
      'https://rdap.test/dns.json',
      '--timeout',
      '2500',
      '--fail-on',
      'critical',
      '--input',
      'domains.txt',
      '--lang',
      'es',
    ]);
    expect(args).toEqual({
      command: 'check',
      inputs: ['example.com', 'https://shop.example.org/x'],
      inputFile: 'domains.txt',
      json: true,
      ndjson: false,
      dohUrl: 'http://127.0.0.1:8053/dns-query',
      rdapBootstrapUrl: 'https://rdap.test/dns.json',
      timeoutMs: 2500,
      failOn: 'critical',
      language: 'es',
    });
  });

  it('refuses --json together with --ndjson', () => {
    expect(() => parseCliArgs(['check', 'a.com', '--json', '--ndjson'])).toThrow(UsageError);
  });

  it('takes --input alone, without domains on the command line', () => {
    const args = parseCliArgs(['check', '--input', '-']);
    expect(args.command === 'check' && args.inputFile).toBe('-');
  });

  it('defaults to the same resolver as the extension', () => {
    const args = parseCliArgs(['check', 'example.com']);
    expect(args.command === 'check' && args.dohUrl).toBe(DEFAULT_DOH_URL);
  });

  it('accepts plain http only for loopback resolvers', () => {
    expect(() => parseCliArgs(['check', 'a.com', '--doh', 'http://dns.example/dns-query'])).toThrow(
      UsageError,
    );
    expect(() => parseCliArgs(['check', 'a.com', '--doh', 'http://localhost:1/dns-query'])).not.toThrow();
  });

  it.each([
    [['check']],
    [['verify', 'a.com']],
    [[]],
    [['check', 'a.com', '--timeout', 'soon']],
    [['check', 'a.com', '--fail-on', 'info']],
    [['check', 'a.com', '--doh', 'not a url']],
    [['check', 'a.com', '--bogus-flag']],
  ])('refuses bad usage %j with a UsageError', (argv) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
  });

  it('takes a resolver written as an RFC 8484 URI template', () => {
    const args = parseCliArgs(['check', 'a.com', '--doh', 'https://dns.example/dns-query{?dns}']);
    expect(args.command === 'check' && args.dohUrl).toBe('https://dns.example/dns-query');
  });

  it('speaks Spanish when the environment does', () => {
    const args = parseCliArgs(['check', 'a.com'], { LANG: 'es_ES.UTF-8' });
    expect(args.command === 'check' && args.language).toBe('es');
  });
});
