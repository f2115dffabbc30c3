import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from './args.ts';

describe('parseCliArgs: --smtp', () => {
  it('is off unless asked for', () => {
    const args = parseCliArgs(['check', 'a.com']);
    expect(args.command === 'check' && args.smtp).toBeUndefined();
  });

  it('probes port 25 with the system trust store by default', () => {
    const args = parseCliArgs(['check', 'a.com', '--smtp']);
    expect(args.command === 'check' && args.smtp).toEqual({ port: null, caFile: null });
  });

  it('takes a test port and an extra CA file', () => {
    const args = parseCliArgs(['check', 'a.com', '--smtp', '--smtp-port', '2525', '--smtp-ca', 'ca.pem']);
    expect(args.command === 'check' && args.smtp).toEqual({ port: 2525, caFile: 'ca.pem' });
  });

  it.each([
    [['check', 'a.com', '--smtp', '--smtp-port', '0']],
    [['check', 'a.com', '--smtp', '--smtp-port', '65536']],
    [['check', 'a.com', '--smtp', '--smtp-port', '25x']],
    [['check', 'a.com', '--smtp-port', '2525']],
    [['check', 'a.com', '--smtp-ca', 'ca.pem']],
  ])('refuses %j', (argv) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
  });
});
