import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool } from '../stack/daemon.ts';

/**
 * A certificate authority made for one test run with Debian's openssl, and leaf certificates it
 * signs: real X.509 that node:tls verifies as it would a public CA's. `openssl ca` is used for the
 * leaves because only it can set any validity window (an expired certificate needs dates in the past).
 */

export interface LeafSpec {
  /** File stem and common name. */
  name: string;
  /** subjectAltName DNS entries (RFC 6125: what the name check reads). */
  dns: string[];
  /** openssl ca dates, YYYYMMDDHHMMSSZ; default now → now + `days`. */
  startDate?: string;
  endDate?: string;
  days?: number;
}

export interface Leaf {
  key: Buffer;
  cert: Buffer;
}

export interface TestPki {
  caFile: string;
  leaves: Record<string, Leaf>;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export async function makeTestPki(dir: string, specs: LeafSpec[]): Promise<TestPki> {
  const caKey = join(dir, 'ca.key');
  const caFile = join(dir, 'ca.pem');
  await runTool('openssl', [
    'req',
    '-x509',
    ...EC,
    '-days',
    '30',
    '-subj',
    '/CN=domain-insight test CA',
    '-keyout',
    caKey,
    '-out',
    caFile,
  ]);
  const config = join(dir, 'ca.cnf');
  await writeFile(join(dir, 'index.txt'), '');
  await writeFile(join(dir, 'serial'), '1000\n');
  await writeFile(
    config,
    [
      '[ca]',
      'default_ca = test',
      '[test]',
      `dir = ${dir}`,
      'database = $dir/index.txt',
      'new_certs_dir = $dir',
      'serial = $dir/serial',
      'certificate = $dir/ca.pem',
      'private_key = $dir/ca.key',
      'default_md = sha256',
      'default_days = 365',
      'policy = any',
      'unique_subject = no',
      '[any]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
  const leaves: Record<string, Leaf> = {};
  for (const spec of specs) {
    const key = join(dir, `${spec.name}.key`);
    const csr = join(dir, `${spec.name}.csr`);
    const cert = join(dir, `${spec.name}.pem`);
    const ext = join(dir, `${spec.name}.ext`);
    await runTool('openssl', [
      'req',
      '-new',
      ...EC,
      '-subj',
      `/CN=${spec.name}`,
      '-keyout',
      key,
      '-out',
      csr,
    ]);
    await writeFile(
      ext,
      [
        `subjectAltName = ${spec.dns.map((d) => `DNS:${d}`).join(',')}`,
        'basicConstraints = CA:FALSE',
        'keyUsage = digitalSignature',
        'extendedKeyUsage = serverAuth',
        '',
      ].join('\n'),
    );
    const validity =
      spec.startDate && spec.endDate
        ? ['-startdate', spec.startDate, '-enddate', spec.endDate]
        : ['-days', String(spec.days ?? 365)];
    await runTool('openssl', [
      'ca',
      '-batch',
      '-notext',
      '-config',
      config,
      '-in',
      csr,
      '-out',
      cert,
      '-extfile',
      ext,
      ...validity,
    ]);
    leaves[spec.name] = { key: await readFile(key), cert: await readFile(cert) };
  }
  return { caFile, leaves };
}
