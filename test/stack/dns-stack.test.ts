import { execFile } from 'node:child_process';
import { appendFile, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { MxData, Packet } from '@leichtgewicht/dns-packet';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { buildQuery, dohQuery, isAuthenticated } from './dns-query.ts';
import { DEFAULT_ZONES_DIR, type DnsStack, startDnsStack } from './dns-stack.ts';

const run = promisify(execFile);

function records(packet: Packet, type: string) {
  return (packet.answers ?? []).filter((answer) => answer.type === type);
}

function exchanges(packet: Packet): string[] {
  return records(packet, 'MX')
    .map((answer) => (answer.data as MxData).exchange)
    .sort();
}

function txt(packet: Packet): string[] {
  const decoder = new TextDecoder();
  return records(packet, 'TXT').map((answer) =>
    (answer.data as Uint8Array[]).map((part) => decoder.decode(part)).join(''),
  );
}

describe('the shared DNS stack (global setup)', () => {
  const dohUrl = inject('dohUrl');

  it('answers MX for acme-google.com over DoH POST', async () => {
    const answer = await dohQuery(dohUrl, 'acme-google.com', 'MX');
    expect(answer.rcode).toBe('NOERROR');
    expect(exchanges(answer)).toEqual([
      'alt1.aspmx.l.google.com',
      'alt2.aspmx.l.google.com',
      'alt3.aspmx.l.google.com',
      'alt4.aspmx.l.google.com',
      'aspmx.l.google.com',
    ]);
  });

  it('passes RFC 8484 GET ?dns= through', async () => {
    const dns = Buffer.from(buildQuery('contoso-m365.com', 'MX')).toString('base64url');
    const response = await fetch(`${dohUrl}?dns=${dns}`, { headers: { accept: 'application/dns-message' } });
    expect(response.headers.get('content-type')).toBe('application/dns-message');
    const { decode } = await import('@leichtgewicht/dns-packet');
    const answer = decode(new Uint8Array(await response.arrayBuffer()));
    expect(exchanges(answer)).toEqual(['contoso-m365-com.mail.protection.outlook.com']);
  });

  it('keeps a DKIM key split into several TXT strings as one record', async () => {
    const answer = await dohQuery(dohUrl, 'google._domainkey.acme-google.com', 'TXT');
    const parts = records(answer, 'TXT')[0]?.data as Uint8Array[];
    expect(parts.length).toBeGreaterThan(1);
    expect(txt(answer)[0]).toMatch(/^v=DKIM1; k=rsa; p=[A-Za-z0-9+/]{300,}=*$/);
  });

  it('sets AD for the signed child secure-signed.org', async () => {
    const answer = await dohQuery(dohUrl, 'secure-signed.org', 'MX');
    expect(answer.rcode).toBe('NOERROR');
    expect(isAuthenticated(answer)).toBe(true);
  });

  it('fails bogus-signed.org with SERVFAIL, and answers it with CD', async () => {
    const validated = await dohQuery(dohUrl, 'bogus-signed.org', 'MX');
    expect(validated.rcode).toBe('SERVFAIL');
    const unchecked = await dohQuery(dohUrl, 'bogus-signed.org', 'MX', { cd: true });
    expect(unchecked.rcode).toBe('NOERROR');
    expect(exchanges(unchecked)).toContain('aspmx.l.google.com');
  });

  it('answers the unsigned plain.org under the signed org without AD', async () => {
    const answer = await dohQuery(dohUrl, 'plain.org', 'MX');
    expect(answer.rcode).toBe('NOERROR');
    expect(isAuthenticated(answer)).toBe(false);
    expect(exchanges(answer)).toContain('aspmx.l.google.com');
  });

  it('answers NXDOMAIN for a name in no zone, under a served TLD and under an unknown one', async () => {
    expect((await dohQuery(dohUrl, 'no-such-domain-anywhere.com', 'A')).rcode).toBe('NXDOMAIN');
    expect((await dohQuery(dohUrl, 'example.unknowntld', 'A')).rcode).toBe('NXDOMAIN');
  });

  it('resolves a zone whose name server is in-bailiwick (glue in the generated TLD)', async () => {
    const answer = await dohQuery(dohUrl, 'selfhosted.net', 'NS');
    expect(
      records(answer, 'NS')
        .map((ns) => ns.data)
        .sort(),
    ).toEqual(['ns1.selfhosted.net', 'ns2.dns-host-b.com']);
  });

  it('answers kdig on the Unbound port with the ad flag for the signed zone', async () => {
    const { stdout } = await run('kdig', [
      '@127.0.0.1',
      '-p',
      String(inject('dnsPort')),
      '+dnssec',
      'secure-signed.org',
      'MX',
    ]);
    expect(stdout).toMatch(/;; Flags: [^;]*\bad\b/);
    expect(stdout).toMatch(/status: NOERROR/);
  });
});

describe('a stack of its own', () => {
  let stack: DnsStack | undefined;
  let zonesDir: string | undefined;
  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
    if (zonesDir) await rm(zonesDir, { recursive: true, force: true });
    zonesDir = undefined;
  });

  async function copyOfZones(): Promise<string> {
    zonesDir = await mkdtemp(join(tmpdir(), 'di-zones-'));
    await cp(DEFAULT_ZONES_DIR, zonesDir, { recursive: true });
    return zonesDir;
  }

  it('holds every DoH request for delayMs and counts it', async () => {
    stack = await startDnsStack({ delayMs: 300 });
    expect(stack.requests()).toBe(0);
    const started = performance.now();
    await dohQuery(stack.dohUrl, 'acme-google.com', 'MX');
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    await Promise.all([
      dohQuery(stack.dohUrl, 'plain.org', 'A'),
      dohQuery(stack.dohUrl, 'null-mx.com', 'MX'),
    ]);
    expect(stack.requests()).toBe(3);
    expect(stack.questions()).toContainEqual({
      name: 'acme-google.com',
      type: 'MX',
      cd: false,
      method: 'POST',
    });
  });

  it('records the question of GET and CD requests too', async () => {
    stack = await startDnsStack();
    const dns = Buffer.from(buildQuery('Plain.ORG.', 'AAAA', { cd: true })).toString('base64url');
    await (await fetch(`${stack.dohUrl}?dns=${dns}`)).arrayBuffer();
    expect(stack.questions()).toEqual([{ name: 'plain.org', type: 'AAAA', cd: true, method: 'GET' }]);
  });

  it('picks up an edited zone file on reload', async () => {
    const dir = await copyOfZones();
    stack = await startDnsStack({ zonesDir: dir });
    expect(exchanges(await dohQuery(stack.dohUrl, 'acme-google.com', 'MX'))).not.toContain(
      'backup.acme-google.com',
    );
    await appendFile(join(dir, 'acme-google.com.zone'), '@ MX 50 backup.acme-google.com.\n');
    await stack.reload();
    expect(exchanges(await dohQuery(stack.dohUrl, 'acme-google.com', 'MX'))).toContain(
      'backup.acme-google.com',
    );
  });

  it('serves a zone file dropped in after start, delegated from a generated TLD, on reload', async () => {
    const dir = await copyOfZones();
    stack = await startDnsStack({ zonesDir: dir });
    expect((await dohQuery(stack.dohUrl, 'brand-new.io', 'MX')).rcode).toBe('NXDOMAIN');
    await writeFile(
      join(dir, 'brand-new.io.zone'),
      [
        '; a zone added by a test',
        '@ 300 SOA ns1.dns-host-a.net. hostmaster.brand-new.io. 1 3600 600 86400 60',
        '@ 300 NS ns1.dns-host-a.net.',
        '@ 300 NS ns2.dns-host-b.com.',
        '@ 300 MX 10 mx.zoho.com.',
        '',
      ].join('\n'),
    );
    await stack.reload();
    expect(exchanges(await dohQuery(stack.dohUrl, 'brand-new.io', 'MX'))).toEqual(['mx.zoho.com']);
  });

  it('signs a zone dropped in with the signed marker, with a DS in the signed parent', async () => {
    const dir = await copyOfZones();
    stack = await startDnsStack({ zonesDir: dir });
    await writeFile(
      join(dir, 'late-signed.org.zone'),
      [
        '; stack: signed',
        '$TTL 300',
        '@ SOA ns1.dns-host-a.net. hostmaster.late-signed.org. 1 3600 600 86400 60',
        '@ NS ns1.dns-host-a.net.',
        '@ A 192.0.2.77',
        '',
      ].join('\n'),
    );
    await stack.reload();
    const answer = await dohQuery(stack.dohUrl, 'late-signed.org', 'A');
    expect(answer.rcode).toBe('NOERROR');
    expect(isAuthenticated(answer)).toBe(true);
  });

  it('rejects a reload when an edited zone file no longer loads', async () => {
    const dir = await copyOfZones();
    stack = await startDnsStack({ zonesDir: dir });
    await appendFile(join(dir, 'plain.org.zone'), 'www CNAME here.plain.org.\nwww A 192.0.2.1\n');
    await expect(stack.reload()).rejects.toThrow(/\[plain\.org\.\].*another record exists beside CNAME/);
  });

  it('refuses to start, at once, on a zone file Knot cannot parse', async () => {
    const dir = await copyOfZones();
    await appendFile(join(dir, 'plain.org.zone'), 'mail MX not-a-number mail.plain.org.\n');
    const started = performance.now();
    await expect(startDnsStack({ zonesDir: dir })).rejects.toThrow(
      /\[plain\.org\.\] zone loader, error in zone/,
    );
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('refuses to start on a zone file without apex NS records', async () => {
    const dir = await copyOfZones();
    await writeFile(join(dir, 'broken.com.zone'), '@ 300 SOA a. b. 1 1 1 1 1\n');
    await expect(startDnsStack({ zonesDir: dir })).rejects.toThrow(/broken\.com\.zone: no NS records/);
  });
});
