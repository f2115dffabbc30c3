import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { hasHostAccess, requestHostAccess, watchHostAccess } from '../shared/host-access.ts';
import { t } from './i18n.ts';

/** Says plainly that nothing can be looked up, and asks for access from the click (a user gesture). */
export function HostAccessNotice({ onGranted }: { onGranted: () => void }) {
  const [refused, setRefused] = useState(false);
  const ask = () => {
    // No await before the request: it must run inside the click's user gesture.
    void requestHostAccess().then((granted) => {
      if (granted) onGranted();
      else setRefused(true);
    });
  };
  return (
    <section class="state host-access" data-state="host-access" role="alert">
      <h2>{t('hostAccessTitle')}</h2>
      <p>{t('hostAccessDetail')}</p>
      <button type="button" class="primary" data-action="grant-host-access" onClick={ask}>
        {t('hostAccessGrant')}
      </button>
      <p class="muted" role="status">
        {refused ? t('hostAccessRefused') : ''}
      </p>
    </section>
  );
}

/**
 * Renders `children` only while the extension may reach the hosts it looks things up on; otherwise
 * the notice. Follows grants and withdrawals made elsewhere (the add-ons manager) while open.
 */
export function HostAccessGate({ initial, children }: { initial: boolean; children: ComponentChildren }) {
  const [granted, setGranted] = useState(initial);
  useEffect(() => watchHostAccess(setGranted), []);
  if (!granted) return <HostAccessNotice onGranted={() => setGranted(true)} />;
  return <>{children}</>;
}

/** The first-run page's question: asked once there, and answered in place. */
export function HostAccessQuestion() {
  const [granted, setGranted] = useState<boolean | null>(null);
  const [asked, setAsked] = useState(false);
  useEffect(() => {
    void hasHostAccess().then(setGranted);
    return watchHostAccess(setGranted);
  }, []);
  if (granted === null || (granted && !asked)) return null;
  if (granted) {
    return (
      <p class="card" data-state="host-access-granted" role="status">
        {t('hostAccessGranted')}
      </p>
    );
  }
  return (
    <HostAccessNotice
      onGranted={() => {
        setAsked(true);
        setGranted(true);
      }}
    />
  );
}
