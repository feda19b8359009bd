import { describe, expect, it } from 'vitest';
import { NEUTRAL_SAMPLING_SETTINGS, tokenId, type SamplingSettings, type TokenId } from '../types.ts';
import { PIPELINE_STAGE_NAMES, pipelineStages, stageNamed, type PipelineStageName, type StepStages } from './pipeline-stages.ts';

const ids = (...values: number[]): TokenId[] => values.map(tokenId);
const settings = (overrides: Partial<SamplingSettings>): SamplingSettings => ({ ...NEUTRAL_SAMPLING_SETTINGS, ...overrides });
const run = (logits: number[], overrides: Partial<SamplingSettings>, uniform: number, sequence: TokenId[] = [], count?: number): StepStages =>
  pipelineStages({ logits: Float32Array.from(logits), sequence, settings: settings(overrides), uniform, ...(count === undefined ? {} : { count }) });
const probabilities = (stages: StepStages, name: PipelineStageName): number[] => stageNamed(stages, name).entries.map((e) => e.probability);
const cuts = (stages: StepStages, name: PipelineStageName) => stageNamed(stages, name).entries.map((e) => e.cutBy);
const expectClose = (actual: number[], expected: number[]): void => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((p, i) => expect(actual[i], `entry ${i}`).toBeCloseTo(p, 6));
};

// The running example: logits 2, 1, 0, −1, −2 (ids 0..4).
const FIVE = [2, 1, 0, -1, -2];

describe('pipelineStages on a 5-token vocabulary, by hand', () => {
  // exp: 7.389056, 2.718282, 1, 0.367879, 0.135335; sum 11.610552.
  const RAW = [0.636409, 0.234122, 0.086129, 0.031685, 0.011656];

  it('temperature 0.5, top-k 3, top-p 0.9: each stage renormalises over what it keeps', () => {
    const stages = run(FIVE, { temperature: 0.5, topK: 3, topP: 0.9 }, 0.5);
    expect(stages.candidates.map((c) => c.id)).toEqual([0, 1, 2, 3, 4]);
    expect(stages.stages.map((s) => s.name)).toEqual([...PIPELINE_STAGE_NAMES]);
    expectClose(probabilities(stages, 'raw'), RAW);
    expectClose(probabilities(stages, 'penalties'), RAW);
    // Logits / 0.5 = 4, 2, 0, −2, −4: e^4 = 54.59815, 7.389056, 1, 0.135335, 0.018316; sum 63.140858.
    expectClose(probabilities(stages, 'temperature'), [0.864704, 0.117025, 0.015838, 0.002143, 0.00029]);
    // Top-k 3 keeps 0 1 2 over 62.987206.
    expectClose(probabilities(stages, 'top_k'), [0.866813, 0.11731, 0.015876, 0, 0]);
    // Top-p 0.9: the mass before token 1 is 0.8668 < 0.9 (kept), before token 2 0.9841 (cut).
    expectClose(probabilities(stages, 'top_p'), [0.880797, 0.119203, 0, 0, 0]);
    expectClose(probabilities(stages, 'min_p'), [0.880797, 0.119203, 0, 0, 0]);
    expectClose(probabilities(stages, 'draw'), [0.880797, 0.119203, 0, 0, 0]);
    expect(cuts(stages, 'top_k')).toEqual([null, null, null, 'top_k', 'top_k']);
    expect(cuts(stages, 'draw')).toEqual([null, null, 'top_p', 'top_k', 'top_k']);
    expect(stages.stages.map((s) => [s.name, s.status, s.keptCount])).toEqual([
      ['raw', 'applied', 5],
      ['penalties', 'off', 5],
      ['temperature', 'applied', 5],
      ['top_k', 'applied', 3],
      ['top_p', 'applied', 2],
      ['min_p', 'off', 2],
      ['draw', 'applied', 2],
    ]);
    // u = 0.5 falls in token 0's slice [0, 0.880797).
    expect(stages).toMatchObject({ chosen: 0, chosenIndex: 0, rawRank: 0, finalRank: 0, greedy: false, uniform: 0.5 });
    expect(stages.drawInterval?.start).toBe(0);
    expect(stages.drawInterval?.end).toBeCloseTo(0.880797, 6);
  });

  it('a uniform past the first slice draws the second token', () => {
    const stages = run(FIVE, { temperature: 0.5, topK: 3, topP: 0.9 }, 0.9);
    expect(stages).toMatchObject({ chosen: 1, chosenIndex: 1, rawRank: 1, finalRank: 1 });
    expect(stages.drawInterval?.start).toBeCloseTo(0.880797, 6);
    expect(stages.drawInterval?.end).toBeCloseTo(1, 12);
  });

  it('min-p 0.1 drops tokens below 0.1 × 0.636409 = 0.063641', () => {
    // 0.086129 stays, 0.031685 and 0.011656 go; 0 1 2 renormalise over 11.107338.
    const stages = run(FIVE, { minP: 0.1 }, 0.1);
    expectClose(probabilities(stages, 'min_p'), [0.665241, 0.244728, 0.090031, 0, 0]);
    expect(cuts(stages, 'min_p')).toEqual([null, null, null, 'min_p', 'min_p']);
    expect(stageNamed(stages, 'min_p').keptCount).toBe(3);
  });

  it('penalties: repetition penalty 2 on ids 0 and 3, and the 2-gram ban of id 3', () => {
    // Sequence 0 3 0: last token 0 was followed by 3 before → 3 banned. Keys 1, 1, 0, −∞, −2:
    // e, e, 1, 0, e^−2 over 6.571899. Ids 0 and 1 tie; the lower id ranks first.
    const stages = run(FIVE, { repetitionPenalty: 2, noRepeatNgramSize: 2 }, 0.3, ids(0, 3, 0));
    expect(stages.candidates).toEqual([
      { id: 0, penalized: true },
      { id: 1, penalized: false },
      { id: 2, penalized: false },
      { id: 3, penalized: true },
      { id: 4, penalized: false },
    ]);
    expectClose(probabilities(stages, 'penalties'), [0.413622, 0.413622, 0.152163, 0, 0.020593]);
    expect(cuts(stages, 'penalties')).toEqual([null, null, null, 'no_repeat_ngram', null]);
    expect(stageNamed(stages, 'raw').keptCount).toBe(5);
    expect(stageNamed(stages, 'penalties')).toMatchObject({ status: 'applied', keptCount: 4 });
    // u = 0.3 < 0.413622: token 0, first of the tie.
    expect(stages.chosen).toBe(0);
  });

  it('greedy at temperature 1 picks the argmax and skips temperature and the filters', () => {
    const stages = run(FIVE, { greedy: true, topK: 2, topP: 0.5, minP: 0.2 }, 0.99);
    expect(stages).toMatchObject({ chosen: 0, greedy: true, finalRank: 0, drawInterval: null });
    for (const name of ['temperature', 'top_k', 'top_p', 'min_p'] as const) {
      expect(stageNamed(stages, name)).toMatchObject({ status: 'skipped', keptCount: 5 });
      expectClose(probabilities(stages, name), RAW);
    }
    expect(probabilities(stages, 'draw')).toEqual([1, 0, 0, 0, 0]);
    expect(cuts(stages, 'draw')).toEqual([null, 'greedy', 'greedy', 'greedy', 'greedy']);
    expect(stageNamed(stages, 'draw').keptCount).toBe(1);
  });

  it('greedy takes the argmax after the penalties, not the raw one', () => {
    // Penalty 3 turns logit 2 into 2/3 < 1, so id 1 leads.
    expect(run(FIVE, { temperature: 0, repetitionPenalty: 3 }, 0.5, ids(0)).chosen).toBe(1);
  });
});

describe('which candidates are followed', () => {
  it('the top raw, the top after penalties and the chosen token, in raw order', () => {
    // Logits 5 … −6; penalty 10 on 0 and 1 → keys 0.5, 0.4, 3, 2, 1, 0, −1, …: the top 2 by key
    // are 2 and 3. Cumulative masses in key order 2 3 4 0 1 5 6 7 8: …, 0.997785, 0.999211, so
    // u = 0.999 draws id 8.
    const logits = Array.from({ length: 12 }, (_, i) => 5 - i);
    const stages = run(logits, { repetitionPenalty: 10 }, 0.999, ids(0, 1), 2);
    expect(stages.candidates.map((c) => c.id)).toEqual([0, 1, 2, 3, 8]);
    expect(stages).toMatchObject({ chosen: 8, chosenIndex: 4, rawRank: 8, finalRank: 8 });
    expect(stages.drawInterval?.start).toBeCloseTo(0.997785, 6);
    expect(stages.drawInterval?.end).toBeCloseTo(0.999211, 6);
  });
});

describe('input checks', () => {
  it('rejects a uniform outside [0, 1) and a count below 1', () => {
    expect(() => run(FIVE, {}, 1)).toThrow(RangeError);
    expect(() => run(FIVE, {}, -0.1)).toThrow(RangeError);
    expect(() => run(FIVE, {}, 0.5, [], 0)).toThrow(RangeError);
  });

  it('passes on the sampler errors', () => {
    expect(() => run(FIVE, { topP: 0 }, 0.5)).toThrow(expect.objectContaining({ code: 'invalid_settings' }));
    expect(() => run([Number.NaN, 0], {}, 0.5)).toThrow(expect.objectContaining({ code: 'nan_logits' }));
  });
});
