import { readFile } from 'node:fs/promises';
import { dohFetch } from './doh-fetch.ts';
import { runCli } from './run.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const code = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY),
  fetch: (input, init) => fetch(input, init),
  now: () => Date.now(),
  hostFetch: dohFetch,
  readInput: (path) => (path === '-' ? readStdin() : readFile(path, 'utf8')),
});
process.exitCode = code;
