import { useState } from 'preact/hooks';
import { t } from '../../ui/i18n.ts';

/** A published record as text (never markup), with a copy button: what a finding is about, to paste into a ticket. */
export function RecordLine({ label, record }: { label: string; record: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(record);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div class="record" data-record={label}>
      <code>{record}</code>
      <button type="button" class="copy-button" onClick={copy} aria-label={t('popupCopyRecord', [label])}>
        {copied ? t('popupCopied') : t('popupCopy')}
      </button>
    </div>
  );
}
