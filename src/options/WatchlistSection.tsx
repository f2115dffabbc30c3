import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { findingMessageKey } from '../core/i18n/translate.ts';
import { providerNameKey } from '../shared/check-display.ts';
import { popupUrl } from '../shared/client.ts';
import type { ImportFormat, WatchlistView } from '../shared/messages.ts';
import { DEFAULT_SETTINGS } from '../shared/settings.ts';
import { formatAgo, formatDate, formatNumber, formatRelativeDays } from '../ui/format.ts';
import { t, tOptional } from '../ui/i18n.ts';
import type { ImportSummary, SweepStatus } from '../watchlist/messages.ts';
import type { WatchEntry } from '../watchlist/model.ts';
import { ask, download } from './api.ts';
import { EntryDetails } from './EntryDetails.tsx';
import { messageKey } from './keys.ts';
import {
  expiryTone,
  queryRows,
  type Row,
  type SeverityFilter,
  type SortKey,
  type TableQuery,
  toRows,
} from './table-model.ts';
import { changeSummary } from './words.ts';

const PAGE_SIZE = 100;
/** The protocol's limits (src/shared/messages.ts): a typed name or address, a pasted list or file. */
const MAX_INPUT_CHARS = 2048;
const MAX_IMPORT_CHARS = 20_000_000;

export function WatchlistSection({
  watchlist,
  focus,
}: {
  watchlist: WatchlistView | null;
  focus: string | null;
}) {
  const focusWatched = Boolean(focus && watchlist?.domains.some((d) => d.domain === focus));
  const [query, setQuery] = useState<TableQuery>({
    text: focus ?? '',
    severity: 'all',
    // Urgency first: critical, then warning, then the soonest expiry.
    sort: 'urgency',
    descending: false,
    page: 0,
    pageSize: PAGE_SIZE,
  });
  const [open, setOpen] = useState<string | null>(focus);
  const [undo, setUndo] = useState<{ entry: WatchEntry; index: number } | null>(null);
  const now = Date.now();
  const rows = useMemo(() => (watchlist ? toRows(watchlist, now) : []), [watchlist]);
  const result = useMemo(() => queryRows(rows, query), [rows, query]);
  const rendered = useRef(false);
  const [warningDays, setWarningDays] = useState(DEFAULT_SETTINGS.expiryWarningDays);

  useEffect(() => {
    // Settings come from the worker, like everything the page shows.
    void ask('settings/get')
      .then((settings) => setWarningDays(settings.expiryWarningDays))
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    // The page's own measure of its first full render, read by the benchmark and the e2e tests.
    if (watchlist && !rendered.current) {
      rendered.current = true;
      performance.mark('watchlist-rendered');
      document.body.dataset.renderMs = String(Math.round(performance.now()));
    }
  }, [watchlist]);

  if (!watchlist) return <p class="muted">{t('optLoading')}</p>;

  const update = (patch: Partial<TableQuery>) => setQuery((q) => ({ ...q, page: 0, ...patch }));
  const sortBy = (sort: SortKey) =>
    setQuery((q) => ({ ...q, sort, descending: q.sort === sort ? !q.descending : false, page: 0 }));
  const remove = async (domain: string) => {
    const removed = await ask('watchlist/remove', { domain });
    if (removed) setUndo(removed);
  };

  return (
    <section class="card watchlist" aria-labelledby="watchlist-title">
      <div class="section-head">
        <h2 id="watchlist-title">
          {t('optWatchlistTitle')}{' '}
          {!watchlist.unreadable && <span class="count">{formatNumber(watchlist.domains.length)}</span>}
        </h2>
        <SweepControls empty={(watchlist?.domains.length ?? 0) === 0} />
      </div>
      {watchlist.unreadable && (
        // Never "no domains yet": the stored list is there, only this version cannot read it.
        <p class="error" role="alert" data-watchlist="unreadable">
          {t(watchlist.unreadable === 'newer' ? 'optWatchlistNewer' : 'optWatchlistDamaged')}
        </p>
      )}
      <AddDomain initial={focus && watchlist && !focusWatched ? focus : ''} />
      <ImportExport />
      {undo && (
        <div class="toast" role="status">
          {t('optRemoved', [undo.entry.unicode])}{' '}
          <button
            type="button"
            id="undoRemove"
            onClick={async () => {
              await ask('watchlist/restore', { entry: undo.entry, index: undo.index });
              setUndo(null);
            }}
          >
            {t('optUndo')}
          </button>
        </div>
      )}
      <div class="filters">
        <input
          id="filter"
          type="search"
          placeholder={t('optFilterPlaceholder')}
          aria-label={t('optFilterPlaceholder')}
          value={query.text}
          onInput={(e) => update({ text: (e.currentTarget as HTMLInputElement).value })}
        />
        <select
          id="severityFilter"
          aria-label={t('optSeverityFilter')}
          value={query.severity}
          onChange={(e) =>
            update({ severity: (e.currentTarget as HTMLSelectElement).value as SeverityFilter })
          }
        >
          {(['all', 'problems', 'critical', 'warning', 'unchecked'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`optSeverity_${s}`)}
            </option>
          ))}
        </select>
        <span class="muted" id="matching">
          {t('optMatching', [formatNumber(result.matching)])}
        </span>
      </div>
      {watchlist.unreadable ? null : watchlist.domains.length === 0 ? (
        <p class="empty">{t('optEmpty')}</p>
      ) : (
        <table class="domains">
          <thead>
            <tr>
              <SortHeader id="domain" query={query} onSort={sortBy} />
              <SortHeader id="provider" query={query} onSort={sortBy} />
              <SortHeader id="expiry" query={query} onSort={sortBy} />
              <SortHeader id="severity" query={query} onSort={sortBy} />
              <SortHeader id="checked" query={query} onSort={sortBy} />
              <th scope="col">
                <span class="visually-hidden">{t('optActions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {result.page.map((row) => (
              <DomainRow
                key={row.domain}
                row={row}
                now={now}
                warningDays={warningDays}
                open={open === row.domain}
                onToggle={() => setOpen(open === row.domain ? null : row.domain)}
                onRemove={() => remove(row.domain)}
              />
            ))}
          </tbody>
        </table>
      )}
      {result.pages > 1 && (
        <nav class="pager" aria-label={t('optPages')}>
          <button
            type="button"
            disabled={query.page === 0}
            onClick={() => setQuery((q) => ({ ...q, page: q.page - 1 }))}
          >
            {t('optPrevious')}
          </button>
          <span>
            {t('optPageOf', [String(Math.min(query.page, result.pages - 1) + 1), String(result.pages)])}
          </span>
          <button
            type="button"
            disabled={query.page >= result.pages - 1}
            onClick={() => setQuery((q) => ({ ...q, page: q.page + 1 }))}
          >
            {t('optNext')}
          </button>
        </nav>
      )}
    </section>
  );
}

function SortHeader({ id, query, onSort }: { id: SortKey; query: TableQuery; onSort: (k: SortKey) => void }) {
  const active = query.sort === id;
  return (
    <th scope="col" aria-sort={active ? (query.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" class="sort" data-sort={id} onClick={() => onSort(id)}>
        {t(`optColumn_${id}`)}
        <span aria-hidden="true">{active ? (query.descending ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>
  );
}

function DomainRow(props: {
  row: Row;
  now: number;
  /** settings.expiryWarningDays: within it, the days left are urgent, not muted. */
  warningDays: number;
  open: boolean;
  onToggle: () => void;
  onRemove: () => void;
}) {
  const { row, now } = props;
  const [checking, setChecking] = useState(false);
  const recheck = async () => {
    setChecking(true);
    await ask('watchlist/recheck', { domain: row.domain }).finally(() => setChecking(false));
  };
  return (
    <>
      <tr data-domain={row.domain} data-severity={row.worst} class={props.open ? 'open' : ''}>
        <th scope="row">
          <a href={popupUrl(row.domain)} target="_blank" rel="noreferrer">
            {row.unicode}
          </a>
          {row.latestChange && <small class="latest-change">{changeSummary(row.latestChange)}</small>}
        </th>
        <td>
          {row.provider ? providerName(row) : <span class="muted">—</span>}
          {row.registrar && <small class="registrar">{row.registrar}</small>}
        </td>
        <td class="expiry">
          {row.expires ? (
            <>
              {formatDate(row.expires)}{' '}
              {expiryTone(row, now, props.warningDays) === 'expired' ? (
                <small class="expired">{t('optExpired')}</small>
              ) : (
                <small class={expiryTone(row, now, props.warningDays) === 'soon' ? 'soon' : 'muted'}>
                  {formatRelativeDays(Math.max(row.daysLeft ?? 0, 0))}
                </small>
              )}
              {row.expirySource === 'manual' && <small class="manual">{t('optEnteredByYou')}</small>}
            </>
          ) : row.noRdap ? (
            <small class="muted">{t('optNoRdap')}</small>
          ) : (
            <span class="muted">—</span>
          )}
        </td>
        <td>
          <span class={`severity severity-${row.worst}`}>{t(`optWorst_${row.worst}`)}</span>
          {row.problem && (row.worst === 'critical' || row.worst === 'warning') && (
            <small class="reason" data-finding-id={row.problem.id}>
              {tOptional(findingMessageKey(row.problem.id, 'title'), row.problem.args) ?? row.problem.id}
            </small>
          )}
          {row.uncheckedReason && (
            <small class="reason" data-finding-id={row.uncheckedReason}>
              {tOptional(findingMessageKey(row.uncheckedReason, 'title')) ?? row.uncheckedReason}
            </small>
          )}
          {row.error && (
            <small class="error" title={row.error}>
              {t('optLastCheckFailed')}
            </small>
          )}
        </td>
        <td>
          {row.lastChecked ? formatAgo(row.lastChecked, now) : <span class="muted">{t('optNever')}</span>}
        </td>
        <td class="actions">
          <button
            type="button"
            class="recheck"
            onClick={recheck}
            disabled={checking}
            aria-label={t('optRecheckDomain', [row.unicode])}
          >
            {checking ? '…' : '↻'}
          </button>
          <button
            type="button"
            class="details"
            aria-expanded={props.open}
            onClick={props.onToggle}
            aria-label={t('optDetailsOf', [row.unicode])}
          >
            {t('optDetails')}
          </button>
          <button
            type="button"
            class="remove"
            onClick={props.onRemove}
            aria-label={t('optRemoveDomain', [row.unicode])}
          >
            ✕
          </button>
        </td>
      </tr>
      {props.open && (
        <tr class="details-row">
          <td colSpan={6}>
            <EntryDetails entry={row.entry} />
          </td>
        </tr>
      )}
    </>
  );
}

/** The catalogue's name, except "Self-hosted", which is words in the page's language. */
function providerName(row: Row): string {
  const provider = row.entry.lastReport?.provider;
  const key = provider ? providerNameKey(provider) : null;
  return key ? t(key) : row.provider;
}

function AddDomain({ initial }: { initial: string }) {
  const [text, setText] = useState(initial);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (text.trim() === '') return;
    // The protocol takes a name or an address of at most MAX_INPUT_CHARS: say so rather than send it.
    if (text.length > MAX_INPUT_CHARS) {
      return setMessage({ error: true, text: t('optTooLong', [t('optAddLabel'), String(MAX_INPUT_CHARS)]) });
    }
    const result = await ask('watchlist/add', { input: text }).catch(() => ({
      ok: false as const,
      reason: 'not-saved',
    }));
    if (result.ok) {
      setMessage({
        error: false,
        text: t(result.existed ? 'optAlreadyWatched' : 'optAdded', [result.unicode]),
      });
      setText('');
    } else {
      setMessage({
        error: true,
        text: t('optNotADomain', [text.trim(), t(messageKey('optReason_', result.reason))]),
      });
    }
  };
  return (
    <form class="add" onSubmit={submit}>
      <label for="addDomain">{t('optAddLabel')}</label>
      <input
        id="addDomain"
        value={text}
        placeholder="example.com"
        autocomplete="off"
        onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
      />
      <button type="submit">{t('optAdd')}</button>
      <p id="addMessage" class={message?.error ? 'error' : 'ok'} role="status">
        {message?.text ?? ''}
      </p>
    </form>
  );
}

function ImportExport() {
  const [paste, setPaste] = useState('');
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [refused, setRefused] = useState('');
  const run = async (text: string, format: ImportFormat) => {
    if (text.length > MAX_IMPORT_CHARS) {
      setSummary(null);
      return setRefused(t('optTooLong', [t('optPasteLabel'), String(MAX_IMPORT_CHARS)]));
    }
    setRefused('');
    setSummary(
      await ask('watchlist/import', { text, format }).catch(
        (): ImportSummary => ({ added: 0, replaced: 0, alreadyWatched: [], problems: [], saved: false }),
      ),
    );
  };
  const fromFile = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const name = file.name.toLowerCase();
    const format: ImportFormat = name.endsWith('.json') ? 'json' : name.endsWith('.csv') ? 'csv' : 'auto';
    await run(await file.text(), format);
    input.value = '';
  };
  const exportAs = async (format: 'json' | 'csv' | 'ics') => {
    const file = await ask('watchlist/export', { format });
    download(file.filename, file.mime, file.text);
  };
  return (
    <details class="import-export">
      <summary>{t('optImportExport')}</summary>
      <div class="import">
        <label for="importText">{t('optPasteLabel')}</label>
        <textarea
          id="importText"
          rows={5}
          value={paste}
          onInput={(e) => setPaste((e.currentTarget as HTMLTextAreaElement).value)}
        />
        <div class="inline">
          <button type="button" id="importPasted" onClick={() => run(paste, 'auto').then(() => setPaste(''))}>
            {t('optImportPasted')}
          </button>
          <label class="file">
            {t('optImportFile')}
            <input
              id="importFile"
              type="file"
              accept=".csv,.json,.txt,text/csv,application/json,text/plain"
              onChange={fromFile}
            />
          </label>
        </div>
        {refused && (
          <p class="error" role="alert">
            {refused}
          </p>
        )}
        {summary && <ImportReport summary={summary} />}
      </div>
      <div class="export inline">
        <span>{t('optExport')}</span>
        <button type="button" id="exportJson" onClick={() => exportAs('json')}>
          JSON
        </button>
        <button type="button" id="exportCsv" onClick={() => exportAs('csv')}>
          CSV
        </button>
        <button type="button" id="exportIcs" onClick={() => exportAs('ics')}>
          {t('optExportIcs')}
        </button>
      </div>
    </details>
  );
}

function ImportReport({ summary }: { summary: ImportSummary }) {
  return (
    <div id="importReport" role="status">
      {!summary.saved && <p class="error">{t('optImportNotSaved')}</p>}
      <p>
        {t('optImportResult', [
          String(summary.added),
          String(summary.replaced),
          String(summary.alreadyWatched.length),
        ])}
      </p>
      {summary.problems.length > 0 && (
        <>
          <p class="error">{t('optImportProblems', [String(summary.problems.length)])}</p>
          <ul class="problems">
            {summary.problems.map((p) => (
              <li key={`${p.line}-${p.input}`} data-line={p.line}>
                {t('optImportProblemLine', [String(p.line), p.input, t(messageKey('optReason_', p.reason))])}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function SweepControls({ empty }: { empty: boolean }) {
  const [status, setStatus] = useState<SweepStatus | null>(null);
  useEffect(() => {
    let alive = true;
    const poll = async () => {
      const next = await ask('watchlist/sweep-status').catch(() => null);
      if (alive) setStatus(next);
    };
    void poll();
    const timer = setInterval(poll, 2000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);
  return (
    <div class="sweep">
      <button
        type="button"
        id="checkAll"
        disabled={empty || status?.running}
        onClick={async () => setStatus(await ask('watchlist/check-all'))}
      >
        {t('optCheckAll')}
      </button>
      <span id="sweepStatus" class="muted" aria-live="polite">
        {status?.running
          ? t('optSweepRunning', [String(status.total - status.remaining), String(status.total)])
          : status?.lastFinishedAt
            ? t('optSweepLast', [formatAgo(status.lastFinishedAt, Date.now())])
            : ''}
      </span>
    </div>
  );
}
