import { useId, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { acceptSuggestion, cycleAlternative, dismissSuggestion, setAutocompleteText, setCaretAtEnd } from '../../state/autocomplete-actions.ts';
import { useStore } from '../../state/store.ts';
import { errorText } from '../i18n/reasons.ts';
import { useT } from '../i18n/use-t.ts';
import { editorIntent } from './editor-keys.ts';
import { selectDroppedTokens, selectError, selectGhost, selectModelReady, selectStatus, selectSuggestion, selectText } from './selectors.ts';

const caretAtEnd = (el: HTMLTextAreaElement) => el.selectionStart === el.value.length && el.selectionEnd === el.value.length;

/**
 * The editor with ghost text. A mirror layer behind the textarea repeats the text, transparent,
 * then the suggestion in grey; the textarea itself has a transparent background, so the
 * suggestion shows right after the caret and wraps as the text would. The mirror is hidden from
 * assistive technology: a status region says the suggestion in words instead.
 */
export function GhostEditor() {
  const t = useT();
  const id = useId();
  const keysId = `${id}-keys`;
  const statusId = `${id}-status`;
  const text = useStore(selectText);
  const ghost = useStore(selectGhost);
  const suggestion = useStore(selectSuggestion);
  const status = useStore(selectStatus);
  const error = useStore(selectError);
  const ready = useStore(selectModelReady);
  const dropped = useStore(selectDroppedTokens);
  const editor = useRef<HTMLTextAreaElement>(null);
  const mirror = useRef<HTMLDivElement>(null);
  const moveCaretToEnd = useRef(false);

  // After Tab the text grew by the suggestion: the caret goes after it, ready for the next one.
  useLayoutEffect(() => {
    const el = editor.current;
    if (!moveCaretToEnd.current || !el) return;
    moveCaretToEnd.current = false;
    el.setSelectionRange(el.value.length, el.value.length);
    if (mirror.current) mirror.current.scrollTop = el.scrollTop;
  }, [text]);

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    const intent = editorIntent(event, { suggestion: ghost !== null, pending: status !== 'idle' });
    if (intent === null) return;
    event.preventDefault();
    switch (intent) {
      case 'accept':
        moveCaretToEnd.current = acceptSuggestion();
        return;
      case 'dismiss':
        dismissSuggestion();
        return;
      case 'next':
        cycleAlternative(1);
        return;
      case 'previous':
        cycleAlternative(-1);
        return;
      default:
        return intent satisfies never;
    }
  };

  const count = suggestion?.alternatives.length ?? 0;
  return (
    <div className="ghost-editor-field">
      <label htmlFor={id} className="section-label">
        {t('autocomplete.editor')}
      </label>
      <div className="ghost-editor">
        <div ref={mirror} className="ghost-mirror" aria-hidden="true" translate="no">
          <span className="ghost-typed">{text}</span>
          <span className="ghost-text" data-testid="ghost-text">
            {ghost ?? ''}
          </span>
          {/* Keeps a trailing newline's empty line as tall as the textarea's. */}
          {'\u200b'}
        </div>
        <textarea
          ref={editor}
          id={id}
          className="ghost-input"
          rows={6}
          value={text}
          spellCheck={false}
          placeholder={t('autocomplete.placeholder')}
          aria-describedby={`${keysId} ${statusId}`}
          aria-keyshortcuts="Tab Escape Alt+BracketRight Alt+BracketLeft"
          onChange={(event) => setAutocompleteText(event.target.value, caretAtEnd(event.target))}
          onSelect={(event) => setCaretAtEnd(caretAtEnd(event.currentTarget))}
          onKeyDown={onKeyDown}
          onScroll={(event) => {
            if (mirror.current) mirror.current.scrollTop = event.currentTarget.scrollTop;
          }}
        />
      </div>
      <p id={keysId} className="field-hint">
        {ready ? t('autocomplete.keys') : t('autocomplete.needsModel')}
      </p>
      <div className="ghost-status-row">
        <div id={statusId} role="status" aria-label={t('autocomplete.status')} className="ghost-status">
          {ghost !== null && suggestion && (
            <>
              {ghost === '' ? (
                t('autocomplete.status.empty')
              ) : (
                <span>
                  {t('autocomplete.status.shown')}{' '}
                  <span className="ghost-status-text" translate="no">
                    {ghost}
                  </span>
                </span>
              )}{' '}
              <span className="ghost-alternative">
                {t('autocomplete.alternative', { index: suggestion.index + 1, count })} · {t(suggestion.source === 'cache' ? 'autocomplete.source.cache' : 'autocomplete.source.model')}
              </span>
            </>
          )}
        </div>
        {status !== 'idle' && <span className="ghost-activity">{t(status === 'waiting' ? 'autocomplete.status.waiting' : 'autocomplete.status.running')}</span>}
      </div>
      {dropped > 0 && <p className="field-hint">{t('autocomplete.dropped', { count: dropped })}</p>}
      {error && (
        <p role="alert" className="field-hint field-hint-error">
          {t('autocomplete.error', { reason: errorText(t, error) })}
        </p>
      )}
    </div>
  );
}
