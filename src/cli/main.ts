import { runCli } from './run.ts';

const code = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY),
  fetch: (input, init) => fetch(input, init),
  now: () => Date.now(),
});
process.exitCode = code;
