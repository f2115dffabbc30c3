import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS_DOC, checksMarkdown, localeMessages, ROOT } from '../scripts/checks-doc.ts';
import { USAGE } from '../src/cli/args.ts';
import { FINDING_ENTRIES } from '../src/core/catalogue.ts';
import { checkOfFinding } from '../src/core/checks.ts';
import { findingMessageKey } from '../src/core/i18n/translate.ts';
import { CHECK_IDS, CHECK_STATES, VERDICTS } from '../src/core/types.ts';

/**
 * docs/ is the repository's own reference: checks.md is generated from the code's catalogue and
 * must match it; report.md must name what the code names (checks, states, verdicts, error codes,
 * CLI flags).
 */

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The finding ids the code emits: the `id: '<check>.<name>'` literals of its FindingSpecs. */
function emittedIds(dir: string): Set<string> {
  const ids = new Set<string>();
  for (const file of sourceFiles(dir)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\bid: '([a-z-]+\.[a-z0-9.-]+)'/g)) {
      const id = match[1] ?? '';
      if (checkOfFinding(id) !== null) ids.add(id);
    }
  }
  return ids;
}

const catalogued = new Set(FINDING_ENTRIES.map((entry) => entry.id));
const emitted = new Set([...emittedIds(join(ROOT, 'src', 'core')), ...emittedIds(join(ROOT, 'src', 'cli'))]);

describe('the finding catalogue (src/core/catalogue.ts)', () => {
  it('has each id once, and each id belongs to a check', () => {
    expect(catalogued.size).toBe(FINDING_ENTRIES.length);
    for (const id of catalogued) expect(checkOfFinding(id), id).not.toBeNull();
  });

  it('lists every finding id the core and the CLI emit', () => {
    expect(emitted.size).toBeGreaterThan(50);
    expect([...emitted].filter((id) => !catalogued.has(id))).toEqual([]);
  });

  it('lists no id the code never emits', () => {
    expect([...catalogued].filter((id) => !emitted.has(id))).toEqual([]);
  });

  it('gives each finding its severities, named in its severity words, and a when', () => {
    for (const entry of FINDING_ENTRIES) {
      expect(entry.severities.length, entry.id).toBeGreaterThan(0);
      for (const severity of entry.severities) expect(entry.severity, entry.id).toContain(severity);
      expect(entry.when.trim(), entry.id).not.toBe('');
    }
  });

  it.each(['en', 'es'])('has a title, a detail and a fix for every finding in %s', (lang) => {
    const messages = localeMessages(lang);
    const missing = FINDING_ENTRIES.flatMap((entry) =>
      (['title', 'detail', 'fix'] as const)
        .map((part) => findingMessageKey(entry.id, part))
        .filter((key) => !messages[key]?.message?.trim()),
    );
    expect(missing).toEqual([]);
  });
});

describe('docs/checks.md', () => {
  it('is the one `npm run docs` generates from the catalogue and the English words', () => {
    expect(readFileSync(CHECKS_DOC, 'utf8')).toBe(checksMarkdown());
  });

  it('has a row for every catalogued finding, with its fix', () => {
    const doc = readFileSync(CHECKS_DOC, 'utf8');
    for (const id of catalogued) expect(doc, id).toContain(`| ${id} |`);
    expect(doc).toContain('Renew the domain with your registrar today.');
  });
});

describe('docs/report.md', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'report.md'), 'utf8');

  it('names every check id, state and verdict of the code', () => {
    for (const id of CHECK_IDS) expect(doc, id).toContain(`\`${id}\``);
    for (const state of CHECK_STATES) expect(doc, state).toMatch(new RegExp(`\\| \`${state}\` +\\|`));
    for (const verdict of VERDICTS) expect(doc, verdict).toContain(`"${verdict}"`);
  });

  it('names every error code of the code', () => {
    const types = readFileSync(join(ROOT, 'src', 'core', 'types.ts'), 'utf8');
    const union = /export type ErrorCode =([^;]+);/.exec(types)?.[1] ?? '';
    const codes = [...union.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThan(5);
    for (const code of codes) expect(doc, code).toContain(`\`${code}\``);
  });

  it('describes every flag --help lists, and the four exit statuses', () => {
    const flags = new Set([...USAGE.matchAll(/--[a-z][a-z-]+/g)].map((m) => m[0]));
    for (const flag of flags) expect(doc, flag).toContain(flag);
    for (const status of ['0 when', '1 when', '2 for', '3 when']) expect(doc).toContain(status);
  });
});

describe('the README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('links the docs, and nothing outside the repository', () => {
    expect(readme).toContain('(docs/report.md)');
    expect(readme).toContain('(docs/checks.md)');
    expect(readme).not.toContain('shared/spec');
  });
});
