// What the browser loads for the service worker and for the popup, read from a built dist/chrome:
// the entry named in the manifest plus every file it imports statically (ES module `import`
// statements, `<script src>`, `<link rel=modulepreload|stylesheet>`), each counted once.
// Chrome does not compress extension files; gzip (zlib level 9) is the usual proxy for how much
// code there is, and what the budgets in test/bundle-budget.test.ts are written in.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Budgets in bytes of gzip (kB = 1000 bytes, as Vite prints them): the goals themselves, 100 kB for
 * the worker and 30 kB for the popup. The worker was 140 kB; the last cut was the DNS message codec
 * (src/core/dns/message.ts in place of a general library, 103.6 → 97.6 kB).
 */
export const BUDGETS = { worker: 100_000, popup: 30_000 };

// `import x from"./a.js"`, `import"./a.js"`, `export{…}from"./a.js"` — minified or not. Dynamic
// `import()` is not followed: MV3 service workers refuse it, and the build must not contain it.
const STATIC_IMPORT = /(?:\bimport|\bfrom)\s*["']([^"']+)["']/g;
const HTML_REFS = /<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"/g;

function resolveRef(dist: string, fromFile: string, ref: string): string | undefined {
  if (/^[a-z]+:/i.test(ref)) return undefined;
  const path = ref.startsWith('/') ? join(dist, ref) : join(dirname(fromFile), ref);
  return normalize(path);
}

function collect(dist: string, entry: string): string[] {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    const pattern = file.endsWith('.html') ? HTML_REFS : file.endsWith('.js') ? STATIC_IMPORT : undefined;
    if (!pattern) continue;
    for (const match of text.matchAll(pattern)) {
      const next = resolveRef(dist, file, match[1] as string);
      if (next && /\.(js|css|html)$/.test(next)) queue.push(next);
    }
  }
  return [...seen].sort();
}

export interface FileSize {
  file: string;
  bytes: number;
  gzip: number;
}

export interface BundleSize {
  files: FileSize[];
  bytes: number;
  gzip: number;
}

function sizes(dist: string, files: string[]): BundleSize {
  const rows = files.map((file) => {
    const bytes = readFileSync(file);
    return { file: relative(dist, file), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  return {
    files: rows,
    bytes: rows.reduce((sum, row) => sum + row.bytes, 0),
    gzip: rows.reduce((sum, row) => sum + row.gzip, 0),
  };
}

/** Sizes of the worker and the popup in a built extension directory (dist/chrome). */
export function measureBundles(dist: string): { worker: BundleSize; popup: BundleSize } {
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
  const worker = collect(dist, join(dist, manifest.background.service_worker));
  const popup = collect(dist, join(dist, manifest.action.default_popup));
  return { worker: sizes(dist, worker), popup: sizes(dist, popup) };
}

function kb(n: number): string {
  return `${(n / 1000).toFixed(1)} kB`;
}

/** One line per bundle: its size against its budget. */
export function formatBudgets(measured: { worker: BundleSize; popup: BundleSize }): string[] {
  return (Object.entries(BUDGETS) as [keyof typeof BUDGETS, number][]).map(([name, budget]) => {
    const m = measured[name];
    const verdict = m.gzip <= budget ? 'within' : 'OVER';
    return `${name.padEnd(6)} ${kb(m.bytes).padStart(9)} min  ${kb(m.gzip).padStart(8)} gzip  budget ${kb(budget)} gzip (${verdict})`;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = process.argv[2] ?? 'dist/chrome';
  const measured = measureBundles(dist);
  for (const [name, m] of Object.entries(measured)) {
    console.log(`${name}:`);
    for (const row of m.files)
      console.log(`  ${kb(row.bytes).padStart(9)} ${kb(row.gzip).padStart(8)}  ${row.file}`);
  }
  for (const line of formatBudgets(measured)) console.log(line);
}
