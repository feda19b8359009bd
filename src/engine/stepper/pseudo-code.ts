/**
 * The decoding loop as a few lines of pseudo-code, as data, so the step-by-step view can show the
 * loop and highlight the line that the current phase of a step is on.
 */
import { PIPELINE_STAGE_NAMES, type PipelineStageName } from './pipeline-stages.ts';

/** The id of one line of {@link PSEUDO_CODE_LINES}. */
export type PseudoCodeLineId = 'loop' | 'crop' | 'forward' | 'last_position' | 'softmax' | 'pick' | 'append';

/** One line of the pseudo-code. */
export interface PseudoCodeLine {
  readonly id: PseudoCodeLineId;
  /** Nesting depth: 0 for the loop header, 1 for its body. */
  readonly indent: number;
  readonly code: string;
  /** What the line does, in words a newcomer follows. */
  readonly comment: string;
}

/** The loop, one entry per line, top to bottom. */
export const PSEUDO_CODE_LINES = [
  { id: 'loop', indent: 0, code: 'while len(new_ids) < max_new_tokens:', comment: 'one token per round' },
  { id: 'crop', indent: 1, code: 'window = ids[-(n_ctx - 1):]', comment: 'crop to the context window' },
  { id: 'forward', indent: 1, code: 'logits = model(window)', comment: 'forward: a score per token, at every position' },
  { id: 'last_position', indent: 1, code: 'logits = logits[-1]', comment: 'last position: the scores for the next token' },
  { id: 'softmax', indent: 1, code: 'probs = softmax(process(logits))', comment: 'penalties, temperature, top-k, top-p, min-p' },
  { id: 'pick', indent: 1, code: 'next_id = pick(probs, u)', comment: 'draw: the token whose slice holds u (greedy: the argmax)' },
  { id: 'append', indent: 1, code: 'ids.append(next_id)', comment: 'append, then go round again' },
] as const satisfies readonly PseudoCodeLine[];

/** Where a step is: before the model, in the model, one of the pipeline's stages, or appending. */
export type StepPhase = 'crop' | 'forward' | 'last_position' | PipelineStageName | 'append';

/** The line to highlight during `phase`: every stage before the draw is on the softmax line. */
export function highlightedLine(phase: StepPhase): PseudoCodeLineId {
  switch (phase) {
    case 'crop':
    case 'forward':
    case 'last_position':
    case 'append':
      return phase;
    case 'raw':
    case 'penalties':
    case 'temperature':
    case 'top_k':
    case 'top_p':
    case 'min_p':
      return 'softmax';
    case 'draw':
      return 'pick';
    default:
      return exhaustive(phase);
  }
}

/**
 * The phases of one step in order. The crop phase is there only when the window crops something,
 * so the view does not stop on a line that does nothing.
 */
export function stepPhases(window: { readonly cropStart: number }): StepPhase[] {
  return [...(window.cropStart > 0 ? (['crop'] as const) : []), 'forward', 'last_position', ...PIPELINE_STAGE_NAMES, 'append'];
}

function exhaustive(value: never): never {
  throw new Error(`Unexpected step phase: ${String(value)}`);
}
