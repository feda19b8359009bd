import { memo, useEffect, useId, useRef } from 'react';
import { generate, setPrompt, stop } from '../../state/actions.ts';
import type { Store } from '../../state/store.ts';
import { useStore } from '../../state/store.ts';
import { useT } from '../i18n/use-t.ts';
import { selectIsGenerating, selectModelReady } from '../workspace/selectors.ts';
import { PromptTokens } from './PromptTokens.tsx';
import './prompt.css';

const selectPrompt = (s: Store) => s.prompt;

/** The prompt, Generate and Stop; typing here re-renders this box alone. */
export const PromptBox = memo(function PromptBox() {
  const t = useT();
  const promptId = useId();
  const hintId = useId();
  const prompt = useStore(selectPrompt);
  const ready = useStore(selectModelReady);
  const running = useStore(selectIsGenerating);
  const generateButton = useRef<HTMLButtonElement>(null);
  const stopButton = useRef<HTMLButtonElement>(null);
  const wasRunning = useRef(running);

  // The button that was pressed becomes disabled; hand focus to the other one so a keyboard
  // user can stop (or generate again) without hunting for it.
  useEffect(() => {
    if (wasRunning.current === running) return;
    wasRunning.current = running;
    const active = document.activeElement;
    const lost = active === null || active === document.body;
    if (running && (lost || active === generateButton.current)) stopButton.current?.focus();
    if (!running && (lost || active === stopButton.current)) generateButton.current?.focus();
  }, [running]);

  return (
    <div className="prompt-box card">
      <label htmlFor={promptId} className="section-label">
        {t('prompt.label')}
      </label>
      <textarea
        id={promptId}
        className="prompt-input"
        rows={3}
        value={prompt}
        placeholder={t('prompt.placeholder')}
        aria-describedby={hintId}
        onChange={(event) => setPrompt(event.target.value)}
      />
      <div className="prompt-actions">
        <button ref={generateButton} type="button" className="button button-primary" disabled={!ready || running} aria-keyshortcuts="Control+Enter Meta+Enter" onClick={generate}>
          {t('prompt.generate')}
        </button>
        <button ref={stopButton} type="button" className="button" disabled={!running} aria-keyshortcuts="Escape" onClick={() => stop(null)}>
          {t('prompt.stop')}
        </button>
        <span id={hintId} className="field-hint">
          {ready ? t('prompt.shortcuts') : t('prompt.needsModel')}
        </span>
      </div>
      <PromptTokens />
    </div>
  );
});
