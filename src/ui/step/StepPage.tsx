import { useCallback, useEffect, useId, useState } from 'react';
import type { PipelineStageName } from '../../engine/stepper/pipeline-stages.ts';
import { highlightedLine, type PseudoCodeLineId } from '../../engine/stepper/pseudo-code.ts';
import { setStepPrompt, stopStepRun } from '../../state/step-actions.ts';
import { lastStep, nextWindow } from '../../state/step-session.ts';
import { useStore } from '../../state/store.ts';
import { errorText } from '../i18n/reasons.ts';
import { useT } from '../i18n/use-t.ts';
import { StepControls } from './StepControls.tsx';
import { StepPipeline } from './StepPipeline.tsx';
import { StepPseudoCode } from './StepPseudoCode.tsx';
import { StepSequence } from './StepSequence.tsx';
import { StepSettings } from './StepSettings.tsx';
import { selectLoaded, selectStepError, selectStepPrompt, selectStepSession, selectStepStatus } from './step-selectors.ts';
import './step.css';

/**
 * The "Step by step" teaching mode: the decoding loop one token at a time, each step's
 * distribution through every stage of the sampling pipeline, and the loop as pseudo-code.
 */
export function StepPage() {
  const t = useT();
  const promptId = useId();
  const session = useStore(selectStepSession);
  const status = useStore(selectStepStatus);
  const error = useStore(selectStepError);
  const loaded = useStore(selectLoaded);
  const prompt = useStore(selectStepPrompt);
  const [looking, setLooking] = useState<PipelineStageName | null>(null);
  const onLook = useCallback((stage: PipelineStageName | null) => setLooking(stage), []);

  // Leaving the mode ends a "Run to end" (after the step in flight).
  useEffect(() => () => stopStepRun(), []);

  const shown = session ? lastStep(session) : null;
  const cropped = session ? nextWindow(session).cropStart : 0;
  const current: PseudoCodeLineId = status !== 'idle' ? 'forward' : looking ? highlightedLine(looking) : shown ? 'append' : 'loop';
  const hint = !loaded
    ? t('step.needsModel')
    : session && session.model !== loaded
      ? t('step.modelChanged')
      : session && session.prompt !== prompt
        ? t('step.promptEdited')
        : !shown
          ? t('step.start')
          : null;

  return (
    <section className="mode-page step-page" aria-label={t('mode.step')}>
      <h2>{t('mode.step')}</h2>
      <p className="muted">{t('step.intro')}</p>
      <div className="step-layout">
        <div className="step-side">
          <div className="card step-prompt">
            <label htmlFor={promptId} className="section-label">
              {t('step.promptLabel')}
            </label>
            <textarea id={promptId} className="prompt-input" rows={2} value={prompt} onChange={(event) => setStepPrompt(event.target.value)} />
            <StepControls />
            {hint && <p className="field-hint">{hint}</p>}
          </div>
          <StepPseudoCode current={current} cropped={cropped} />
          <div className="card step-settings-card">
            <StepSettings />
          </div>
        </div>
        <div className="step-main">
          {error && (
            <div className="alert alert-error" role="alert">
              <p className="alert-title">{t('step.error')}</p>
              <p>{errorText(t, error)}</p>
            </div>
          )}
          {session && (
            <div className="card">
              <StepSequence session={session} />
              {shown && (
                <p className="field-hint">
                  {shown.info.fedTokens === 0
                    ? t('step.forwardReused')
                    : t('step.forward', { fed: shown.info.fedTokens, cached: shown.info.cachedTokens, ms: shown.info.forwardMs.toFixed(1) })}
                </p>
              )}
              {cropped > 0 && <p className="field-hint step-crop-note">{t('step.crop', { count: cropped })}</p>}
              {shown && shown.step.tokenId === session.model.eosTokenId && <p className="field-hint">{t('step.eos')}</p>}
            </div>
          )}
          {session && shown && <StepPipeline step={shown.step} info={shown.info} number={shown.index + 1} vocabSize={session.model.vocabSize} onLook={onLook} />}
        </div>
      </div>
    </section>
  );
}
