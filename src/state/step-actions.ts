/**
 * The step-by-step mode's intents: its own prompt and settings, and the walk one token at a time
 * (Next token, Run to end and its Stop, Back, Restart, Choose this token). The prompt is tokenized
 * with the loaded model, then every step is one `step` request; Back and a later Next token are
 * history moves that bring the undone step back without asking the model again.
 */
import type { TokenId } from '../engine/types.ts';
import { sequenceOf } from '../engine/stepper/step-history.ts';
import type { SamplingSettings } from '../engine/types.ts';
import type { LoadedModel, RequestKind, RequestMap, ResultOf } from '../worker/protocol.ts';
import { randomSeed } from './defaults.ts';
import { clampSeed, clampSettings, clampStepMaxTokens } from './settings-ranges.ts';
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
import { callErrorInfo, workerClient } from './worker-client.ts';

/** Candidates followed through the stages: the top 8 raw and the top 8 after penalties and temperature. */
export const STEP_CANDIDATES = 8;


function updateStep(change: (step: StepModeState) => Partial<StepModeState>): void {
  useStore.setState((state) => ({ stepMode: { ...state.stepMode, ...change(state.stepMode) } }));
}

/**
 * Sends one request, recording its id as the mode's request in flight, and settles with its
 * result, or null when it failed (the error is then in state) or another request replaced it.
 */
async function ask<K extends RequestKind>(kind: K, payload: RequestMap[K]['request']): Promise<ResultOf<K> | null> {
  const call = workerClient.call(kind, payload);
  const { requestId } = call;
  updateStep(() => ({ requestId }));
  const isCurrent = () => useStore.getState().stepMode.requestId === requestId;
  try {
    const result = await call;
    return isCurrent() ? result : null;
  } catch (error) {
    if (isCurrent()) updateStep(() => ({ requestId: null, error: callErrorInfo(error) }));
    return null;
  }
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
  const clamped = clampSeed(seed);
  updateStep((step) => ({ seed: clamped, session: step.session && withSeed(step.session, clamped) }));
}

export function newRandomStepSeed(): void {
  setStepSeed(randomSeed());
}

export function setStepMaxTokens(maxTokens: number): void {
  updateStep(() => ({ maxTokens: clampStepMaxTokens(maxTokens) }));
}

/** The settings a step request sends: every value in range. */
export function stepRequestSettings(step: Pick<StepModeState, 'settings'>): SamplingSettings {
  return clampSettings(step.settings);
}

/**
 * The session for the prompt in the box and the loaded model: the current one, or a new one from
 * a tokenize request. Null when there is no model or the request failed (the error is in state).
 */
async function currentSession(): Promise<StepSession | null> {
  const { stepMode, loaded } = useStore.getState();
  if (!loaded) return null;
  if (sessionIsCurrent(stepMode.session, stepMode.prompt, loaded)) return stepMode.session;
  const prompt = stepMode.prompt;
  const tokens = await ask('tokenize', { text: prompt });
  if (!tokens) return null;
  const session = startSession(loaded, prompt, tokens, useStore.getState().stepMode.seed);
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
  const fields = nextStepFields(session);
  const result = await ask('step', { ...fields, settings: stepRequestSettings(useStore.getState().stepMode), count: STEP_CANDIDATES });
  if (!result) return false;
  const now = useStore.getState().stepMode;
  // Settings or the seed may have changed meanwhile (dropping undone steps): the sequence is what counts.
  const target = now.session;
  if (!target || !sameIds(sequenceOf(target.history), fields.ids)) {
    updateStep(() => ({ requestId: null }));
    return false;
  }
  updateStep(() => ({ requestId: null, session: takeStepResult(target, result) }));
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
