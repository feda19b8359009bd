import { useEffect, useId, useRef } from 'react';
import { answerLinkHost } from '../../state/link-safety.ts';
import { modelHostLabel } from '../../state/model-host-url.ts';
import { useStore, type Store } from '../../state/store.ts';
import { useT } from '../i18n/use-t.ts';
import './link.css';

const selectLinkHost = (s: Store) => s.linkHost;

/** A link can hold kilobytes: the button names at most this much of the host. */
const MAX_LABEL = 60;
const shorten = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * "Use this model host?": asked when the page's link names a model host (`?hub=`). A modal
 * dialog, so nothing else on the page (Load included) can be used before the answer; the focus
 * starts on Ignore, the safe answer, and Escape means Ignore too. Nothing contacts the host before
 * "Use <host>" (state/link-safety.ts).
 */
export function HostConfirm() {
  const t = useT();
  const linkHost = useStore(selectLinkHost);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const ignoreRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const open = linkHost !== null;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog || !open) return;
    if (!dialog.open) dialog.showModal();
    // showModal focuses the first button (Use); a reflexive Enter must not let the host in.
    ignoreRef.current?.focus();
    return () => dialog.close();
  }, [open]);

  const label = linkHost ? shorten(modelHostLabel(linkHost.host), MAX_LABEL) : '';
  return (
    <dialog
      ref={dialogRef}
      className="host-confirm"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        // Escape: the browser would close the dialog on its own; the answer is Ignore.
        event.preventDefault();
        answerLinkHost(false);
      }}
    >
      {linkHost && (
        <>
          <h2 id={titleId} className="host-confirm-title">
            {t('link.host.title')}
          </h2>
          <div id={bodyId}>
            <p>{t('link.host.body', { host: label })}</p>
            <p className="host-confirm-address">
              <code translate="no">{shorten(linkHost.host, 4 * MAX_LABEL)}</code>
            </p>
            <p className="muted">{t('link.host.ignoreHint')}</p>
          </div>
          <div className="host-confirm-actions">
            <button type="button" className="button" onClick={() => answerLinkHost(true)}>
              {t('link.host.use', { host: label })}
            </button>
            <button ref={ignoreRef} type="button" className="button button-primary" onClick={() => answerLinkHost(false)}>
              {t('link.host.ignore')}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
