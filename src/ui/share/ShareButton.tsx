import { useId, useState } from 'react';
import { useStore } from '../../state/store.ts';
import { shareUrl } from '../../state/url-state.ts';
import { useT } from '../i18n/use-t.ts';
import { usePopover } from './use-popover.ts';

/** Builds a link to the current setup, copies it when the browser lets us, and always shows it. */
export function ShareButton() {
  const t = useT();
  const { open, setOpen, ref } = usePopover<HTMLDivElement>();
  const [link, setLink] = useState('');
  const [copied, setCopied] = useState(false);
  const popoverId = useId();
  const fieldId = useId();

  const share = async () => {
    if (open) return setOpen(false);
    // Read once, on click: the link is a snapshot, so there is no need to follow every keystroke.
    const url = shareUrl(useStore.getState(), window.location.href);
    setLink(url);
    setCopied(false);
    setOpen(true);
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(false); // No permission or no secure context: the field below still has the link.
    }
  };

  return (
    <div className="popover-anchor" ref={ref}>
      <button type="button" className="button" aria-expanded={open} aria-controls={popoverId} onClick={() => void share()}>
        {t('share.button')}
      </button>
      <div id={popoverId} className="popover" role="dialog" aria-label={t('share.title')} hidden={!open}>
        <label htmlFor={fieldId}>{t('share.link')}</label>
        <input id={fieldId} type="text" readOnly value={link} onFocus={(event) => event.target.select()} />
        <p role="status" className="muted">
          {open && (copied ? t('share.copied') : t('share.copyYourself'))}
        </p>
        <p className="muted small">{t('share.what')}</p>
      </div>
    </div>
  );
}
