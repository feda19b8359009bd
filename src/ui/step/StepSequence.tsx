import { memo, useId } from 'react';
import { generatedText, sequenceChips } from '../../state/step-session.ts';
import type { StepSession } from '../../state/slices/step-slice.ts';
import { useT } from '../i18n/use-t.ts';
import { visibleTokenText } from '../tokens/probability.ts';

/** The sequence so far as token chips (text and id), its ids in a row, and its text. */
export const StepSequence = memo(function StepSequence({ session }: { readonly session: StepSession }) {
  const t = useT();
  const listId = useId();
  const idsId = useId();
  const textId = useId();
  const chips = sequenceChips(session);
  return (
    <div className="step-sequence">
      <span id={listId} className="section-label">
        {t('step.sequence')}
      </span>
      <ol className="step-chips" aria-labelledby={listId} translate="no">
        {chips.map((chip, i) => (
          <li key={i} className={`step-chip step-chip-${chip.origin}${chip.inWindow ? '' : ' step-chip-cropped'}`}>
            <span className="step-chip-text">{visibleTokenText(chip.text)}</span>
            <span className="step-chip-id">{chip.id}</span>
            <span className="visually-hidden">
              {t(`step.origin.${chip.origin}`)}
              {chip.inWindow ? '' : `, ${t('step.outsideWindow')}`}
            </span>
          </li>
        ))}
      </ol>
      <div className="step-ids" role="group" aria-labelledby={idsId}>
        <span id={idsId} className="section-label">
          {t('step.ids')}
        </span>{' '}
        <span className="mono step-ids-list" translate="no">
          {chips.map((c) => c.id).join(' · ')}
        </span>
      </div>
      <div className="step-text" role="group" aria-labelledby={textId}>
        <span id={textId} className="section-label">
          {t('step.text')}
        </span>
        <p className="step-text-body" translate="no">
          <span className="step-text-prompt">{session.prompt}</span>
          <span className="step-text-generated">{generatedText(session)}</span>
        </p>
      </div>
    </div>
  );
});
