import { useId } from 'react';
import { dismissLinkNotices } from '../../state/link-safety.ts';
import { useStore, type Store } from '../../state/store.ts';
import { useT } from '../i18n/use-t.ts';
import './link.css';

const selectNotices = (s: Store) => s.linkNotices;

/**
 * What the page's link carried that was not used (a host that is not a web address, a setup that
 * cannot be read), said instead of dropped in silence. A status: read out, not interrupting.
 */
export function LinkNotice() {
  const t = useT();
  const notices = useStore(selectNotices);
  const titleId = useId();
  if (notices.length === 0) return null;
  return (
    <div role="status" aria-labelledby={titleId} className="alert link-notice">
      <p id={titleId} className="alert-title">
        {t('link.notice.title')}
      </p>
      <ul>
        {notices.map((notice) => (
          <li key={notice.kind}>
            {notice.kind === 'host_invalid' ? t('link.notice.host_invalid', { text: notice.text }) : t('link.notice.setup_unreadable')}
          </li>
        ))}
      </ul>
      <button type="button" className="button" onClick={dismissLinkNotices}>
        {t('link.notice.dismiss')}
      </button>
    </div>
  );
}
