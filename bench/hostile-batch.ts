/**
 * The CLI against the hostile world of test/helpers/hostile-world.ts, as a real process: wall time,
 * peak RSS and each domain's error codes. Any checkout can be measured, to compare before and after:
 *
 *   npx tsx bench/hostile-batch.ts [checkout=.] [timeoutMs=2000]
 *   ONLY=good.com,huge-rdap.com npx tsx bench/hostile-batch.ts /work/main 30000
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startHostileWorld } from '../test/helpers/hostile-world.ts';

const checkout = process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url));
const timeoutMs = process.argv[3] ?? '2000';
const preload = fileURLToPath(new URL('../test/helpers/report-rss.mjs', import.meta.url));

const world = await startHostileWorld();
const domains = process.env.ONLY ? process.env.ONLY.split(',') : world.domains;
const args = ['--import', preload, 'bin/domain-insight.js', 'check', ...domains, '--json'];
args.push('--doh', world.dohUrl, '--rdap-bootstrap', world.bootstrapUrl, '--timeout', timeoutMs);

const started = performance.now();
let stdout = '';
let stderr = '';
let exit: number | string = 0;
try {
  ({ stdout, stderr } = await promisify(execFile)(process.execPath, args, {
    cwd: checkout,
    maxBuffer: 1 << 28,
    timeout: 300_000,
  }));
} catch (error) {
  const failed = error as { stdout?: string; stderr?: string; code?: number; signal?: string };
  stdout = failed.stdout ?? '';
  stderr = failed.stderr ?? '';
  exit = failed.code ?? failed.signal ?? 'failed';
}
const wallMs = Math.round(performance.now() - started);
const rss = /maxrss-kib (\d+)/.exec(stderr)?.[1];
console.log(
  `${checkout}: exit ${exit}, ${wallMs} ms, peak RSS ${rss ? Math.round(Number(rss) / 1024) : '?'} MiB`,
);
try {
  const parsed = JSON.parse(stdout) as unknown;
  const reports = (Array.isArray(parsed) ? parsed : [parsed]) as {
    domain: string;
    durationMs: number;
    errors: { source: string; code: string }[];
  }[];
  for (const r of reports)
    console.log(
      `  ${r.domain} (${r.durationMs} ms): ${r.errors.map((e) => `${e.source}:${e.code}`).join(', ') || 'no errors'}`,
    );
} catch {
  const lines = stderr.split('\n').filter((line) => line.trim() && !line.startsWith('    at '));
  console.log(`  no report printed; stderr ends: ${lines.slice(-3).join(' | ')}`);
}
await world.stop();
