// Merges locales/<lang>/*.json (one file per area, so areas can be edited independently) into the
// single public/_locales/<lang>/messages.json that browsers read. `--check` fails when the committed
// files are stale, which `npm test` runs.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');
let stale = false;
for (const lang of readdirSync(join(root, 'locales'))) {
  const dir = join(root, 'locales', lang);
  const merged = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const part = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    for (const [key, value] of Object.entries(part)) {
      if (key in merged) throw new Error(`${lang}/${file}: duplicate key ${key}`);
      merged[key] = value;
    }
  }
  const sorted = Object.fromEntries(
    Object.keys(merged)
      .sort()
      .map((k) => [k, merged[k]]),
  );
  const text = `${JSON.stringify(sorted, null, 2)}\n`;
  const out = join(root, 'public', '_locales', lang, 'messages.json');
  if (check) {
    if (!existsSync(out) || readFileSync(out, 'utf8') !== text) {
      console.error(`${out} is stale: run npm run locales`);
      stale = true;
    }
  } else {
    mkdirSync(join(root, 'public', '_locales', lang), { recursive: true });
    writeFileSync(out, text);
  }
}
if (stale) process.exit(1);
