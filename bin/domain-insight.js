#!/usr/bin/env node
// The CLI runs as JavaScript built at install time: `npm ci` runs the `prepare` script, which
// bundles src/cli into dist/cli (scripts/build-cli.mjs). No TypeScript is compiled per run.
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/domain-insight.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write('domain-insight: the command line is not built; run `npm run build:cli`\n');
  // 3: the check could not run (report.md, exit statuses).
  process.exit(3);
}
await import(built.href);
