import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../shared/settings.ts';
import { applyReport } from './apply.ts';
import { parseCsv, toCsv } from './csv.ts';
import { emptyWatchlist, type newEntry, type Watchlist } from './model.ts';
import { addDomain } from './ops.ts';
import { finding, registration, report, testNormaliser } from './test-helpers.ts';
import { exportCsv, exportJson, mergeImport, parseImport } from './transfer.ts';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const DAY = 86_400_000;

/** A watchlist with every field in use: notes with two contacts, manual expiry, history, notices. */
function fullWatchlist(): Watchlist {
  let list = addDomain(emptyWatchlist(), 'example.com', 'example.com', NOW - 30 * DAY);
  list = addDomain(list, 'example.pe', 'example.pe', NOW - 20 * DAY);
  const [com, pe] = list.domains as [ReturnType<typeof newEntry>, ReturnType<typeof newEntry>];
  com.notes = {
    owner: 'Ana Pérez, "Gerencia"',
    renewalContacts: [
      { name: 'Luis', email: 'luis@example.com', phone: '+51 1 555 0100' },
      { name: '=cmd|calc', email: 'x@example.com', phone: '' },
    ],
    registrarAccount: 'Cuenta 42; usuario ana',
    mailSupport: 'Google: +1 855 836 3987',
    text: 'Línea 1\nLínea 2, con coma\r\n"comillas"',
  };
  const first = applyReport(
    com,
    report({ checkedAt: new Date(NOW - DAY).toISOString() }),
    DEFAULT_SETTINGS,
    NOW - DAY,
  );
  const second = applyReport(
    first.entry,
    report({
      checkedAt: new Date(NOW).toISOString(),
      registration: registration({ expires: '2026-12-01T00:00:00Z' }),
      findings: [finding('registration.expires-soon', 'warning')],
    }),
    DEFAULT_SETTINGS,
    NOW,
  );
  pe.manualExpiry = '2027-04-30';
  pe.lastError = { at: new Date(NOW).toISOString(), message: 'timed out after 8000 ms' };
  list.domains = [second.entry, pe];
  return list;
}

describe('parseImport: pasted list', () => {
  it('keeps the good lines and lists each bad one with its line and reason', () => {
    const text =
      'example.com\nhttps://www.Example.org/path\n\n192.168.1.1, printer.local\n# a comment\nexample.com';
    const { items, problems } = parseImport(text, 'list', testNormaliser, NOW);
    expect(items.map((i) => i.entry.domain)).toEqual(['example.com', 'example.org']);
    expect(problems).toEqual([
      { line: 4, input: '192.168.1.1', reason: 'ip' },
      { line: 4, input: 'printer.local', reason: 'reserved' },
      { line: 6, input: 'example.com', reason: 'duplicate' },
    ]);
  });

  it('stores an internationalised name as ASCII and keeps its Unicode form for display', () => {
    const { items } = parseImport('https://shop.bücher.de/x', 'list', testNormaliser, NOW);
    expect(items.map((i) => [i.entry.domain, i.entry.unicode])).toEqual([['xn--bcher-kva.de', 'bücher.de']]);
  });

  it('never throws, whatever is pasted', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = parseImport(text, 'auto', testNormaliser, NOW);
        expect(Array.isArray(result.items) && Array.isArray(result.problems)).toBe(true);
      }),
    );
  });
});

describe('parseImport: CSV', () => {
  it('reads the domain column of a file with a header, with notes columns', () => {
    const csv = 'Owner;Domain;Notes\r\nAna;example.com;main\r\nLuis;not_a domain;x\r\n';
    const { items, problems } = parseImport(csv, 'csv', testNormaliser, NOW);
    expect(items.map((i) => [i.entry.domain, i.entry.notes.owner, i.entry.notes.text])).toEqual([
      ['example.com', 'Ana', 'main'],
    ]);
    expect(problems).toEqual([{ line: 3, input: 'not_a domain', reason: 'invalid' }]);
  });

  it('reads the first column of a file without a header', () => {
    const { items } = parseImport('example.com,ignored\nexample.net,x\n', 'csv', testNormaliser, NOW);
    expect(items.map((i) => i.entry.domain)).toEqual(['example.com', 'example.net']);
  });
});

describe('parseImport: JSON', () => {
  it('reads an array of names and objects, and rejects what is neither', () => {
    const json = JSON.stringify([
      'example.com',
      { domain: 'Example.NET', notes: { owner: 'Ana' } },
      7,
      { name: 'x' },
    ]);
    const { items, problems } = parseImport(json, 'auto', testNormaliser, NOW);
    expect(items.map((i) => [i.entry.domain, i.entry.notes.owner, i.carriesData])).toEqual([
      ['example.com', '', false],
      ['example.net', 'Ana', true],
    ]);
    expect(problems.map((p) => [p.line, p.reason])).toEqual([
      [3, 'invalid-entry'],
      [4, 'invalid-entry'],
    ]);
  });

  it('says so when the file is not JSON at all', () => {
    expect(parseImport('{ nope', 'json', testNormaliser, NOW).problems).toEqual([
      { line: 1, input: '{ nope', reason: 'invalid-json' },
    ]);
  });
});

describe('export then import', () => {
  it('restores everything from the JSON export exactly', () => {
    const original = fullWatchlist();
    const { items, problems } = parseImport(exportJson(original, NOW), 'auto', testNormaliser, NOW + DAY);
    expect(problems).toEqual([]);
    expect(mergeImport(emptyWatchlist(), items).watchlist).toEqual(original);
  });

  it('restores everything from the CSV export exactly', () => {
    const original = fullWatchlist();
    const csv = exportCsv(original, NOW);
    const { items, problems } = parseImport(csv, 'auto', testNormaliser, NOW + DAY);
    expect(problems).toEqual([]);
    expect(mergeImport(emptyWatchlist(), items).watchlist).toEqual(original);
  });

  it('writes readable columns a spreadsheet can show', () => {
    const rows = parseCsv(exportCsv(fullWatchlist(), NOW));
    const header = rows[0] as string[];
    const row = rows[1] as string[];
    expect(row[header.indexOf('provider')]).toBe('Google Workspace');
    expect(row[header.indexOf('days_left')]).toBe('5');
    expect(row[header.indexOf('worst_severity')]).toBe('warning');
  });

  it('replaces an entry from an export but keeps one when only its name is imported again', () => {
    const original = fullWatchlist();
    const fresh = addDomain(emptyWatchlist(), 'example.com', 'example.com', NOW);
    const restored = mergeImport(
      fresh,
      parseImport(exportJson(original, NOW), 'json', testNormaliser, NOW).items,
    );
    expect([restored.added, restored.replaced]).toEqual([1, 1]);
    const again = mergeImport(
      restored.watchlist,
      parseImport('example.com', 'list', testNormaliser, NOW).items,
    );
    expect(again.alreadyWatched).toEqual(['example.com']);
    expect(again.watchlist).toEqual(restored.watchlist);
  });
});

describe('CSV', () => {
  it('quotes commas, quotes and line breaks and ends rows with CRLF', () => {
    expect(toCsv([['a,b', 'say "hi"', 'x\ny']])).toBe('"a,b","say ""hi""","x\ny"\r\n');
  });

  it('defuses spreadsheet formulas and reads them back unchanged', () => {
    const text = toCsv([['=SUM(A1)', '+1', "'quoted"]]);
    expect(text).toBe(`"'=SUM(A1)","'+1","''quoted"\r\n`);
    expect(parseCsv(text)).toEqual([['=SUM(A1)', '+1', "'quoted"]]);
  });

  it('round-trips any table of strings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const cleaned = rows.filter((r) => !(r.length === 1 && r[0] === ''));
          fc.pre(cleaned.length > 0);
          expect(parseCsv(toCsv(cleaned))).toEqual(cleaned);
        },
      ),
    );
  });
});
