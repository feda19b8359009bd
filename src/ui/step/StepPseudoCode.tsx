import { memo, useId } from 'react';
import { PSEUDO_CODE_LINES, type PseudoCodeLineId } from '../../engine/stepper/pseudo-code.ts';
import { useT } from '../i18n/use-t.ts';

export interface StepPseudoCodeProps {
  /** The line being executed (aria-current). */
  readonly current: PseudoCodeLineId;
  /** Ids the window leaves out once the context is full; 0 while everything fits. */
  readonly cropped: number;
}

/** The loop as a few lines of pseudo-code, with the line being executed marked. */
export const StepPseudoCode = memo(function StepPseudoCode({ current, cropped }: StepPseudoCodeProps) {
  const t = useT();
  const headingId = useId();
  return (
    <section className="step-code card" aria-labelledby={headingId}>
      <h3 id={headingId} className="section-label">
        {t('step.pseudoCode')}
      </h3>
      <ol className="step-code-lines" translate="no">
        {PSEUDO_CODE_LINES.map((line) => (
          <li
            key={line.id}
            className={['step-code-line', line.id === current && 'is-current', line.id === 'crop' && cropped > 0 && 'is-cropping'].filter(Boolean).join(' ')}
            aria-current={line.id === current ? 'step' : undefined}
            style={{ paddingInlineStart: `${line.indent * 1.5 + 0.5}rem` }}
          >
            <code>{line.code}</code>
            <span className="step-code-comment" translate="yes">
              {'# '}
              {t(`step.code.${line.id}`)}
              {line.id === 'crop' && cropped > 0 && ` (${t('step.cropped', { count: cropped })})`}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
});
