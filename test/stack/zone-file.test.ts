import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ZONES_DIR } from './dns-stack.ts';
import { parentZonesFor, parentZoneText } from './parent-zones.ts';
import { readZoneFacts } from './zone-file.ts';

describe('readZoneFacts', () => {
  it('reads apex NS records, relative and absolute, and ignores NS below the apex', () => {
    const facts = readZoneFacts(
      ['$TTL 300', '@ IN NS ns1', '  3600 IN NS ns2.other.net.', 'sub NS ns.elsewhere.com.'].join('\n'),
      'example.com',
    );
    expect(facts.nameServers).toEqual(['ns1.example.com', 'ns2.other.net']);
  });

  it('collects addresses inside the zone for glue, with TTL and class in either order', () => {
    const facts = readZoneFacts(
      ['ns1 300 IN A 192.0.2.1', 'ns1 IN 300 AAAA 2001:db8::1'].join('\n'),
      'example.com',
    );
    expect(facts.addresses.get('ns1.example.com')).toEqual([
      { type: 'A', address: '192.0.2.1' },
      { type: 'AAAA', address: '2001:db8::1' },
    ]);
  });

  it('joins records continued in parentheses and skips quoted semicolons', () => {
    const facts = readZoneFacts(
      [
        '@ SOA ns. host. (',
        '  1 2 3 4 5 ) ; serial etc.',
        '@ TXT "a;b" ; comment',
        '@ NS ns1.example.net.',
      ].join('\n'),
      'example.com',
    );
    expect(facts.nameServers).toEqual(['ns1.example.net']);
  });

  it('reads the stack markers and rejects unknown ones', () => {
    expect(readZoneFacts('; stack: signed\n', 'a.org').markers).toEqual(new Set(['signed']));
    expect(readZoneFacts('; stack: bogus-ds\n', 'a.org').markers).toEqual(new Set(['bogus-ds']));
    expect(() => readZoneFacts('; stack: sgned\n', 'a.org')).toThrow(/unknown stack marker/);
  });
});

describe('generated parent zones', () => {
  it('delegate with NS, glue for in-bailiwick servers, and DS when given', () => {
    const child = readZoneFacts('@ NS ns1\n@ NS ns.other.net.\nns1 A 192.0.2.9\n', 'child.org');
    const text = parentZoneText('org', 7, [{ child, ds: ['1 13 2 ab'] }]);
    expect(text).toContain('org. SOA a.nic.org. hostmaster.a.nic.org. 7 ');
    expect(text).toContain('child.org. NS ns1.child.org.\n');
    expect(text).toContain('child.org. NS ns.other.net.\n');
    expect(text).toContain('ns1.child.org. A 192.0.2.9\n');
    expect(text).toContain('child.org. DS 1 13 2 ab\n');
    expect(text).not.toContain('ns.other.net. A');
  });

  it('exist for the root and for every TLD the zone files use', () => {
    const zones = ['a.com', 'b.es', 'c.com'].map((name) => readZoneFacts('', name));
    expect(parentZonesFor(zones)).toEqual(['', 'com', 'es']);
  });
});

describe('the scenario zone files', () => {
  const scenarios = fileURLToPath(new URL('./SCENARIOS.md', import.meta.url));

  it('each start with a comment saying what they model', async () => {
    for (const name of await readdir(DEFAULT_ZONES_DIR)) {
      const text = await readFile(join(DEFAULT_ZONES_DIR, name), 'utf8');
      expect(text, name).toMatch(/^; \S.{10,}/);
    }
  });

  it('are each listed in SCENARIOS.md', async () => {
    const doc = await readFile(scenarios, 'utf8');
    for (const name of await readdir(DEFAULT_ZONES_DIR)) {
      expect(doc, name).toContain(`\`${name.replace(/\.zone$/, '')}\``);
    }
  });
});
