import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { statusFeedHosts } from '../core/mail/providers.ts';
import { ask } from '../shared/client.ts';
import type { LookupMode } from '../shared/settings.ts';
import { HostAccessQuestion } from '../ui/HostAccess.tsx';
import { t, uiLanguage } from '../ui/i18n.ts';
import { LookupModeChoices } from '../ui/LookupModeChoices.tsx';
import '../ui/theme.css';
import './welcome.css';
import { dnsSentKey } from './welcome-words.ts';

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** First run: what leaves the browser, to whom, and the choice of when it does. */
function Welcome() {
  const [mode, setMode] = useState<LookupMode>('auto');
  const [resolver, setResolver] = useState('');
  const [resolverUrl, setResolverUrl] = useState('https:');
  const [rdap, setRdap] = useState('');
  const [saved, setSaved] = useState<boolean | null>(null);

  useEffect(() => {
    void ask('settings/get').then((settings) => {
      setMode(settings.lookupMode);
      setResolver(hostOf(settings.dohUrl));
      setResolverUrl(settings.dohUrl);
      setRdap(hostOf(settings.rdapBootstrapUrl));
    });
  }, []);

  const save = async (event: Event) => {
    event.preventDefault();
    const result = await ask('settings/set', { patch: { lookupMode: mode, firstRunDone: true } }).catch(
      () => null,
    );
    setSaved(result?.ok === true);
  };

  return (
    <main class="welcome">
      <h1>{t('welcomeTitle')}</h1>
      <p>{t('welcomeIntro')}</p>
      <section class="card" aria-labelledby="sent-title">
        <h2 id="sent-title">{t('welcomeSentTitle')}</h2>
        <ul>
          <li>{t(dnsSentKey(resolverUrl), [resolver])}</li>
          <li>{t('welcomeSentRdap', [rdap])}</li>
          <li>{t('welcomeSentRegistrar')}</li>
          <li>{t('welcomeSentMtaSts')}</li>
          <li>{t('welcomeSentStatus', [statusFeedHosts().join(', ')])}</li>
          <li>{t('welcomeSentNothingElse')}</li>
          <li>{t('welcomeSentPrivate')}</li>
        </ul>
      </section>
      <HostAccessQuestion />
      <form onSubmit={save}>
        <fieldset class="card">
          <legend>{t('lookupModeTitle')}</legend>
          <LookupModeChoices
            value={mode}
            onChange={(value) => {
              setMode(value);
              setSaved(null);
            }}
            labelClass="mode"
          />
        </fieldset>
        <div class="save-row">
          <button type="submit" class="primary">
            {t('welcomeSave')}
          </button>
          <span role="status" class="muted">
            {saved === true ? t('welcomeSaved') : saved === false ? t('optNotSaved') : ''}
          </span>
        </div>
      </form>
    </main>
  );
}

document.documentElement.lang = uiLanguage();
document.title = t('welcomeTitle');
const root = document.getElementById('app');
if (root) render(<Welcome />, root);
