import { inject } from 'vitest';
import { type CliIo, runCli } from '../../src/cli/run.ts';
import { mapFetch } from '../stack/map-fetch.ts';

/**
 * The CLI run in-process as a person runs it, against the test world: its output collected, the
 * test hosts mapped to the stack's web server (MTA-STS policies). `io` replaces parts (stdin files).
 */
export async function cli(
  argv: string[],
  io: Partial<CliIo> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli({
    argv,
    env: {},
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    isTty: false,
    fetch: mapFetch({ httpPort: inject('webHttpPort'), httpsPort: inject('webHttpsPort') }),
    now: () => Date.now(),
    ...io,
  });
  return { code, stdout, stderr };
}
