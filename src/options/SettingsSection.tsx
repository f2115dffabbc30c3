import { useEffect, useState } from 'preact/hooks';
import { statusFeedHosts } from '../core/mail/providers.ts';
import { CHECK_INTERVALS_HOURS, checkSettingsPatch, type Settings } from '../shared/settings.ts';
import { t } from '../ui/i18n.ts';
import { LookupModeChoices } from '../ui/LookupModeChoices.tsx';
import type { ResolverTestResult } from '../watchlist/messages.ts';
import { checkResolverUrl, RESOLVER_PRESETS } from '../watchlist/resolver-url.ts';
import { ask } from './api.ts';
import { messageKey } from './keys.ts';

function presetOf(url: string): string {
  return RESOLVER_PRESETS.find((p) => p.url === url)?.id ?? 'custom';
}

export function SettingsSection() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [saved, setSaved] = useState<'saved' | 'failed' | null>(null);

  useEffect(() => {
    void ask('settings/get').then(setSettings);
  }, []);

  if (!settings) return <p class="muted">{t('optLoading')}</p>;

  // The worker writes the settings (and checks them again): the page says "Saved" only when it did.
  const save = async (patch: Partial<Settings>) => {
    const result = await ask('settings/set', { patch }).catch(() => null);
    if (result?.ok) setSettings(result.settings);
    setSaved(result?.ok ? 'saved' : 'failed');
    setTimeout(() => setSaved(null), 1500);
  };

  return (
    <section class="card settings" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('optSettingsTitle')}</h2>
      <ResolverSetting url={settings.dohUrl} onSave={(dohUrl) => save({ dohUrl })} />

      <fieldset>
        {/* The same heading as the first-run page's (welcome.tsx), over the same choices. */}
        <legend>{t('lookupModeTitle')}</legend>
        <LookupModeChoices
          value={settings.lookupMode}
          onChange={(lookupMode) => save({ lookupMode })}
          labelClass="choice"
        />
      </fieldset>

      <fieldset>
        <legend>{t('optExpiryThresholds')}</legend>
        <NumberField
          id="expiryWarningDays"
          label={t('optExpiryWarningDays')}
          value={settings.expiryWarningDays}
          onSave={(expiryWarningDays) => save({ expiryWarningDays })}
        />
        <NumberField
          id="expiryCriticalDays"
          label={t('optExpiryCriticalDays')}
          value={settings.expiryCriticalDays}
          max={settings.expiryWarningDays}
          onSave={(expiryCriticalDays) => save({ expiryCriticalDays })}
        />
      </fieldset>

      <fieldset>
        <legend>{t('optCheckInterval')}</legend>
        <select
          id="checkIntervalHours"
          aria-label={t('optCheckInterval')}
          value={String(settings.checkIntervalHours)}
          onChange={(e) => save({ checkIntervalHours: Number((e.currentTarget as HTMLSelectElement).value) })}
        >
          {CHECK_INTERVALS_HOURS.map((h) => (
            <option key={h} value={String(h)}>
              {t(`optInterval_${h}`)}
            </option>
          ))}
        </select>
      </fieldset>

      <fieldset>
        <legend>{t('optNotifications')}</legend>
        {(['findings', 'expiry', 'changes'] as const).map((kind) => (
          <label key={kind} class="choice">
            <input
              type="checkbox"
              name={`notify-${kind}`}
              checked={settings.notifications[kind]}
              onChange={(e) =>
                save({
                  notifications: {
                    ...settings.notifications,
                    [kind]: (e.currentTarget as HTMLInputElement).checked,
                  },
                })
              }
            />
            <span>{t(`optNotify_${kind}`)}</span>
          </label>
        ))}
      </fieldset>

      <fieldset>
        <legend>{t('optProviderStatus')}</legend>
        <label class="choice">
          <input
            type="checkbox"
            name="providerStatus"
            checked={settings.providerStatus}
            onChange={(e) => save({ providerStatus: (e.currentTarget as HTMLInputElement).checked })}
          />
          <span>{t('optProviderStatusLabel', [statusFeedHosts().join(', ')])}</span>
        </label>
      </fieldset>

      <details class="advanced">
        <summary>{t('optAdvanced')}</summary>
        <UrlField
          id="rdapBootstrapUrl"
          label={t('optRdapBootstrap')}
          value={settings.rdapBootstrapUrl}
          onSave={(rdapBootstrapUrl) => save({ rdapBootstrapUrl })}
        />
        <NumberField
          id="rdapPacingMs"
          label={t('optRdapPacing')}
          value={settings.rdapPacingMs}
          min={0}
          max={60_000}
          onSave={(rdapPacingMs) => save({ rdapPacingMs })}
        />
        <NumberField
          id="timeoutMs"
          label={t('optTimeout')}
          value={settings.timeoutMs}
          min={500}
          max={60_000}
          onSave={(timeoutMs) => save({ timeoutMs })}
        />
      </details>
      <p class="saved" role="status" aria-live="polite">
        {saved === 'saved' ? t('optSaved') : saved === 'failed' ? t('optNotSaved') : ''}
      </p>
    </section>
  );
}

function ResolverSetting({ url, onSave }: { url: string; onSave: (url: string) => void }) {
  const [preset, setPreset] = useState(presetOf(url));
  const [custom, setCustom] = useState(presetOf(url) === 'custom' ? url : '');
  const [error, setError] = useState('');
  const [test, setTest] = useState<ResolverTestResult | 'running' | null>(null);
  const current = preset === 'custom' ? custom : (RESOLVER_PRESETS.find((p) => p.id === preset)?.url ?? url);

  const choose = (id: string) => {
    setPreset(id);
    setTest(null);
    const found = RESOLVER_PRESETS.find((p) => p.id === id);
    if (found) {
      setError('');
      onSave(found.url);
    }
  };
  const saveCustom = () => {
    const checked = checkResolverUrl(custom);
    if (!checked.ok) return setError(t(messageKey('optResolverError_', checked.reason)));
    setError('');
    onSave(checked.url);
  };
  const runTest = async () => {
    setTest('running');
    setTest(
      await ask('resolver/test', { url: current }).catch((e: Error) => ({
        ok: false as const,
        reason: e.message,
      })),
    );
  };

  return (
    <fieldset>
      <legend>{t('optResolver')}</legend>
      {[
        ...RESOLVER_PRESETS.map((p) => ({ id: p.id, name: p.name })),
        { id: 'custom', name: t('optResolverCustom') },
      ].map((p) => (
        <label key={p.id} class="choice">
          <input
            type="radio"
            name="resolver"
            value={p.id}
            checked={preset === p.id}
            onChange={() => choose(p.id)}
          />
          <span>{p.name}</span>
        </label>
      ))}
      {preset === 'custom' && (
        <div class="inline">
          <input
            id="customResolver"
            type="url"
            aria-label={t('optResolverCustomUrl')}
            placeholder="https://dns.example/dns-query"
            value={custom}
            aria-invalid={error !== ''}
            aria-describedby="resolver-error"
            onInput={(e) => setCustom((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="button" onClick={saveCustom}>
            {t('optSave')}
          </button>
        </div>
      )}
      <p id="resolver-error" class="error" role="alert">
        {error}
      </p>
      <button type="button" id="testResolver" onClick={runTest} disabled={test === 'running'}>
        {t('optResolverTest')}
      </button>
      <output id="resolverTestResult" class="test-result" aria-live="polite">
        {test === 'running' && t('optResolverTesting')}
        {test && test !== 'running' && test.ok && (
          <>
            {t('optResolverAnswered', [test.rcode, String(test.ms)])}{' '}
            {test.authenticated ? t('optResolverValidated') : t('optResolverNotValidated')}
            {test.answers.length > 0 && <code>{test.answers.slice(0, 4).join(', ')}</code>}
          </>
        )}
        {test && test !== 'running' && !test.ok && (
          <span class="error">{t('optResolverFailed', [test.reason])}</span>
        )}
      </output>
    </fieldset>
  );
}

function NumberField(props: {
  id: string;
  label: string;
  value: number;
  min?: number;
  max?: number;
  onSave: (v: number) => void;
}) {
  const [text, setText] = useState(String(props.value));
  const [invalid, setInvalid] = useState(false);
  useEffect(() => setText(String(props.value)), [props.value]);
  const commit = () => {
    const value = Number(text);
    const min = props.min ?? 1;
    const max = props.max ?? 365;
    if (!Number.isInteger(value) || value < min || value > max) return setInvalid(true);
    setInvalid(false);
    props.onSave(value);
  };
  return (
    <label class="field" for={props.id}>
      <span>{props.label}</span>
      <input
        id={props.id}
        type="number"
        min={props.min ?? 1}
        max={props.max ?? 365}
        value={text}
        aria-invalid={invalid}
        onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
        onChange={commit}
      />
    </label>
  );
}

function UrlField(props: { id: string; label: string; value: string; onSave: (v: string) => void }) {
  const [text, setText] = useState(props.value);
  const [error, setError] = useState('');
  const commit = () => {
    const checked = checkResolverUrl(text);
    if (!checked.ok) return setError(t(messageKey('optResolverError_', checked.reason)));
    // The settings' own rules are the final judge (the worker applies them again on save).
    if (!checkSettingsPatch({ rdapBootstrapUrl: checked.url }).ok)
      return setError(t('optResolverError_invalid'));
    setError('');
    props.onSave(checked.url);
  };
  return (
    <label class="field" for={props.id}>
      <span>{props.label}</span>
      <input
        id={props.id}
        type="url"
        value={text}
        aria-invalid={error !== ''}
        onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
        onChange={commit}
      />
      <small class="error">{error}</small>
    </label>
  );
}
