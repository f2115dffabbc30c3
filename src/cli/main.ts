import { dohFetch } from './doh-fetch.ts';
import { nodeFetch } from './node-fetch.ts';
import { runCli } from './run.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// No top-level await: the build is CommonJS (scripts/build-cli.mjs).
void runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY),
  fetch: nodeFetch(),
  now: () => Date.now(),
  hostFetch: dohFetch,
  // node:fs/promises only for --input: most runs read no file.
  readInput: async (path) =>
    path === '-' ? readStdin() : (await import('node:fs/promises')).readFile(path, 'utf8'),
}).then((code) => {
  process.exitCode = code;
});
