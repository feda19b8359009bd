/** Narrow selectors of the step mode, declared once so components subscribe to what they show. */
import type { Store } from '../../state/store.ts';

export const selectStepSession = (s: Store) => s.stepMode.session;
export const selectStepStatus = (s: Store) => s.stepMode.status;
export const selectStepError = (s: Store) => s.stepMode.error;
export const selectLoaded = (s: Store) => s.loaded;
export const selectStepPrompt = (s: Store) => s.stepMode.prompt;
export const selectStepControls = (s: Store) => ({
  settings: s.stepMode.settings,
  seed: s.stepMode.seed,
  maxTokens: s.stepMode.maxTokens,
  contextLength: s.loaded?.contextLength ?? null,
});
