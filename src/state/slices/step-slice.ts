import type { StateCreator } from 'zustand';
import type { StepHistory } from '../../engine/stepper/step-history.ts';
import type { SamplingSettings } from '../../engine/types.ts';
import type { LoadedModel, RequestId, WorkerErrorInfo } from '../../worker/protocol.ts';
import { DEFAULT_PROMPT, DEFAULT_SEED, defaultSettings } from '../defaults.ts';
import type { Store } from '../store.ts';

/** What the page keeps of one step besides its {@link TakenStep} (aligned with `history.steps`). */
export interface StepInfo {
  /** Each of the step's candidates decoded alone, aligned with `stages.candidates`. */
  readonly candidateTexts: readonly string[];
  /** Everything after the prompt once this step's token is in, decoded whole (see step-session.ts). */
  readonly text: string;
  /** Ids left out of the window at this step (the sequence had reached the context length). */
  readonly cropStart: number;
  /** Positions run through the model for this step, and positions that came from the cache. */
  readonly fedTokens: number;
  readonly cachedTokens: number;
  readonly forwardMs: number;
}

/** One walk through the loop: the prompt as tokenized by one loaded model, and the steps taken. */
export interface StepSession {
  /** The loaded model the prompt was tokenized with; another load starts a new session. */
  readonly model: LoadedModel;
  /** The prompt text as tokenized (the box may have been edited since). */
  readonly prompt: string;
  /** Each prompt id decoded alone, aligned with `history.promptIds`. */
  readonly promptTexts: readonly string[];
  readonly history: StepHistory;
  /** Aligned with `history.steps` (undone ones included, so a redo has them). */
  readonly infos: readonly StepInfo[];
}

/** `idle`: waiting for a button; `stepping`: one request in flight; `running`: "Run to end" is going. */
export type StepStatus = 'idle' | 'stepping' | 'running';

/** The step-by-step mode's state: its own prompt and settings, and the walk so far. */
export interface StepModeState {
  readonly prompt: string;
  readonly settings: SamplingSettings;
  readonly seed: number;
  /** "Run to end" stops when this many tokens follow the prompt (or at `<|endoftext|>`). */
  readonly maxTokens: number;
  readonly session: StepSession | null;
  readonly status: StepStatus;
  /** The request in flight; replies to any other are ignored. */
  readonly requestId: RequestId | null;
  /** Stop was pressed: "Run to end" ends after the step in flight. */
  readonly stopRequested: boolean;
  readonly error: WorkerErrorInfo | null;
}

export interface StepSlice {
  readonly stepMode: StepModeState;
}

/** "Run to end" goes this far unless told otherwise: enough to see a text form, quick on every model. */
export const DEFAULT_STEP_MAX_TOKENS = 20;

export function initialStepState(): StepSlice {
  return {
    stepMode: {
      prompt: DEFAULT_PROMPT,
      settings: defaultSettings(),
      seed: DEFAULT_SEED,
      maxTokens: DEFAULT_STEP_MAX_TOKENS,
      session: null,
      status: 'idle',
      requestId: null,
      stopRequested: false,
      error: null,
    },
  };
}

export const createStepSlice: StateCreator<Store, [], [], StepSlice> = () => initialStepState();
