/**
 * The step-by-step mode's intents: its own prompt and settings, and the walk one token at a time
 * (Next token, Run to end and its Stop, Back, Restart, Choose this token). The prompt is tokenized
 * with the loaded model, then every step is one `step` request; Back and a later Next token are
 * history moves that bring the undone step back without asking the model again.
 */
import type { TokenId } from '../engine/types.ts';
import { sequenceOf } from '../engine/stepper/step-history.ts';
import type { SamplingSettings } from '../engine/types.ts';
import type { Done, ErrorMessage, LoadedModel, RequestId, StepResult, ToWorker, TokenizeResult } from '../worker/protocol.ts';
import { randomSeed } from './defaults.ts';
import { clampSettings, clampToRange, MIN_P_RANGE, RANGES, STEP_MAX_TOKENS_RANGE } from './settings-ranges.ts';
import type { StepModeState, StepSession } from './slices/step-slice.ts';
import {
  backSession,
  chooseCandidate,
  dropRedo,
  generatedCount,
  lastStep,
  nextStepFields,
  redoable,
  redoSession,
  restartSession,
  sessionIsCurrent,
  startSession,
  takeStepResult,
  withSeed,
} from './step-session.ts';
import { useStore } from './store.ts';
import { sendWithListener } from './worker-bridge.ts';

/** Candidates followed through the stages: the top 8 raw and the top 8 after penalties and temperature. */
export const STEP_CANDIDATES = 8;


let counter = 0;
const newRequestId = (kind: string): RequestId => `${kind}-${Date.now().toString(36)}-${++counter}`;

function updateStep(change: (step: StepModeState) => Partial<StepModeState>): void {
  useStore.setState((state) => ({ stepMode: { ...state.stepMode, ...change(state.stepMode) } }));
}

/** Sends one request and resolves with its terminal message. */
function ask(message: ToWorker): Promise<Done | ErrorMessage> {
  return new Promise((resolve) => {
    sendWithListener(message, (reply) => {
      if (reply.type === 'done' || reply.type === 'error') resolve(reply);
    });
  });
}

export function setStepPrompt(prompt: string): void {
  updateStep(() => ({ prompt }));
}

/** Changes the settings of the steps still to come; undone steps, drawn with the old ones, are dropped. */
export function updateStepSettings(change: Partial<SamplingSettings>): void {
  updateStep((step) => ({
    settings: { ...step.settings, ...change },
    session: step.session && dropRedo(step.session),
  }));
}

export function setStepSeed(seed: number): void {
  const clamped = clampToRange(seed, RANGES.seed);
  updateStep((step) => ({ seed: clamped, session: step.session && withSeed(step.session, clamped) }));
}

export function newRandomStepSeed(): void {
  setStepSeed(randomSeed());
}

export function setStepMaxTokens(maxTokens: number): void {
  updateStep(() => ({ maxTokens: clampToRange(maxTokens, STEP_MAX_TOKENS_RANGE) }));
}

/** The settings a step request sends: every value in range. */
export function stepRequestSettings(step: Pick<StepModeState, 'settings'>): SamplingSettings {
  return { ...clampSettings(step.settings), minP: clampToRange(step.settings.minP, MIN_P_RANGE) };
}

/**
 * The session for the prompt in the box and the loaded model: the current one, or a new one from
 * a tokenize request. Null when there is no model or the request failed (the error is in state).
 */
async function currentSession(): Promise<StepSession | null> {
  const { stepMode, loaded } = useStore.getState();
  if (!loaded) return null;
  if (sessionIsCurrent(stepMode.session, stepMode.prompt, loaded)) return stepMode.session;
  const requestId = newRequestId('tokenize');
  const prompt = stepMode.prompt;
  updateStep(() => ({ requestId }));
  const end = await ask({ type: 'tokenize', requestId, text: prompt });
  if (useStore.getState().stepMode.requestId !== requestId) return null;
  if (end.type === 'error') {
    updateStep(() => ({ requestId: null, error: end.error }));
    return null;
  }
  if (end.request !== 'tokenize') return null;
  const session = startSession(loaded, prompt, end.result satisfies TokenizeResult, useStore.getState().stepMode.seed);
  updateStep(() => ({ requestId: null, session }));
  return session;
}

/** One step: brings back an undone one, or asks the model. Returns whether a token was taken. */
async function stepOnce(): Promise<boolean> {
  const session = await currentSession();
  if (!session) return false;
  if (redoable(session)) {
    updateStep(() => ({ session: redoSession(session) }));
    return true;
  }
  const requestId = newRequestId('step');
  const fields = nextStepFields(session);
  updateStep(() => ({ requestId }));
  const end = await ask({ type: 'step', requestId, ...fields, settings: stepRequestSettings(useStore.getState().stepMode), count: STEP_CANDIDATES });
  const now = useStore.getState().stepMode;
  if (now.requestId !== requestId) return false;
  if (end.type === 'error') {
    updateStep(() => ({ requestId: null, error: end.error }));
    return false;
  }
  if (end.request !== 'step') return false;
  // Settings or the seed may have changed meanwhile (dropping undone steps): the sequence is what counts.
  const target = now.session;
  if (!target || !sameIds(sequenceOf(target.history), fields.ids)) {
    updateStep(() => ({ requestId: null }));
    return false;
  }
  updateStep(() => ({ requestId: null, session: takeStepResult(target, end.result satisfies StepResult) }));
  return true;
}

/** "Next token". */
export async function nextToken(): Promise<void> {
  if (useStore.getState().stepMode.status !== 'idle') return;
  updateStep(() => ({ status: 'stepping', error: null }));
  try {
    await stepOnce();
  } finally {
    updateStep(() => ({ status: 'idle' }));
  }
}

/** "Run to end": steps until `maxTokens` follow the prompt, the model writes `<|endoftext|>`, or Stop. */
export async function runToEnd(): Promise<void> {
  if (useStore.getState().stepMode.status !== 'idle') return;
  updateStep(() => ({ status: 'running', stopRequested: false, error: null }));
  try {
    for (;;) {
      const { stepMode } = useStore.getState();
      if (stepMode.stopRequested) break;
      const session = stepMode.session;
      if (session && sessionIsCurrent(session, stepMode.prompt, useStore.getState().loaded)) {
        if (generatedCount(session) >= stepMode.maxTokens) break;
        if (lastStep(session)?.step.tokenId === session.model.eosTokenId) break;
      }
      if (!(await stepOnce())) break;
    }
  } finally {
    updateStep(() => ({ status: 'idle', stopRequested: false }));
  }
}

/** Stop: "Run to end" ends after the step in flight. */
export function stopStepRun(): void {
  if (useStore.getState().stepMode.status === 'running') updateStep(() => ({ stopRequested: true }));
}

/** Whether "Run to end" has something to do: a new prompt or model starts again; else tokens are missing. */
export function canRunToEnd(state: { readonly stepMode: StepModeState; readonly loaded: LoadedModel | null }): boolean {
  const { stepMode, loaded } = state;
  if (!loaded) return false;
  return !sessionIsCurrent(stepMode.session, stepMode.prompt, loaded) || generatedCount(stepMode.session) < stepMode.maxTokens;
}

function whenIdle(change: (session: StepSession) => StepSession): void {
  updateStep((step) => (step.status !== 'idle' || !step.session ? {} : { session: change(step.session), error: null }));
}

/** "Back": undoes the last step (Next token brings it back as it was). */
export function stepBack(): void {
  whenIdle(backSession);
}

/** "Restart": back to the prompt. */
export function restartSteps(): void {
  whenIdle(restartSession);
}

/** "Choose this token": the last step takes this candidate instead of the drawn token. */
export function chooseStepToken(id: TokenId): void {
  whenIdle((session) => chooseCandidate(session, id));
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
