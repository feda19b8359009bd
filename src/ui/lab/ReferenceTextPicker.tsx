import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { LAB_MAX_TEXT_TOKENS, REFERENCE_TEXTS } from '../../engine/lab/reference-texts.ts';
import { effectiveTextChoice, setLabCustomText, setLabTextChoice } from '../../state/lab-actions.ts';
import type { LabTextChoice } from '../../state/slices/lab-slice.ts';
import { useStore, type Store } from '../../state/store.ts';
import { useT } from '../i18n/use-t.ts';

const CHOICES: readonly LabTextChoice[] = ['es', 'en', 'custom'];
const selectText = (s: Store) => ({ choice: effectiveTextChoice(s.lab, s.language), customText: s.lab.customText });

/**
 * Which text the perplexity and the comparisons are computed over: one of the project's two
 * paragraphs (shown read-only) or the person's own (editable).
 */
export function ReferenceTextPicker({ disabled }: { readonly disabled: boolean }) {
  const t = useT();
  const id = useId();
  const { choice, customText } = useStore(useShallow(selectText));
  const custom = choice === 'custom';
  return (
    <div className="lab-text">
      <fieldset className="lab-text-choices" disabled={disabled}>
        <legend>{t('lab.text.legend')}</legend>
        {CHOICES.map((c) => (
          <label key={c} className="lab-radio">
            <input type="radio" name={`${id}-choice`} value={c} checked={choice === c} onChange={() => setLabTextChoice(c)} />
            {t(`lab.text.${c}`)}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${id}-text`} className="lab-text-label">
        {t('lab.text.label')}
      </label>
      <textarea
        id={`${id}-text`}
        className="lab-textarea"
        rows={5}
        value={custom ? customText : REFERENCE_TEXTS[choice]}
        readOnly={!custom}
        disabled={disabled}
        placeholder={custom ? t('lab.text.placeholder') : undefined}
        aria-describedby={`${id}-hint`}
        onChange={(e) => setLabCustomText(e.target.value)}
      />
      <p id={`${id}-hint`} className="field-hint">
        {t(custom ? 'lab.text.hint.custom' : 'lab.text.hint', { max: LAB_MAX_TEXT_TOKENS })}
      </p>
    </div>
  );
}
