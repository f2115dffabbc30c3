import type { ReportError } from '../../core/types.ts';
import { errorWordKey } from '../../shared/check-display.ts';
import { t } from '../../ui/i18n.ts';

const SOURCE_KEYS: Record<ReportError['source'], string> = {
  dns: 'errorSourceDns',
  rdap: 'errorSourceRdap',
  'mta-sts': 'errorSourceMtaSts',
  input: 'errorSourceInput',
  status: 'errorSourceStatus',
  smtp: 'errorSourceSmtp',
};

/** Which part of the lookup failed and why; the rest of the report is still shown below. */
export function LookupErrors({ errors, onRetry }: { errors: ReportError[]; onRetry: () => void }) {
  if (errors.length === 0) return null;
  return (
    <section class="errors" role="alert" data-state="lookup-failed">
      <h2>{t('errorsTitle')}</h2>
      <ul>
        {errors.map((error, index) => (
          // The code's words in the page's language; the server's own text only as a tooltip.
          <li
            key={`${error.source}-${index}`}
            data-error-source={error.source}
            data-error-code={error.code}
            title={error.message}
          >
            <strong>{t(SOURCE_KEYS[error.source] ?? 'errorSourceDns')}</strong>
            {error.query && (
              <>
                {' '}
                <code>{error.query}</code>
              </>
            )}
            {': '}
            {t(errorWordKey(error))}
          </li>
        ))}
      </ul>
      <button type="button" class="primary" onClick={onRetry}>
        {t('actionRetry')}
      </button>
    </section>
  );
}
