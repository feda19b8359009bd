import { useShallow } from 'zustand/react/shallow';
import { canGoBack } from '../../engine/stepper/step-history.ts';
import { canRunToEnd, nextToken, restartSteps, runToEnd, stepBack, stopStepRun } from '../../state/step-actions.ts';
import { useStore, type Store } from '../../state/store.ts';
import { useT } from '../i18n/use-t.ts';

const selectButtons = (s: Store) => ({
  ready: s.loadStatus === 'ready' && s.loaded !== null,
  status: s.stepMode.status,
  canBack: s.stepMode.session !== null && canGoBack(s.stepMode.session.history),
  canRun: canRunToEnd(s),
});

/** Next token, Run to end (Stop while it runs), Back and Restart. */
export function StepControls() {
  const t = useT();
  const { ready, status, canBack, canRun } = useStore(useShallow(selectButtons));
  const idle = status === 'idle';
  return (
    <div className="step-controls">
      <button type="button" className="button button-primary" disabled={!ready || !idle} onClick={() => void nextToken()}>
        {t('step.next')}
      </button>
      {status === 'running' ? (
        <button type="button" className="button" onClick={stopStepRun}>
          {t('step.stop')}
        </button>
      ) : (
        <button type="button" className="button" disabled={!ready || !idle || !canRun} onClick={() => void runToEnd()}>
          {t('step.run')}
        </button>
      )}
      <button type="button" className="button" disabled={!idle || !canBack} onClick={stepBack}>
        {t('step.back')}
      </button>
      <button type="button" className="button" disabled={!idle || !canBack} onClick={restartSteps}>
        {t('step.restart')}
      </button>
    </div>
  );
}
