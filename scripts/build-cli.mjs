// Builds the command line into plain JavaScript (dist/cli/domain-insight.cjs), so that a run starts
// in Node directly instead of compiling TypeScript through tsx every time. `npm ci` and
// `npm install` run it through the root `prepare` script; `npm run build` runs it too.
// Everything is bundled (the locale catalogues and data files included), so dist/cli needs
// neither src/ nor node_modules. One CommonJS file, because bin/domain-insight.js loads it through
// vm.Script with a code cache (an ES module has no cache in Node 20). The check's modules are
// still evaluated only when src/cli/run.ts imports them, so `--help` never runs the core's set-up.
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
  entryPoints: ['src/cli/main.ts'],
  outfile: join(outdir, 'domain-insight.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.19',
  minify: true,
  // import() becomes require(): vm.Script, which runs the bundle, has no loader for import(). The
  // modules loaded that way (node:https, the SMTP probe) are still loaded only when first needed.
  supported: { 'dynamic-import': false },
  logLevel: 'warning',
});
