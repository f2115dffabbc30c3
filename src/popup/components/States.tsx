import type { NotPublicReason } from '../../shared/messages.ts';
import { t } from '../../ui/i18n.ts';

/** Same frame and heights as a report, so nothing jumps when it arrives. */
export function Checking({ domain }: { domain: string | null }) {
  return (
    <div class="checking" aria-busy="true" data-state="checking">
      <header class="head">
        <h1 class="domain">{domain ?? <span class="sk sk-line" style={{ width: '60%' }} />}</h1>
        <p class="muted" role="status">
          {t('popupChecking')}
        </p>
      </header>
      <div class="sk sk-block" style={{ height: '88px' }} />
      <div class="sk sk-block" style={{ height: '150px' }} />
      <div class="sk sk-block" style={{ height: '120px' }} />
    </div>
  );
}

const NOT_PUBLIC_KEYS: Record<NotPublicReason, string> = {
  invalid: 'notPublicInvalid',
  ip: 'notPublicIp',
  localhost: 'notPublicLocalhost',
  'single-label': 'notPublicSingleLabel',
  reserved: 'notPublicReserved',
  'no-registrable-domain': 'notPublicNoRegistrableDomain',
};

export function NotPublic({ input, reason }: { input: string; reason: NotPublicReason }) {
  return (
    <section class="state" data-state="not-public">
      <h1>{t('notPublicTitle')}</h1>
      <p>{t(NOT_PUBLIC_KEYS[reason], [input])}</p>
      <p class="muted">{t('notPublicNothingSent')}</p>
    </section>
  );
}

export function Failed({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <section class="state" data-state="failed" role="alert">
      <h1>{t('failedTitle')}</h1>
      <p>{t('failedDetail', [message])}</p>
      <button type="button" class="primary" onClick={onRetry}>
        {t('actionRetry')}
      </button>
    </section>
  );
}

/** An incognito tab while incognito lookups are off: nothing was asked, nothing stored. */
export function Incognito() {
  return (
    <section class="state" data-state="incognito">
      <h1>{t('popupIncognitoTitle')}</h1>
      <p>{t('popupIncognitoDetail')}</p>
    </section>
  );
}

/** No web page in this tab (a new tab, a browser page): offer to check a domain by name instead. */
export function NoPage() {
  return (
    <section class="state" data-state="no-page">
      <h1>{t('noPageTitle')}</h1>
      <p>{t('noPageDetail')}</p>
      <form class="ask" method="get" action="">
        <label for="ask-domain">{t('noPageLabel')}</label>
        <div class="ask-row">
          <input
            id="ask-domain"
            name="domain"
            type="text"
            inputMode="url"
            autoComplete="off"
            required
            placeholder="example.com"
          />
          <button type="submit" class="primary">
            {t('noPageSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
