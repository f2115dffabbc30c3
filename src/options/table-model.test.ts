import { describe, expect, it } from 'vitest';
import { emptyWatchlist, newEntry, type Watchlist } from '../watchlist/model.ts';
import { summarizeReport } from '../watchlist/summary.ts';
import { finding, registration, report } from '../watchlist/test-helpers.ts';
import { activity, queryRows, type TableQuery, toRows } from './table-model.ts';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const query = (over: Partial<TableQuery> = {}): TableQuery => ({
  text: '',
  severity: 'all',
  sort: 'domain',
  descending: false,
  page: 0,
  pageSize: 50,
  ...over,
});

function list(): Watchlist {
  const checked = (domain: string, over: Parameters<typeof report>[0]) => ({
    ...newEntry(domain, domain, NOW),
    lastReport: summarizeReport(report({ domain, ...over })),
  });
  const critical = checked('b-critical.com', { findings: [finding('spf.pass-all', 'critical')] });
  critical.history = [{ at: '2026-11-20T00:00:00.000Z', kind: 'mx', before: 'a', after: 'b' }];
  const soon = checked('a-soon.com', {
    registration: registration({ expires: '2026-12-06T12:00:00Z' }),
    findings: [finding('dmarc.policy-none', 'warning')],
  });
  soon.history = [{ at: '2026-11-25T00:00:00.000Z', kind: 'ns', before: 'a', after: 'b' }];
  const manual = { ...newEntry('c-manual.pe', 'c-manual.pe', NOW), manualExpiry: '2027-01-01' };
  manual.notes.owner = 'Ana Pérez';
  return { ...emptyWatchlist(), domains: [critical, soon, manual] };
}

describe('watchlist table', () => {
  const rows = toRows(list(), NOW);

  it('shows provider, days left (with where the date came from), worst severity and last check', () => {
    expect(rows.map((r) => [r.domain, r.provider, r.daysLeft, r.expirySource, r.worst])).toEqual([
      ['b-critical.com', 'Google Workspace', 36, 'rdap', 'critical'],
      ['a-soon.com', 'Google Workspace', 10, 'rdap', 'warning'],
      ['c-manual.pe', '', 36, 'manual', 'unchecked'],
    ]);
  });

  it('sorts by urgency: critical, then warning, then the soonest expiry', () => {
    const more = list();
    const later = {
      ...newEntry('d-later-warning.com', 'd-later-warning.com', NOW),
      lastReport: summarizeReport(
        report({
          domain: 'd-later-warning.com',
          registration: registration({ expires: '2027-06-01T00:00:00Z' }),
          findings: [finding('dmarc.policy-none', 'warning')],
        }),
      ),
    };
    more.domains.push(later);
    expect(queryRows(toRows(more, NOW), query({ sort: 'urgency' })).page.map((r) => r.domain)).toEqual([
      'b-critical.com',
      'a-soon.com',
      'd-later-warning.com',
      'c-manual.pe',
    ]);
  });

  it('says why a row is red or amber (its worst finding) and names the registrar', () => {
    const critical = rows.find((r) => r.domain === 'b-critical.com');
    expect(critical?.problem).toMatchObject({ id: 'spf.pass-all', severity: 'critical' });
    expect(critical?.registrar).toBe('Example Registrar');
  });

  it('shows a report that could not check everything as such, not as ok', () => {
    const entry = {
      ...newEntry('e-down.com', 'e-down.com', NOW),
      lastReport: summarizeReport({
        ...report({ domain: 'e-down.com', findings: [finding('dns.lookup-failed', 'warning')] }),
        verdict: 'incomplete',
        complete: false,
      }),
    };
    const [row] = toRows({ ...emptyWatchlist(), domains: [entry] }, NOW);
    expect(row?.worst).toBe('incomplete');
  });

  it('sorts by days left, soonest first, and reverses', () => {
    expect(queryRows(rows, query({ sort: 'expiry' })).page.map((r) => r.domain)).toEqual([
      'a-soon.com',
      'b-critical.com',
      'c-manual.pe',
    ]);
    expect(queryRows(rows, query({ sort: 'severity', descending: true })).page[0]?.domain).toBe(
      'c-manual.pe',
    );
  });

  it('filters by text across names, provider and notes, and by severity', () => {
    expect(queryRows(rows, query({ text: 'PÉREZ' })).page.map((r) => r.domain)).toEqual(['c-manual.pe']);
    expect(queryRows(rows, query({ severity: 'problems' })).matching).toBe(2);
    expect(queryRows(rows, query({ severity: 'critical' })).page.map((r) => r.domain)).toEqual([
      'b-critical.com',
    ]);
  });

  it('pages through 1,000 rows and clamps a page past the end', () => {
    const big = {
      ...emptyWatchlist(),
      domains: Array.from({ length: 1000 }, (_, i) =>
        newEntry(`d${String(i).padStart(3, '0')}.com`, `d${String(i).padStart(3, '0')}.com`, NOW),
      ),
    };
    const result = queryRows(toRows(big, NOW), query({ page: 99, pageSize: 100 }));
    expect([result.pages, result.matching, result.page.length, result.page[0]?.domain]).toEqual([
      10,
      1000,
      100,
      'd900.com',
    ]);
  });

  it('lists every domain’s changes newest first in the activity view', () => {
    expect(activity(list()).map((a) => [a.domain, a.change.kind])).toEqual([
      ['a-soon.com', 'ns'],
      ['b-critical.com', 'mx'],
    ]);
  });
});
