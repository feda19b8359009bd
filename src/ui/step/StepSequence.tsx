import { memo, useId } from 'react';
import { generatedText, sequenceChips } from '../../state/step-session.ts';
import type { StepSession } from '../../state/slices/step-slice.ts';
import { useT } from '../i18n/use-t.ts';
import { visibleTokenText } from '../tokens/probability.ts';

/**
 * Chips outside the window drawn one by one, the latest ones; earlier ones are one chip with their
 * count. A prompt of 10,000 tokens would otherwise put 10,000 chips on the page and re-render them
 * all on every step (seconds per click); the window and a few tokens before it tell the story.
 */
export const OUTSIDE_CHIPS_SHOWN = 16;

/** The sequence so far as token chips (text and id), its ids in a row, and its text. */
export const StepSequence = memo(function StepSequence({ session }: { readonly session: StepSession }) {
  const t = useT();
  const listId = useId();
  const idsId = useId();
  const textId = useId();
  const chips = sequenceChips(session);
  const outside = chips.findIndex((chip) => chip.inWindow);
  const elided = Math.max(0, (outside < 0 ? chips.length : outside) - OUTSIDE_CHIPS_SHOWN);
  return (
    <div className="step-sequence">
      <span id={listId} className="section-label">
        {t('step.sequence')}
      </span>
      <ol className="step-chips" aria-labelledby={listId} translate="no">
        {elided > 0 && <li className="step-chip step-chip-cropped step-chip-elided" translate="yes">{t('step.elided', { count: elided })}</li>}
        {chips.slice(elided).map((chip, i) => (
          <li key={elided + i} className={`step-chip step-chip-${chip.origin}${chip.inWindow ? '' : ' step-chip-cropped'}`}>
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
