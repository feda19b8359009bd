import { describe, expect, it } from 'vitest';
import { createPrng } from '../prng.ts';
import { NEUTRAL_SAMPLING_SETTINGS, tokenId, type TokenId } from '../types.ts';
import { pipelineStages, type StepStages } from './pipeline-stages.ts';
import {
  back,
  canGoBack,
  chooseToken,
  contextWindow,
  createStepHistory,
  nextUniform,
  redo,
  redoableStep,
  restart,
  sequenceOf,
  takeDrawnToken,
  type StepHistory,
} from './step-history.ts';

const ids = (...values: number[]): TokenId[] => values.map(tokenId);

/** A stand-in model over 6 tokens: the next token's logits depend on the last token only. */
function stagesFor(history: StepHistory): StepStages {
  const last = sequenceOf(history).at(-1)!;
  const logits = Float32Array.from({ length: 6 }, (_, id) => (id === (last + 1) % 6 ? 2 : 0));
  return pipelineStages({ logits, sequence: contextWindow(history).ids, settings: NEUTRAL_SAMPLING_SETTINGS, uniform: nextUniform(history) });
}
const next = (history: StepHistory): StepHistory => takeDrawnToken(history, stagesFor(history));

describe('step history', () => {
  const start = createStepHistory(ids(0), 1024, 7);

  it('Next token appends the drawn token and moves the cursor', () => {
    const stages = stagesFor(start);
    const one = takeDrawnToken(start, stages);
    expect(one.cursor).toBe(1);
    expect(one.steps).toEqual([{ tokenId: stages.chosen, origin: 'drawn', stages }]);
    expect(sequenceOf(one)).toEqual([0, stages.chosen]);
    expect(start.steps).toEqual([]); // Transitions never mutate.
  });

  it('each step draws with the number at its position in the seed stream', () => {
    const stream = createPrng(7);
    const expected = [stream.next(), stream.next(), stream.next()];
    const two = next(next(start));
    expect([nextUniform(start), two.steps[1]!.stages.uniform, nextUniform(two)]).toEqual(expected);
  });

  it('Back undoes the last step, and Next token then draws the same token again', () => {
    const three = next(next(next(start)));
    const undone = back(three);
    expect(undone.cursor).toBe(2);
    expect(sequenceOf(undone)).toEqual(sequenceOf(three).slice(0, 3));
    expect(redoableStep(undone)).toBe(three.steps[2]);
    expect(sequenceOf(next(undone))).toEqual(sequenceOf(three));
    expect(sequenceOf(redo(undone))).toEqual(sequenceOf(three));
  });

  it('Back at the prompt and redo with nothing undone do nothing', () => {
    expect(canGoBack(start)).toBe(false);
    expect(back(start)).toBe(start);
    expect(redo(start)).toBe(start);
  });

  it('Choose this token branches: it appends the hand-picked token and forgets the undone steps', () => {
    const three = next(next(next(start)));
    const undone = back(back(three));
    const stages = stagesFor(undone);
    const other = stages.candidates.find((c) => c.id !== stages.chosen)!.id;
    const branched = chooseToken(undone, stages, other);
    expect(branched.steps.map((s) => s.origin)).toEqual(['drawn', 'chosen']);
    expect(sequenceOf(branched)).toEqual([...sequenceOf(three).slice(0, 2), other]);
    expect(redoableStep(branched)).toBeNull();
    // The branch does not shift the uniform numbers of later steps.
    expect(nextUniform(branched)).toBe(nextUniform(back(three)));
  });

  it('refuses to choose a token that is not a candidate', () => {
    const stages = pipelineStages({
      logits: Float32Array.from({ length: 30 }, (_, i) => -i),
      sequence: ids(0),
      settings: NEUTRAL_SAMPLING_SETTINGS,
      uniform: 0.1,
      count: 2,
    });
    expect(() => chooseToken(createStepHistory(ids(0), 1024, 1), stages, tokenId(29))).toThrow(RangeError);
  });

  it('Restart returns to the prompt and draws the same tokens again', () => {
    const three = next(next(next(start)));
    const again = restart(three);
    expect(again).toMatchObject({ cursor: 0, steps: [], promptIds: [0] });
    expect(sequenceOf(next(next(next(again))))).toEqual(sequenceOf(three));
  });

  it('rejects an empty prompt, a context length below 2 and a bad seed', () => {
    expect(() => createStepHistory([], 1024, 1)).toThrow(RangeError);
    expect(() => createStepHistory(ids(0), 1, 1)).toThrow(RangeError);
    expect(() => createStepHistory(ids(0), 1024, -1)).toThrow(RangeError);
  });
});

describe('context window', () => {
  it('crops to the last contextLength − 1 ids once the sequence reaches the context length', () => {
    // Context 4: prompt 10 11 (2 ids) fits; 3 ids fit; at 4 ids the window keeps the last 3.
    let history = createStepHistory(ids(10, 11), 4, 3);
    expect(contextWindow(history)).toEqual({ ids: [10, 11], cropStart: 0, full: false });
    history = chooseToken(history, fakeStages(12), tokenId(12));
    expect(contextWindow(history)).toEqual({ ids: [10, 11, 12], cropStart: 0, full: false });
    history = chooseToken(history, fakeStages(13), tokenId(13));
    expect(contextWindow(history)).toEqual({ ids: [11, 12, 13], cropStart: 1, full: true });
    history = chooseToken(history, fakeStages(14), tokenId(14));
    expect(contextWindow(history)).toEqual({ ids: [12, 13, 14], cropStart: 2, full: true });
    expect(contextWindow(back(back(history))).cropStart).toBe(0);
  });

  it('crops a prompt longer than the context as fitPrompt does', () => {
    // Why: the first step must see the same window the main page's decoding loop would.
    expect(contextWindow(createStepHistory(ids(1, 2, 3, 4, 5, 6), 4, 3))).toEqual({ ids: [4, 5, 6], cropStart: 3, full: true });
  });
});

/** Stages for a 20-token vocabulary whose only likely token is `id`: enough to choose it by hand. */
function fakeStages(id: number): StepStages {
  const logits = Float32Array.from({ length: 20 }, (_, i) => (i === id ? 5 : 0));
  return pipelineStages({ logits, sequence: [], settings: NEUTRAL_SAMPLING_SETTINGS, uniform: 0, count: 1 });
}
