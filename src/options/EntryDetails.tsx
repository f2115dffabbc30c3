import { useEffect, useState } from 'preact/hooks';
import { formatDate } from '../ui/format.ts';
import { t } from '../ui/i18n.ts';
import type { NotesResult } from '../watchlist/messages.ts';
import type { Contact, Notes, WatchEntry } from '../watchlist/model.ts';
import { prefillNotes } from '../watchlist/prefill.ts';
import { NOTE_LIMITS } from '../watchlist/schema.ts';
import { ask } from './api.ts';
import { changeSummary } from './words.ts';

/** Notes ("keep the contacts at hand"), the hand-entered expiry and the domain's history. */
export function EntryDetails({ entry }: { entry: WatchEntry }) {
  return (
    <div class="entry-details" data-details-for={entry.domain}>
      <NotesEditor domain={entry.domain} notes={prefillNotes(entry.notes, entry.lastReport)} />
      <ManualExpiry
        domain={entry.domain}
        value={entry.manualExpiry}
        published={entry.lastReport?.expires ?? null}
      />
      <section aria-label={t('optHistory')}>
        <h3>{t('optHistory')}</h3>
        {entry.history.length === 0 ? (
          <p class="muted">{t('optNoChanges')}</p>
        ) : (
          <ol class="history">
            {entry.history.map((c) => (
              <li key={`${c.at}-${c.kind}-${c.findingId ?? ''}`} data-kind={c.kind}>
                <time dateTime={c.at}>{formatDate(c.at)}</time> {changeSummary(c)}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

const FIELD_LABELS: Record<string, string> = {
  owner: 'optNotesOwner',
  registrarAccount: 'optNotesRegistrarAccount',
  mailSupport: 'optNotesMailSupport',
  text: 'optNotesText',
  'contact-name': 'optContactName',
  'contact-email': 'optContactEmail',
  'contact-phone': 'optContactPhone',
};

/** What the worker said about a save, in words: never "Saved" for notes it did not store. */
function saveMessage(result: NotesResult | null): { error: boolean; text: string } | null {
  if (!result) return null;
  if (result.ok) return { error: false, text: t('optSaved') };
  if (result.reason === 'too-long') {
    if (result.field === 'renewalContacts')
      return { error: true, text: t('optTooManyContacts', [String(result.limit)]) };
    return {
      error: true,
      text: t('optTooLong', [t(FIELD_LABELS[result.field] ?? result.field), String(result.limit)]),
    };
  }
  return { error: true, text: t('optNotSaved') };
}

function NotesEditor({ domain, notes }: { domain: string; notes: Notes }) {
  const [draft, setDraft] = useState<Notes>(notes);
  const [result, setResult] = useState<NotesResult | null>(null);
  // Every repaint (another domain's check landing in storage) brings a new, equal `notes`: only a
  // real change of what is stored may replace the draft, or it would wipe what the user is typing.
  const stored = JSON.stringify(notes);
  useEffect(() => setDraft(notes), [stored]);
  const set = (patch: Partial<Notes>) => {
    setResult(null);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const setContact = (i: number, patch: Partial<Contact>) =>
    set({ renewalContacts: draft.renewalContacts.map((c, j) => (i === j ? { ...c, ...patch } : c)) });
  const save = async (e: Event) => {
    e.preventDefault();
    setResult(
      await ask('watchlist/set-notes', { domain, notes: draft }).catch(
        (): NotesResult => ({ ok: false, reason: 'not-saved' }),
      ),
    );
  };
  const message = saveMessage(result);
  // No maxLength: the browser would cut a pasted text short without a word. The limit is shown and
  // the worker refuses a longer text, saying which field.
  const text = (
    key: 'owner' | 'registrarAccount' | 'mailSupport' | 'text',
    label: string,
    multiline = false,
  ) => {
    const value = draft[key];
    const limit = NOTE_LIMITS[key];
    const over = value.length > limit;
    const props = {
      id: `${domain}-${key}`,
      name: key,
      value,
      'aria-invalid': over,
      'aria-describedby': `${domain}-${key}-limit`,
    };
    return (
      <label class="field" for={`${domain}-${key}`}>
        <span>{label}</span>
        {multiline ? (
          <textarea
            {...props}
            rows={3}
            onInput={(e) => set({ [key]: (e.currentTarget as HTMLTextAreaElement).value })}
          />
        ) : (
          <input {...props} onInput={(e) => set({ [key]: (e.currentTarget as HTMLInputElement).value })} />
        )}
        <small id={`${domain}-${key}-limit`} class={over ? 'error' : 'muted'}>
          {t('optCharLimit', [String(value.length), String(limit)])}
        </small>
      </label>
    );
  };
  return (
    <form class="notes" onSubmit={save}>
      <h3>{t('optNotes')}</h3>
      {text('owner', t('optNotesOwner'))}
      <fieldset>
        <legend>{t('optNotesContacts')}</legend>
        {draft.renewalContacts.map((c, i) => (
          <div class="contact" key={i}>
            <input
              aria-label={t('optContactName')}
              placeholder={t('optContactName')}
              value={c.name}
              onInput={(e) => setContact(i, { name: (e.currentTarget as HTMLInputElement).value })}
            />
            <input
              aria-label={t('optContactEmail')}
              placeholder={t('optContactEmail')}
              type="email"
              value={c.email}
              onInput={(e) => setContact(i, { email: (e.currentTarget as HTMLInputElement).value })}
            />
            <input
              aria-label={t('optContactPhone')}
              placeholder={t('optContactPhone')}
              type="tel"
              value={c.phone}
              onInput={(e) => setContact(i, { phone: (e.currentTarget as HTMLInputElement).value })}
            />
            <button
              type="button"
              aria-label={t('optContactRemove')}
              onClick={() => set({ renewalContacts: draft.renewalContacts.filter((_, j) => j !== i) })}
            >
              ✕
            </button>
          </div>
        ))}
        <button
          type="button"
          class="add-contact"
          onClick={() =>
            set({ renewalContacts: [...draft.renewalContacts, { name: '', email: '', phone: '' }] })
          }
        >
          {t('optContactAdd')}
        </button>
      </fieldset>
      {text('registrarAccount', t('optNotesRegistrarAccount'))}
      {text('mailSupport', t('optNotesMailSupport'))}
      {text('text', t('optNotesText'), true)}
      <button type="submit">{t('optSave')}</button>{' '}
      <span
        role="status"
        class={message?.error ? 'error' : ''}
        data-save-result={result?.ok ? 'saved' : result ? 'refused' : ''}
      >
        {message?.text ?? ''}
      </span>
    </form>
  );
}

function ManualExpiry({
  domain,
  value,
  published,
}: {
  domain: string;
  value: string | null;
  published: string | null;
}) {
  const [date, setDate] = useState(value ?? '');
  const [error, setError] = useState(false);
  useEffect(() => setDate(value ?? ''), [value]);
  const save = async (next: string | null) => {
    const ok = await ask('watchlist/set-manual-expiry', { domain, date: next }).catch(() => false);
    setError(!ok && next !== null);
  };
  return (
    <section class="manual-expiry">
      <h3>{t('optManualExpiry')}</h3>
      <p class="muted">
        {published
          ? t('optManualExpiryIgnored', [formatDate(published) ?? published])
          : t('optManualExpiryHelp')}
      </p>
      <div class="inline">
        <input
          type="date"
          name="manualExpiry"
          aria-label={t('optManualExpiry')}
          value={date}
          onInput={(e) => setDate((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="button" class="save-expiry" onClick={() => save(date || null)}>
          {t('optSave')}
        </button>
        {value && (
          <button type="button" onClick={() => save(null)}>
            {t('optClear')}
          </button>
        )}
      </div>
      {error && <p class="error">{t('optManualExpiryInvalid')}</p>}
    </section>
  );
}
