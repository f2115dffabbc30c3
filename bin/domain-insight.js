#!/usr/bin/env node
// The CLI runs as JavaScript built at install time: `npm ci` runs the `prepare` script, which
// bundles src/cli into dist/cli/domain-insight.cjs (scripts/build-cli.mjs). No TypeScript is
// compiled per run.
//
// The bundle is loaded with a V8 code cache kept next to it, so that a warm run skips compiling
// 400 kB of JavaScript again (about 35 ms of a single check on these machines). Node 22 has
// module.enableCompileCache for this; Node 20, which this package supports, has only vm.Script's
// cachedData. The cache lives beside the code it was made from, never in a shared directory: only
// whoever may change the code may change its cache. V8 refuses a cache from another V8 version or
// other flags; the key below also refuses one from another build of the bundle.
// This file is CommonJS (bin/package.json): an ES module entry point costs the ESM loader's start-up.
'use strict';
const { readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const dir = join(__dirname, '..', 'dist', 'cli');
const file = join(dir, 'domain-insight.cjs');
const cacheFile = join(dir, 'domain-insight.cache');

let source;
let stat;
try {
  source = readFileSync(file, 'utf8');
  stat = statSync(file);
} catch {
  process.stderr.write('domain-insight: the command line is not built; run `npm run build:cli`\n');
  // 3: the check could not run (report.md, exit statuses).
  process.exit(3);
}

// A check compiles far more of the bundle than `--help`: a cache made by another command is
// replaced once by a check's, which holds both.
const isCheck = process.argv[2] === 'check';
const build = `${process.version} ${process.arch} ${stat.size} ${stat.mtimeMs}`;
const cached = readCache();
const script = new Script(Module.wrap(source), {
  filename: file,
  ...(cached ? { cachedData: cached.data } : {}),
});
const stale = !cached || script.cachedDataRejected === true || (isCheck && !cached.check);
if (stale) process.once('exit', writeCache);
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, Module.createRequire(file), bundle, file, dir);

/** `<key>\n<check|other>\n<bytes>`, or null when absent or made for another build. */
function readCache() {
  let bytes;
  try {
    bytes = readFileSync(cacheFile);
  } catch {
    return null;
  }
  const firstEnd = bytes.indexOf(10);
  const secondEnd = bytes.indexOf(10, firstEnd + 1);
  if (firstEnd < 0 || secondEnd < 0 || bytes.toString('utf8', 0, firstEnd) !== build) return null;
  return {
    check: bytes.toString('utf8', firstEnd + 1, secondEnd) === 'check',
    data: bytes.subarray(secondEnd + 1),
  };
}

/** After the run, so that the functions it compiled are in the cache; best effort, never an error. */
function writeCache() {
  const temporary = `${cacheFile}.${process.pid}`;
  try {
    const data = script.createCachedData();
    writeFileSync(
      temporary,
      Buffer.concat([Buffer.from(`${build}\n${isCheck ? 'check' : 'other'}\n`), data]),
    );
    // A rename, so that a run reading at the same moment sees the old cache or the new, never half.
    renameSync(temporary, cacheFile);
  } catch {
    // A read-only installation runs without a cache, as fast as it did before there was one.
    rmSync(temporary, { force: true });
  }
}
