import { memo, useId } from 'react';
import type { PipelineStage, PipelineStageName } from '../../engine/stepper/pipeline-stages.ts';
import type { TakenStep } from '../../engine/stepper/step-history.ts';
import type { TokenId } from '../../engine/types.ts';
import { chooseStepToken } from '../../state/step-actions.ts';
import type { StepInfo } from '../../state/slices/step-slice.ts';
import { useStore, type Store } from '../../state/store.ts';
import { useT, selectLanguage } from '../i18n/use-t.ts';
import { barWidths, formatProbability, visibleTokenText } from '../tokens/probability.ts';

const selectIdle = (s: Store) => s.stepMode.status === 'idle';

export interface StepPipelineProps {
  readonly step: TakenStep;
  readonly info: StepInfo;
  /** 1-based number of the step shown. */
  readonly number: number;
  readonly vocabSize: number;
  /** The stage a person is looking at (pointer or focus), for the pseudo-code's highlight; null when none. */
  readonly onLook: (stage: PipelineStageName | null) => void;
}

/** One step's candidates through every stage, as bars; the draw's column lets a person choose another. */
export const StepPipeline = memo(function StepPipeline({ step, info, number, vocabSize, onLook }: StepPipelineProps) {
  const t = useT();
  const locale = useStore(selectLanguage);
  const { stages } = step;
  const text = (index: number) => visibleTokenText(info.candidateTexts[index] ?? '');
  const drawnIndex = stages.chosenIndex;
  const takenIndex = stages.candidates.findIndex((c) => c.id === step.tokenId);
  const digits = (x: number) => x.toFixed(4);
  return (
    <section className="step-pipeline card" aria-label={t('step.pipeline')} onMouseLeave={() => onLook(null)} onBlur={() => onLook(null)}>
      <h3 className="section-label">
        {t('step.pipeline')} · {t('step.stepNumber', { n: number })}
      </h3>
      <p className="field-hint">{t('step.pipelineHint')}</p>
      <div className="step-stages">
        {stages.stages.map((stage, s) => (
          <StageColumn
            key={stage.name}
            stage={stage}
            order={s + 1}
            vocabSize={vocabSize}
            locale={locale}
            texts={stages.candidates.map((_, i) => text(i))}
            penalized={stages.candidates.map((c) => c.penalized)}
            drawnIndex={drawnIndex}
            takenIndex={takenIndex}
            hand={step.origin === 'chosen'}
            onLook={onLook}
          />
        ))}
      </div>
      <p className="step-draw-info" translate="no">
        {stages.drawInterval === null
          ? t('step.drawGreedy', { token: text(drawnIndex), id: stages.chosen })
          : t('step.drawInterval', { u: digits(stages.uniform), start: digits(stages.drawInterval.start), end: digits(stages.drawInterval.end), token: text(drawnIndex), id: stages.chosen })}
      </p>
    </section>
  );
});

interface StageColumnProps {
  readonly stage: PipelineStage;
  readonly order: number;
  readonly vocabSize: number;
  readonly locale: string;
  readonly texts: readonly string[];
  readonly penalized: readonly boolean[];
  readonly drawnIndex: number;
  readonly takenIndex: number;
  /** The step's token was chosen by hand (it may differ from the drawn one). */
  readonly hand: boolean;
  readonly onLook: (stage: PipelineStageName) => void;
}

function StageColumn({ stage, order, vocabSize, locale, texts, penalized, drawnIndex, takenIndex, hand, onLook }: StageColumnProps) {
  const t = useT();
  const idle = useStore(selectIdle);
  const headingId = useId();
  const widths = barWidths(stage.entries.map((e) => e.probability));
  const count = new Intl.NumberFormat(locale);
  const isDraw = stage.name === 'draw';
  return (
    <div
      role="group"
      aria-labelledby={headingId}
      className={`step-stage step-stage-${stage.status}`}
      onMouseEnter={() => onLook(stage.name)}
      onFocus={() => onLook(stage.name)}
    >
      <h4 id={headingId} className="step-stage-title">
        {order} · {t(`step.stage.${stage.name}`)}
      </h4>
      <p className="step-stage-meta">
        {stage.status !== 'applied' && <span className="badge">{t(`step.status.${stage.status}`)}</span>}{' '}
        {t('step.kept', { count: count.format(stage.keptCount), total: count.format(vocabSize) })}
      </p>
      <ol className="step-bars">
        {stage.entries.map((entry, i) => {
          const cut = entry.cutBy !== null;
          const drawn = i === drawnIndex;
          const taken = i === takenIndex;
          return (
            <li key={entry.id} className={['step-bar', cut && 'is-cut', drawn && 'is-drawn', taken && 'is-taken'].filter(Boolean).join(' ')}>
              <span className="step-bar-token" translate="no">
                {texts[i]}
              </span>
              <span className="step-bar-id mono">{entry.id}</span>
              <span className="step-bar-track" aria-hidden="true">
                <span className="step-bar-fill" style={{ width: `${(widths[i] ?? 0) * 100}%` }} />
              </span>
              <span className="step-bar-value">
                {cut && entry.cutBy ? t(`step.cut.${entry.cutBy}`) : formatProbability(entry.probability, locale)}
                {stage.name === 'penalties' && penalized[i] && <span className="step-bar-note"> · {t('step.penalized')}</span>}
                {drawn && <span className="step-bar-note"> · {t('step.drawn')}</span>}
                {hand && taken && <span className="step-bar-note"> · {t('step.chosenByHand')}</span>}
              </span>
              {isDraw && (
                <button
                  type="button"
                  className="button button-small step-choose"
                  disabled={!idle || taken}
                  aria-label={t('step.choose', { token: texts[i] ?? '', id: entry.id })}
                  onClick={() => chooseStepToken(entry.id as TokenId)}
                >
                  {t('step.chooseShort')}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
