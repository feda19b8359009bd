/**
 * The step-by-step walk as pure transitions over a {@link StepSession}: the engine's step history
 * (createStepHistory, takeDrawnToken, chooseToken, back, redo, restart) plus what the page keeps
 * beside each step (its candidates' texts, the text so far, crop and cache counts). Nothing here
 * talks to the worker; step-actions.ts does.
 */
import {
  back,
  chooseToken,
  contextWindow,
  createStepHistory,
  nextUniform,
  redo,
  redoableStep,
  restart,
  sequenceOf,
  stepsTaken,
  takeDrawnToken,
  type StepOrigin,
  type TakenStep,
} from '../engine/stepper/step-history.ts';
import { tokenId, type TokenId } from '../engine/types.ts';
import type { LoadedModel, StepResult, TokenizeResult } from '../worker/protocol.ts';
import type { StepInfo, StepSession } from './slices/step-slice.ts';

/** How GPT-2's tokenizer writes the end-of-text token, shown for an empty prompt. */
const EOS_TEXT = '<|endoftext|>';

/** A session at the prompt. An empty prompt starts from `<|endoftext|>`, as the playground's loop does. */
export function startSession(model: LoadedModel, prompt: string, tokens: TokenizeResult, seed: number): StepSession {
  const empty = tokens.ids.length === 0;
  const ids = empty ? [tokenId(model.eosTokenId)] : tokens.ids.map((id) => tokenId(id));
  return {
    model,
    prompt,
    promptTexts: empty ? [EOS_TEXT] : tokens.texts,
    history: createStepHistory(ids, model.contextLength, seed),
    infos: [],
  };
}

/** Whether the session still belongs to this prompt and this loaded model. */
export function sessionIsCurrent(session: StepSession | null, prompt: string, loaded: LoadedModel | null): session is StepSession {
  return session !== null && session.model === loaded && session.prompt === prompt;
}

/** What the next step request sends: the whole sequence, where the prompt ends, and the draw's number. */
export function nextStepFields(session: StepSession): { ids: number[]; promptLength: number; uniform: number } {
  return { ids: sequenceOf(session.history), promptLength: session.history.promptIds.length, uniform: nextUniform(session.history) };
}

/** "Next token" with the worker's answer: takes the drawn token. Any undone steps are forgotten. */
export function takeStepResult(session: StepSession, result: StepResult): StepSession {
  const { cursor } = session.history;
  const info: StepInfo = {
    candidateTexts: result.candidateTexts,
    text: result.generatedText,
    cropStart: result.cropStart,
    fedTokens: result.fedTokens,
    cachedTokens: result.cachedTokens,
    forwardMs: result.forwardMs,
  };
  return { ...session, history: takeDrawnToken(session.history, result.stages), infos: [...session.infos.slice(0, cursor), info] };
}

/**
 * "Choose this token" on a candidate of the last step: that step takes `id` instead of the token
 * it drew, and the walk goes on from there.
 *
 * @throws RangeError when no step has been taken, or `id` is not one of its candidates.
 */
export function chooseCandidate(session: StepSession, id: TokenId): StepSession {
  const last = lastStep(session);
  if (!last) throw new RangeError('Take a step first; its candidates can then be chosen.');
  const index = last.step.stages.candidates.findIndex((c) => c.id === id);
  const history = chooseToken(back(session.history), last.step.stages, id);
  const before = last.index === 0 ? '' : (session.infos[last.index - 1]?.text ?? '');
  // Decoded alone: exact unless a character's bytes straddle two tokens; the next step's text is whole again.
  const info: StepInfo = { ...last.info, text: before + (last.info.candidateTexts[index] ?? '') };
  return { ...session, history, infos: [...session.infos.slice(0, last.index), info] };
}

/** "Back": the last step is undone and kept, so Next token brings it back without the model. */
export function backSession(session: StepSession): StepSession {
  return { ...session, history: back(session.history) };
}

/** The step "Next token" would bring back from a Back, or null when it must ask the model. */
export function redoable(session: StepSession): TakenStep | null {
  return redoableStep(session.history);
}

export function redoSession(session: StepSession): StepSession {
  return { ...session, history: redo(session.history) };
}

/** "Restart": back to the prompt, every step forgotten. */
export function restartSession(session: StepSession): StepSession {
  return { ...session, history: restart(session.history), infos: [] };
}

/**
 * Forgets the undone steps: they were drawn with settings (or a seed) no longer in effect, so
 * Next token must ask the model again instead of bringing them back.
 */
export function dropRedo(session: StepSession): StepSession {
  const { history } = session;
  return { ...session, history: { ...history, steps: stepsTaken(history) }, infos: session.infos.slice(0, history.cursor) };
}

/** A new seed for the steps still to come; the tokens taken stay. */
export function withSeed(session: StepSession, seed: number): StepSession {
  const kept = dropRedo(session);
  return { ...kept, history: { ...kept.history, seed } };
}

/** The last step in effect, with what the page keeps of it; null at the prompt. */
export function lastStep(session: StepSession): { step: TakenStep; info: StepInfo; index: number } | null {
  const index = session.history.cursor - 1;
  const step = session.history.steps[index];
  const info = session.infos[index];
  return step && info ? { step, info, index } : null;
}

/** Tokens after the prompt. */
export function generatedCount(session: StepSession): number {
  return session.history.cursor;
}

/** One token of the sequence, as a chip. */
export interface SequenceChip {
  readonly id: TokenId;
  readonly text: string;
  readonly origin: 'prompt' | StepOrigin;
  /** Whether the next forward pass sees it (false once the context is full and it was cropped). */
  readonly inWindow: boolean;
}

/** The whole sequence so far, prompt first. */
export function sequenceChips(session: StepSession): SequenceChip[] {
  const { cropStart } = contextWindow(session.history);
  const prompt = session.history.promptIds.map((id, i): SequenceChip => ({ id, text: session.promptTexts[i] ?? '', origin: 'prompt', inWindow: i >= cropStart }));
  const taken = stepsTaken(session.history).map((step, i): SequenceChip => {
    const info = session.infos[i];
    const index = step.stages.candidates.findIndex((c) => c.id === step.tokenId);
    return { id: step.tokenId, text: info?.candidateTexts[index] ?? '', origin: step.origin, inWindow: prompt.length + i >= cropStart };
  });
  return [...prompt, ...taken];
}

/** The text after the prompt so far. */
export function generatedText(session: StepSession): string {
  return lastStep(session)?.info.text ?? '';
}

/** The window the next forward pass will see (its crop, once the context is full). */
export function nextWindow(session: StepSession) {
  return contextWindow(session.history);
}
