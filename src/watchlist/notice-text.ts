import { findingMessageKey, type Translate } from '../core/i18n/translate.ts';
import type { Notice } from './notify.ts';

/**
 * The words of a notification. Keys live in locales/<lang>/options.json. The message names the
 * evidence (old → new value, the date), like a finding's detail does.
 */
export function noticeText(
  notice: Notice,
  t: Translate,
  formatDate: (iso: string) => string,
): { title: string; message: string } {
  const d = notice.unicode;
  switch (notice.kind) {
    case 'expiry': {
      const date = formatDate(notice.expires ?? '');
      if (notice.threshold === 0)
        return { title: t('notify_expired_title', [d]), message: t('notify_expired_message', [date]) };
      return {
        title: t('notify_expiry_title', [d, String(notice.threshold)]),
        message: t('notify_expiry_message', [date]),
      };
    }
    case 'finding': {
      const ids = notice.changes.map((c) => c.findingId ?? '').filter(Boolean);
      const titles = ids.map((id) => t(findingMessageKey(id, 'title')));
      return { title: t('notify_finding_title', [d]), message: titles.join('\n') };
    }
    default: {
      const lines = notice.changes.map((c) =>
        t('notify_change_line', [t(`change_${c.kind.replace(/-/g, '_')}`), c.before ?? '—', c.after ?? '—']),
      );
      return { title: t(`notify_${notice.kind.replace(/-/g, '_')}_title`, [d]), message: lines.join('\n') };
    }
  }
}
