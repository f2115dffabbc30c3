import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DomainReport } from '../src/core/types.ts';
import type { RdapServer } from './helpers/rdap-server.ts';
import { cli as runInProcess } from './helpers/run-cli.ts';
import { startHttp2DohFront } from './stack/doh-proxy.ts';
import { selfSignedCertificate } from './stack/web-server.ts';
import { startRdapWorld } from './world/rdap-world.ts';

let rdap: RdapServer;
beforeAll(async () => {
  rdap = await startRdapWorld();
});
afterAll(() => rdap.stop());

const cli = (...argv: string[]) => runInProcess(argv);

const stack = () => ['--doh', inject('dohUrl'), '--rdap-bootstrap', rdap.bootstrapUrl];

describe('domain-insight check', () => {
  it('prints one report as JSON with mail, registration and findings', async () => {
    const { code, stdout } = await cli('check', 'https://www.acme-google.com/about', '--json', ...stack());
    const report = JSON.parse(stdout) as DomainReport;
    expect(code).toBe(0);
    expect(report.domain).toBe('acme-google.com');
    expect(report.input).toBe('https://www.acme-google.com/about');
    expect(report.mail.provider?.id).toBe('google-workspace');
    expect(report.registration?.registrar?.name).toBe('Registrar Ejemplo, S.L.');
    expect(report.findings.every((f) => f.title && f.detail && f.fix)).toBe(true);
  });

  it('prints an array, in the order asked, for several domains', async () => {
    const { stdout } = await cli('check', 'contoso-m365.com', 'acme-google.com', '--json', ...stack());
    expect((JSON.parse(stdout) as DomainReport[]).map((r) => r.domain)).toEqual([
      'contoso-m365.com',
      'acme-google.com',
    ]);
  });

  it('prints a readable summary naming the provider and the worst finding', async () => {
    const { stdout } = await cli('check', 'dangling-mx.com', ...stack());
    expect(stdout).toContain('mail.mx-unresolvable');
    expect(stdout).toContain('critical');
    expect(stdout).not.toContain('\u001b[');
  });

  it('exits 1 with --fail-on when a finding reaches the threshold, 0 when none does', async () => {
    expect((await cli('check', 'dangling-mx.com', '--fail-on', 'critical', ...stack())).code).toBe(1);
    expect((await cli('check', 'acme-google.com', '--fail-on', 'warning', ...stack())).code).toBe(0);
    expect((await cli('check', 'dmarc-none.com', '--fail-on', 'warning', ...stack())).code).toBe(1);
  });

  it('exits 2 with one clear line for input that is not a public domain, and still checks the rest', async () => {
    const { code, stderr, stdout } = await cli('check', 'acme-google.com', 'localhost', '--json', ...stack());
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('localhost');
    expect((JSON.parse(stdout) as DomainReport[]).map((r) => r.domain)).toEqual(['acme-google.com']);
  });

  it('carries checks, complete and the verdict in its JSON', async () => {
    const { stdout } = await cli('check', 'dmarc-none.com', '--json', ...stack());
    const report = JSON.parse(stdout) as DomainReport;
    expect(report.verdict).toBe('warning');
    expect(report.complete).toBe(true);
    expect(report.checks.dmarc).toEqual({ state: 'found', severity: 'warning' });
    expect(report.checks.spf.state).toBe('found');
  });

  it('starts the text with a summary line naming the verdict, then check rows with their states', async () => {
    const { stdout } = await cli('check', 'dangling-mx.com', ...stack());
    const [summary, ...rest] = stdout.split('\n');
    expect(summary).toMatch(/^✗ dangling-mx\.com: Something is broken/);
    expect(rest.join('\n')).toMatch(/✗\s+Mail servers \(MX\)\s+failing/);
  });

  it('--ndjson prints one report per line', async () => {
    const { code, stdout } = await cli('check', 'acme-google.com', 'dmarc-none.com', '--ndjson', ...stack());
    const lines = stdout.trim().split('\n');
    expect(code).toBe(0);
    expect(lines.map((line) => (JSON.parse(line) as DomainReport).domain).sort()).toEqual([
      'acme-google.com',
      'dmarc-none.com',
    ]);
  });

  it('--input reads domains one per line, skipping blank lines and # comments', async () => {
    const { code, stdout } = await runInProcess(['check', '--input', 'list.txt', '--json', ...stack()], {
      readInput: async (path) =>
        path === 'list.txt' ? '# clients\nacme-google.com\n\n  null-mx.com  \n' : '',
    });
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as DomainReport[]).map((r) => r.domain)).toEqual([
      'acme-google.com',
      'null-mx.com',
    ]);
  });

  it('refuses a --lang other than en or es as bad usage', async () => {
    const { code, stderr } = await cli('check', 'a.com', '--lang', 'fr');
    expect(code).toBe(2);
    expect(stderr).toContain('--lang');
  });

  it('--help describes every flag and the exit statuses', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(0);
    for (const flag of [
      '--json',
      '--ndjson',
      '--input',
      '--doh',
      '--rdap-bootstrap',
      '--timeout',
      '--fail-on',
      '--lang',
    ])
      expect(stdout).toContain(flag);
    expect(stdout).toMatch(/\b3\b.*incomplete/);
  });

  it('exits 2 with one clear line for bad usage', async () => {
    const { code, stderr } = await cli('check', 'a.com', '--timeout', 'soon');
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('speaks Spanish with --lang es, severities and states included', async () => {
    const { stdout } = await cli('check', 'dangling-mx.com', '--lang', 'es', ...stack());
    expect(stdout).toContain('Registrador');
    expect(stdout).toContain('crítico');
    expect(stdout).toContain('Servidores de correo (MX)');
    expect(stdout).not.toMatch(/\b(critical|warning|passing|not published)\b/);
  });
});

describe('faulty resolvers', () => {
  async function resolverAnswering(handler: Parameters<typeof createServer>[1]) {
    const server = createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/dns-query`, close: () => server.close() };
  }

  it.each([
    ['HTTP 500', (_req: unknown, res: import('node:http').ServerResponse) => res.writeHead(500).end('oops')],
    [
      'an HTML page',
      (_req: unknown, res: import('node:http').ServerResponse) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>captive portal</html>'),
    ],
    ['a timeout', () => undefined],
  ])(
    'still reports when the resolver answers %s: resolver unreachable, incomplete, exit 3, no false "missing"',
    async (_name, handler) => {
      const resolver = await resolverAnswering(handler);
      try {
        const { code, stdout } = await cli(
          'check',
          'acme-google.com',
          '--json',
          '--timeout',
          '300',
          '--fail-on',
          'critical',
          '--doh',
          resolver.url,
          '--rdap-bootstrap',
          rdap.bootstrapUrl,
        );
        const report = JSON.parse(stdout) as DomainReport;
        const ids = report.findings.map((f) => f.id);
        expect(code).toBe(3);
        expect(ids).toContain('dns.resolver-unreachable');
        expect(ids).not.toContain('dns.lookup-failed');
        expect(report.verdict).toBe('incomplete');
        expect(report.complete).toBe(false);
        for (const check of ['mx', 'spf', 'dmarc', 'dkim', 'mta-sts', 'nameservers'] as const)
          expect(report.checks[check].state).toBe('unknown');
        expect(report.checks.registration.state).toBe('found');
        expect(
          ids.filter((id) => id.endsWith('.missing') || id === 'mail.no-mx' || id === 'dns.nxdomain'),
        ).toEqual([]);
        expect(report.errors.some((e) => e.source === 'dns' && e.query === 'acme-google.com MX')).toBe(true);
        expect(report.registration?.registrar?.name).toBe('Registrar Ejemplo, S.L.');
      } finally {
        resolver.close();
      }
    },
  );
});

describe('the installed command', () => {
  const root = new URL('..', import.meta.url).pathname;
  const run = promisify(execFile);

  it('runs through the package bin after npm ci, which builds it (the prepare script)', async () => {
    expect(existsSync(join(root, 'dist', 'cli', 'domain-insight.cjs')), 'npm ci runs prepare').toBe(true);
    const { stdout } = await run(
      process.execPath,
      ['bin/domain-insight.js', 'check', 'null-mx.com', '--json', ...stack()],
      { cwd: root },
    );
    const report = JSON.parse(stdout) as DomainReport;
    expect(report.mail.acceptsMail).toBe(false);
  });

  it('asks an https resolver that speaks HTTP/2 over one connection, and gives the same report', async () => {
    const certDir = mkdtempSync(join(tmpdir(), 'domain-insight-h2-'));
    const front = await startHttp2DohFront(inject('dohUrl'), await selfSignedCertificate(certDir, []));
    try {
      const args = [
        'bin/domain-insight.js',
        'check',
        'acme-google.com',
        '--json',
        '--rdap-bootstrap',
        rdap.bootstrapUrl,
      ];
      // Both runs trust the front's certificate, so that only the resolver's transport differs.
      const env = { ...process.env, NODE_EXTRA_CA_CERTS: join(certDir, 'cert.pem') };
      const overH2 = await run(process.execPath, [...args, '--doh', front.url], { cwd: root, env });
      const overHttp1 = await run(process.execPath, [...args, '--doh', inject('dohUrl')], { cwd: root, env });
      expect(withoutTimes(overH2.stdout)).toEqual(withoutTimes(overHttp1.stdout));
      expect((JSON.parse(overH2.stdout) as DomainReport).mail.provider?.id).toBe('google-workspace');
      expect(front.connections()).toEqual({ h2: 1, http1: 0 });
    } finally {
      await front.stop();
      rmSync(certDir, { recursive: true, force: true });
    }
  });

  describe('a copy of only what the build writes plus the bin', () => {
    // Anything left unbundled would fail to load from here.
    let dir = '';
    let bin = '';
    let cacheFile = '';
    const check = (...extra: string[]) =>
      run(process.execPath, [bin, 'check', 'null-mx.com', ...extra, ...stack()], { cwd: dir });
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'domain-insight-cli-'));
      await run(process.execPath, [
        join(root, 'scripts', 'build-cli.mjs'),
        '--outdir',
        join(dir, 'dist', 'cli'),
      ]);
      mkdirSync(join(dir, 'bin'));
      copyFileSync(join(root, 'bin', 'domain-insight.js'), join(dir, 'bin', 'domain-insight.js'));
      copyFileSync(join(root, 'bin', 'package.json'), join(dir, 'bin', 'package.json'));
      writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
      bin = join(dir, 'bin', 'domain-insight.js');
      cacheFile = join(dir, 'dist', 'cli', 'domain-insight.cache');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('is plain JavaScript needing neither the TypeScript sources, a compiler, nor node_modules', async () => {
      const json = await check('--json');
      expect((JSON.parse(json.stdout) as DomainReport).mail.acceptsMail).toBe(false);
      // Both locale catalogues are inside the build.
      const english = await check();
      const spanish = await check('--lang', 'es');
      expect(spanish.stdout).not.toBe(english.stdout);
    });

    it('keeps a code cache beside the build after a check, which the next check uses as it is', async () => {
      rmSync(cacheFile, { force: true });
      const first = await check('--json');
      expect(existsSync(cacheFile)).toBe(true);
      const written = statSync(cacheFile).mtimeMs;
      const second = await check('--json');
      expect(statSync(cacheFile).mtimeMs, 'a valid cache is not written again').toBe(written);
      expect(withoutTimes(second.stdout)).toEqual(withoutTimes(first.stdout));
    });

    it("replaces a cache made by --help with a check's, once", async () => {
      rmSync(cacheFile, { force: true });
      await run(process.execPath, [bin, '--help'], { cwd: dir });
      const help = readFileSync(cacheFile);
      await check('--json');
      const afterCheck = readFileSync(cacheFile);
      expect(afterCheck.length).toBeGreaterThan(help.length);
      await run(process.execPath, [bin, '--help'], { cwd: dir });
      expect(readFileSync(cacheFile).equals(afterCheck), "--help keeps the check's cache").toBe(true);
    });

    it('ignores a cache made for another build and writes its own', async () => {
      writeFileSync(cacheFile, 'v0.0.0 x64 1 1\ncheck\nnot a V8 cache');
      const { stdout } = await check('--json');
      expect((JSON.parse(stdout) as DomainReport).mail.acceptsMail).toBe(false);
      expect(readFileSync(cacheFile, 'utf8').startsWith(`${process.version} `)).toBe(true);
    });

    it('runs from a cache V8 refuses (damaged bytes under the right key) and writes a good one', async () => {
      await check('--json');
      const good = readFileSync(cacheFile);
      const header = good.subarray(0, good.indexOf(10, good.indexOf(10) + 1) + 1);
      writeFileSync(cacheFile, Buffer.concat([header, Buffer.alloc(good.length - header.length, 7)]));
      const { stdout } = await check('--json');
      expect((JSON.parse(stdout) as DomainReport).mail.acceptsMail).toBe(false);
      expect(
        readFileSync(cacheFile)
          .subarray(header.length)
          .equals(Buffer.alloc(good.length - header.length, 7)),
      ).toBe(false);
    });

    it('runs without a cache where it cannot write one', async () => {
      // A directory where the cache file would go: neither readable as a cache nor replaceable.
      rmSync(cacheFile, { force: true });
      mkdirSync(cacheFile);
      try {
        const { stdout, stderr } = await check('--json');
        expect((JSON.parse(stdout) as DomainReport).mail.acceptsMail).toBe(false);
        expect(stderr).toBe('');
        expect(readdirSync(join(dir, 'dist', 'cli')).filter((name) => name.includes('.cache.'))).toEqual([]);
      } finally {
        rmSync(cacheFile, { recursive: true, force: true });
      }
    });
  });
});

/** A report's JSON without when it was made and how long it took, which differ from run to run. */
function withoutTimes(json: string): unknown {
  return JSON.parse(json, (key, value) => (key === 'checkedAt' || key === 'durationMs' ? undefined : value));
}
