/**
 * The state of the step-by-step mode as a pure state machine: the prompt, the tokens taken one
 * step at a time (drawn by the sampler or chosen by hand), and a cursor that Back moves so a step
 * can be redone. Every transition returns a new history; nothing here runs the model.
 *
 * The uniform number of each step is a function of the seed and the step's position, so Back
 * followed by Next token draws the same token again, and a hand-chosen branch does not shift the
 * numbers later steps get (every step takes one number, as in the sampler's lockstep rule).
 */
import { cropToContext } from '../context-window.ts';
import { createPrng } from '../prng.ts';
import type { TokenId } from '../types.ts';
import type { StepStages } from './pipeline-stages.ts';

/** How a step's token was picked: drawn by the sampler, or chosen by hand (a branch). */
export type StepOrigin = 'drawn' | 'chosen';

/** One step taken. */
export interface TakenStep {
  readonly tokenId: TokenId;
  readonly origin: StepOrigin;
  /** The pipeline as it was when the step was taken. */
  readonly stages: StepStages;
}

/** The whole step-by-step session. */
export interface StepHistory {
  /** At least one id (use `<|endoftext|>` for an empty prompt, as the decoding loop does). */
  readonly promptIds: readonly TokenId[];
  /** The most positions the model takes (1,024 for GPT-2). */
  readonly contextLength: number;
  /** Seed of the stream the steps' uniform numbers come from. */
  readonly seed: number;
  /** Steps taken; those at `cursor` and after were undone by Back and can be redone. */
  readonly steps: readonly TakenStep[];
  /** How many steps are in effect. */
  readonly cursor: number;
}

/** What the model sees on the next forward pass. */
export interface ContextWindow {
  /** The ids fed to the model: the sequence from `cropStart` on. */
  readonly ids: readonly TokenId[];
  /** How many ids at the start of the sequence are cropped away; 0 while everything fits. */
  readonly cropStart: number;
  /**
   * Whether the sequence has reached the context length: the main page's decoding loop stops
   * here (`context_full`); the step-by-step mode goes on by keeping the last contextLength − 1 ids.
   */
  readonly full: boolean;
}

/**
 * A history at the prompt, with no step taken.
 *
 * @throws RangeError for an empty prompt, a context length below 2 (no room for the prompt and a
 *   new token) or a seed that is not a 32-bit unsigned integer.
 */
export function createStepHistory(promptIds: readonly TokenId[], contextLength: number, seed: number): StepHistory {
  if (promptIds.length === 0) throw new RangeError('The prompt needs at least one token; use <|endoftext|> for an empty one.');
  if (!(Number.isInteger(contextLength) && contextLength >= 2)) {
    throw new RangeError(`The context length is a whole number ≥ 2; got ${contextLength}.`);
  }
  createPrng(seed); // Validates the seed now rather than at the first step.
  return { promptIds: [...promptIds], contextLength, seed, steps: [], cursor: 0 };
}

/** The steps in effect (before the cursor). */
export function stepsTaken(history: StepHistory): readonly TakenStep[] {
  return history.steps.slice(0, history.cursor);
}

/** Prompt and tokens taken so far, oldest first: what the penalties and the n-gram ban see. */
export function sequenceOf(history: StepHistory): TokenId[] {
  return [...history.promptIds, ...stepsTaken(history).map((step) => step.tokenId)];
}

/**
 * The window the next forward pass sees. Once the sequence reaches the context length it keeps
 * the last contextLength − 1 ids (`cropToContext`, as for a long prompt): room for the new token.
 */
export function contextWindow(history: StepHistory): ContextWindow {
  const sequence = sequenceOf(history);
  return { ...cropToContext(sequence, history.contextLength), full: sequence.length >= history.contextLength };
}

/** The uniform number the next step draws with: number `cursor` of the seed's stream. */
export function nextUniform(history: StepHistory): number {
  const prng = createPrng(history.seed);
  for (let i = 0; i < history.cursor; i++) prng.next();
  return prng.next();
}

/** "Next token": takes the token the pipeline drew. Any undone steps are forgotten. */
export function takeDrawnToken(history: StepHistory, stages: StepStages): StepHistory {
  return append(history, { tokenId: stages.chosen, origin: 'drawn', stages });
}

/**
 * "Choose this token": takes one of the step's candidates instead of the drawn one, branching the
 * text. Choosing the drawn token by hand still counts as a hand choice.
 *
 * @throws RangeError when `tokenId` is not one of `stages.candidates`.
 */
export function chooseToken(history: StepHistory, stages: StepStages, tokenId: TokenId): StepHistory {
  if (!stages.candidates.some((candidate) => candidate.id === tokenId)) {
    throw new RangeError(`Token ${tokenId} is not a candidate of this step; choose one of the bars shown.`);
  }
  return append(history, { tokenId, origin: 'chosen', stages });
}

/** Whether there is a step to undo. */
export function canGoBack(history: StepHistory): boolean {
  return history.cursor > 0;
}

/** "Back": undoes the last step, keeping it so {@link redo} can bring it back. No-op at the prompt. */
export function back(history: StepHistory): StepHistory {
  return canGoBack(history) ? { ...history, cursor: history.cursor - 1 } : history;
}

/** The step {@link redo} would bring back, or `null`. */
export function redoableStep(history: StepHistory): TakenStep | null {
  return history.steps[history.cursor] ?? null;
}

/** Takes again the step that Back undid, without running the model. No-op when there is none. */
export function redo(history: StepHistory): StepHistory {
  return redoableStep(history) === null ? history : { ...history, cursor: history.cursor + 1 };
}

/** "Restart": back to the prompt with every step forgotten; the same seed draws the same tokens. */
export function restart(history: StepHistory): StepHistory {
  return { ...history, steps: [], cursor: 0 };
}

function append(history: StepHistory, step: TakenStep): StepHistory {
  return { ...history, steps: [...stepsTaken(history), step], cursor: history.cursor + 1 };
}
