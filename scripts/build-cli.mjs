// Builds the command line into plain JavaScript (dist/cli/domain-insight.js), so that a run starts
// in Node directly instead of compiling TypeScript through tsx every time. `npm ci` and
// `npm install` run it through the root `prepare` script; `npm run build` runs it too.
// Everything is bundled (the locale catalogues and data files included), so dist/cli needs
// neither src/ nor node_modules. undici is split into a chunk of its own that the CLI imports
// only when it first connects to a host (src/cli/doh-fetch.ts), so `--help` never loads it.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const root = join(import.meta.dirname, '..');
const outdir = values.outdir ?? join(root, 'dist', 'cli');

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { 'domain-insight': 'src/cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  minify: true,
  chunkNames: 'chunks/[name]-[hash]',
  // undici is CommonJS and requires Node built-ins; an ES module has no `require` of its own.
  banner: { js: 'import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);' },
  logLevel: 'warning',
});
