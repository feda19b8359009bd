import { describe, expect, it } from 'vitest';
import { chiSquareStatistic } from './testing/chi-square.ts';
import { createPrng, type Prng } from './prng.ts';
import { SamplingError } from './sampling-error.ts';
import { createSamplingWorkspace, sampleNextToken, type SamplingRequest } from './sampling.ts';
import { stageDistributions } from './testing/stage-distributions.ts';
import { NEUTRAL_SAMPLING_SETTINGS, tokenId, type SamplingSettings, type TokenId } from './types.ts';

/** Logits whose softmax is `probabilities` (up to float32 rounding, ~1e-7 relative). */
const logitsOf = (...probabilities: number[]): Float32Array => Float32Array.from(probabilities, Math.log);
const ids = (...values: number[]): TokenId[] => values.map(tokenId);
const settings = (overrides: Partial<SamplingSettings>): SamplingSettings => ({ ...NEUTRAL_SAMPLING_SETTINGS, ...overrides });
const request = (logits: Float32Array, overrides: Partial<SamplingSettings> = {}, sequence: TokenId[] = []): SamplingRequest => ({
  logits,
  sequence,
  settings: settings(overrides),
});
/** A PRNG that always returns `uniform`, to put the draw exactly where a test wants it. */
const fixedUniform = (uniform: number): Prng => ({ next: () => uniform, state: () => [1, 0, 0, 0] });
const expectDistribution = (actual: Float64Array, expected: number[]): void => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((p, id) => expect(actual[id], `token ${id}`).toBeCloseTo(p, 6));
};

// The running example: five tokens with probabilities 0.4, 0.3, 0.15, 0.1, 0.05 (ids 0..4).
const FIVE = logitsOf(0.4, 0.3, 0.15, 0.1, 0.05);

// The stages as the step mode shows them (pipelineStages, the one pipeline behind the sampler's
// view), against hand-computed distributions.
describe('stages: each stage alone', () => {
  it('raw is the softmax of the logits, and every stage is a no-op when off', () => {
    const stages = stageDistributions(request(FIVE));
    for (const distribution of Object.values(stages)) expectDistribution(distribution, [0.4, 0.3, 0.15, 0.1, 0.05]);
  });

  it('temperature 2 flattens: p ∝ p^(1/2)', () => {
    // √0.4 … √0.05 = 0.6325, 0.5477, 0.3873, 0.3162, 0.2236; sum 2.1073.
    expectDistribution(stageDistributions(request(FIVE, { temperature: 2 })).afterTemperature, [0.300124, 0.259915, 0.183788, 0.150062, 0.10611]);
  });

  it('temperature 0.5 sharpens: p ∝ p²', () => {
    // 0.16, 0.09, 0.0225, 0.01, 0.0025; sum 0.285.
    expectDistribution(stageDistributions(request(FIVE, { temperature: 0.5 })).afterMinP, [0.561404, 0.315789, 0.078947, 0.035088, 0.008772]);
  });

  it('top-k 2 keeps the two most probable and renormalises', () => {
    // 0.4 / 0.7, 0.3 / 0.7.
    expectDistribution(stageDistributions(request(FIVE, { topK: 2 })).afterTopK, [0.571429, 0.428571, 0, 0, 0]);
  });

  it('top-p keeps tokens while the mass before them is below p', () => {
    // p = 0.6: before token 1 lies 0.4 < 0.6 (kept), before token 2 lies 0.7 (cut).
    expectDistribution(stageDistributions(request(FIVE, { topP: 0.6 })).afterTopP, [0.571429, 0.428571, 0, 0, 0]);
    // p = 0.75: 0.7 < 0.75 keeps token 2 too; 0.85 before token 3 cuts it. 0.4/0.85, 0.3/0.85, 0.15/0.85.
    expectDistribution(stageDistributions(request(FIVE, { topP: 0.75 })).afterTopP, [0.470588, 0.352941, 0.176471, 0, 0]);
  });

  it('min-p 0.3 drops tokens below 0.3 × 0.4 = 0.12', () => {
    // 0.1 and 0.05 go; 0.4, 0.3, 0.15 renormalise over 0.85.
    expectDistribution(stageDistributions(request(FIVE, { minP: 0.3 })).afterMinP, [0.470588, 0.352941, 0.176471, 0, 0]);
  });

  it('repetition penalty divides positive logits and multiplies negative ones', () => {
    // Logits 2, −1, 0, 1; tokens 0 and 1 were seen; penalty 2 → 1, −2, 0, 1.
    // exp: e, e^−2, 1, e; sum 6.5719 → 0.413622, 0.020593, 0.152163, 0.413622.
    const stages = stageDistributions(request(Float32Array.from([2, -1, 0, 1]), { repetitionPenalty: 2 }, ids(0, 1)));
    expectDistribution(stages.afterPenalties, [0.413622, 0.020593, 0.152163, 0.413622]);
  });

  it('the no-repeat n-gram ban gives the banned token probability 0', () => {
    // Sequence 0 1 0, n = 2: the last token 0 was followed by 1 before, so 1 is banned.
    // 0.4, 0.15, 0.1, 0.05 renormalise over 0.7.
    const stages = stageDistributions(request(FIVE, { noRepeatNgramSize: 2 }, ids(0, 1, 0)));
    expectDistribution(stages.afterPenalties, [0.571429, 0, 0.214286, 0.142857, 0.071429]);
  });
});

describe('stages: order of the stages', () => {
  it('top-k runs before top-p, so top-p sees the renormalised top-k distribution', () => {
    // Top-k 2 leaves 4/7 and 3/7. Top-p 0.5 then keeps token 0 alone (4/7 ≥ 0.5).
    // Top-p first would have kept tokens 0 and 1 (0.4 < 0.5 before token 1), and top-k 2 after it too.
    const stages = stageDistributions(request(FIVE, { topK: 2, topP: 0.5 }));
    expectDistribution(stages.afterTopK, [0.571429, 0.428571, 0, 0, 0]);
    expectDistribution(stages.afterTopP, [1, 0, 0, 0, 0]);
  });

  it('temperature runs before top-p, so it changes which tokens survive', () => {
    // Top-p 0.6. At T = 0.25 token 0 holds 0.746 ≥ 0.6 alone: 1 survivor.
    // At T = 1, 2 survivors (see above). At T = 2 the masses before tokens 1, 2, 3 are
    // 0.300, 0.560, 0.744: 3 survivors, renormalised over 0.7438 → 0.403486, 0.34943, 0.247084.
    expectDistribution(stageDistributions(request(FIVE, { temperature: 0.25, topP: 0.6 })).afterTopP, [1, 0, 0, 0, 0]);
    expectDistribution(stageDistributions(request(FIVE, { temperature: 2, topP: 0.6 })).afterTopP, [0.403486, 0.34943, 0.247084, 0, 0]);
  });

  it('min-p runs after top-p, on what top-p left', () => {
    // Top-p 0.8: masses before tokens 0..3 are 0, 0.4, 0.7, 0.85 → 0 1 2 survive. Min-p 0.3 then
    // needs 0.3 × 0.4 = 0.12 and 0.15 passes: 8/17, 6/17, 3/17. Min-p first would leave 0 1 2
    // renormalised (0.47, 0.35, 0.18), and top-p 0.8 would then cut token 2 (0.82 before it).
    expectDistribution(stageDistributions(request(FIVE, { topP: 0.8, minP: 0.3 })).afterMinP, [0.470588, 0.352941, 0.176471, 0, 0]);
  });
});

describe('edge cases', () => {
  const uniform = (n: number): Float32Array => new Float32Array(n);

  it('equal logits give a uniform distribution; top-p 0.5 keeps ⌈n/2⌉, lowest ids first', () => {
    // n = 4: masses before the tokens are 0, 0.25, 0.5 → two kept (HF: cumsum 0.25, 0.5, 0.75, 1
    // from the bottom, ≤ 0.5 removed → two removed). n = 5: 0, 0.2, 0.4 < 0.5 → three kept.
    expectDistribution(stageDistributions(request(uniform(4))).raw, [0.25, 0.25, 0.25, 0.25]);
    expectDistribution(stageDistributions(request(uniform(4), { topP: 0.5 })).afterTopP, [0.5, 0.5, 0, 0]);
    expectDistribution(stageDistributions(request(uniform(5), { topP: 0.5 })).afterTopP, [1 / 3, 1 / 3, 1 / 3, 0, 0]);
  });

  it('-Infinity logits get probability 0 and are never drawn or listed', () => {
    const logits = Float32Array.from([0, -Infinity, 0, -Infinity]);
    expectDistribution(stageDistributions(request(logits)).raw, [0.5, 0, 0.5, 0]);
    const prng = createPrng(5);
    for (let i = 0; i < 200; i++) {
      const step = sampleNextToken(request(logits), prng);
      expect([0, 2]).toContain(step.tokenId);
      expect(step.topCandidates.map((c) => c.id)).toEqual([0, 2]);
    }
  });

  it('top-p 1 and top-k above the vocabulary size keep everything', () => {
    expectDistribution(stageDistributions(request(FIVE, { topP: 1, topK: 50 })).afterMinP, [0.4, 0.3, 0.15, 0.1, 0.05]);
  });

  it('top-k 1 is greedy, and temperature 0 is greedy with ties going to the lowest id', () => {
    const tied = Float32Array.from([1, 3, 3, 2]);
    for (const overrides of [{ topK: 1 }, { temperature: 0 }, { greedy: true, temperature: 1.5 }]) {
      const step = sampleNextToken(request(tied, overrides), createPrng(11));
      expect(step.tokenId).toBe(1);
      expect(step.finalProbability).toBe(1);
      expect(step.keptCount).toBe(1);
    }
  });

  it('throws nan_logits with a message a person can act on', () => {
    const logits = Float32Array.from([0, Number.NaN, 1]);
    const error = (() => {
      try {
        sampleNextToken(request(logits), createPrng(1));
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(SamplingError);
    expect(error).toMatchObject({ code: 'nan_logits', message: expect.stringMatching(/try fp32 or another backend/) });
    expect(() => stageDistributions(request(logits))).toThrow(SamplingError);
  });

  it('throws infinite_logits for +Infinity, which softmax would turn into NaN', () => {
    expect(() => sampleNextToken(request(Float32Array.from([0, Infinity])), createPrng(1))).toThrow(
      expect.objectContaining({ code: 'infinite_logits' }),
    );
  });

  it('throws no_candidates when every logit is -Infinity or every token is banned', () => {
    const noCandidates = expect.objectContaining({ code: 'no_candidates' });
    expect(() => sampleNextToken(request(Float32Array.from([-Infinity, -Infinity])), createPrng(1))).toThrow(noCandidates);
    // n = 1 bans every token already seen; both tokens were.
    const allBanned = request(Float32Array.from([0, 0]), { noRepeatNgramSize: 1 }, ids(0, 1));
    expect(() => sampleNextToken(allBanned, createPrng(1))).toThrow(noCandidates);
    expect(() => sampleNextToken({ ...allBanned, settings: settings({ noRepeatNgramSize: 1, greedy: true }) }, createPrng(1))).toThrow(noCandidates);
    expect(() => stageDistributions(allBanned)).toThrow(noCandidates);
  });

  it('rejects settings out of range and sequences outside the vocabulary', () => {
    const invalid = expect.objectContaining({ code: 'invalid_settings' });
    for (const overrides of [{ temperature: -1 }, { topK: 1.5 }, { topP: 0 }, { minP: 1 }, { repetitionPenalty: 0 }, { noRepeatNgramSize: -1 }]) {
      expect(() => sampleNextToken(request(FIVE, overrides), createPrng(1)), JSON.stringify(overrides)).toThrow(invalid);
    }
    expect(() => sampleNextToken(request(FIVE, {}, ids(5)), createPrng(1))).toThrow(expect.objectContaining({ code: 'invalid_context' }));
  });

  it('survives a banned top token far above the rest (weights must not all underflow)', () => {
    // Why: weights are measured from a reference logit; token 0 at 0 and the rest ~800 below
    // would all underflow to 0 if the reference stayed at the banned token.
    const logits = Float32Array.from([0, -800, -801]);
    const stages = stageDistributions(request(logits, { noRepeatNgramSize: 1 }, ids(0)));
    // e^0 : e^-1 → 0.731059, 0.268941.
    expectDistribution(stages.afterMinP, [0, 0.731059, 0.268941]);
    expect(sampleNextToken(request(logits, { noRepeatNgramSize: 1 }, ids(0)), fixedUniform(0.5)).tokenId).toBe(1);
  });
});

describe('sampleNextToken: snapshot', () => {
  // Twelve tokens with raw weights 30, 20, 15, 10, 8, 6, 4, 3, 2, 1, 0.5, 0.5 (sum 100, so the
  // raw probabilities are the weights / 100).
  const TWELVE = logitsOf(0.3, 0.2, 0.15, 0.1, 0.08, 0.06, 0.04, 0.03, 0.02, 0.01, 0.005, 0.005);

  it('reports rank, probabilities and the stage that removed each top candidate', () => {
    // Sequence 2 7 4 2 with penalty 2: ids 2, 7, 4 are penalised; positive logits halve, so
    // weights become √15 = 3.87 and √8 = 2.83. n = 2: the last token 2 was followed by 7 → 7 banned.
    // Order now: 0 (30), 1 (20), 3 (10), 5 (6), 6 (4), 2 (3.87), 4 (2.83), 8, 9, 10, 11.
    // Top-k 5 keeps 0 1 3 5 6 (sum 70). Top-p 0.8: masses before are 0, 30, 50 < 56, then 60 → 0 1 3.
    // Min-p 0.4: below 0.4 × 30 = 12 goes, so 3 (10) goes → 0 1, final 30/50 = 0.6, 20/50 = 0.4.
    // Draw at u = 0.7: target 35; running totals 30, 50 → token 1.
    const step = sampleNextToken(
      request(TWELVE, { repetitionPenalty: 2, noRepeatNgramSize: 2, topK: 5, topP: 0.8, minP: 0.4 }, ids(2, 7, 4, 2)),
      fixedUniform(0.7),
    );
    expect(step).toMatchObject({ tokenId: 1, rawRank: 1, uniform: 0.7, keptCount: 2, greedy: false });
    expect(step.rawProbability).toBeCloseTo(0.2, 6);
    expect(step.finalProbability).toBeCloseTo(0.4, 6);
    const rows = step.topCandidates.map((c) => [c.id, +c.rawProbability.toFixed(6), +c.finalProbability.toFixed(6), c.removedBy, c.penalized]);
    expect(rows).toEqual([
      [0, 0.3, 0.6, null, false],
      [1, 0.2, 0.4, null, false],
      [2, 0.15, 0, 'top_k', true],
      [3, 0.1, 0, 'min_p', false],
      [4, 0.08, 0, 'top_k', true],
      [5, 0.06, 0, 'top_p', false],
      [6, 0.04, 0, 'top_p', false],
      [7, 0.03, 0, 'no_repeat_ngram', true],
      [8, 0.02, 0, 'top_k', false],
      [9, 0.01, 0, 'top_k', false],
    ]);
  });

  it('ranks a token outside the top 10 by a full count, ties ranking the lower id first', () => {
    // u = 0.999: target 99.9 of 100; running total reaches 99.5 after id 10 and 100 at id 11.
    const step = sampleNextToken(request(TWELVE), fixedUniform(0.999));
    expect(step).toMatchObject({ tokenId: 11, rawRank: 11, keptCount: 12 });
    expect(step.finalProbability).toBeCloseTo(0.005, 6);
    expect(step.topCandidates.map((c) => c.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('greedy takes the argmax after penalties and bans, and reports the raw numbers of the full vocabulary', () => {
    // Why: greedy steps skip the candidate set; the key of every token the sequence did not touch
    // is its logit. Sequence 0 5 0, n = 2: 5 followed 0 before, so 5 is banned; penalty 100 turns
    // token 0's ln 0.3 into 100 × ln 0.3 and token 5's too. The best key left is token 1's ln 0.2.
    const step = sampleNextToken(request(TWELVE, { greedy: true, repetitionPenalty: 100, noRepeatNgramSize: 2 }, ids(0, 5, 0)), fixedUniform(0.5));
    expect(step).toMatchObject({ tokenId: 1, rawRank: 1, keptCount: 1, greedy: true, finalProbability: 1 });
    expect(step.rawProbability).toBeCloseTo(0.2, 6);
    const rows = step.topCandidates.slice(0, 6).map((c) => [c.id, +c.rawProbability.toFixed(6), c.finalProbability, c.removedBy, c.penalized]);
    expect(rows).toEqual([
      [0, 0.3, 0, 'greedy', true],
      [1, 0.2, 1, null, false],
      [2, 0.15, 0, 'greedy', false],
      [3, 0.1, 0, 'greedy', false],
      [4, 0.08, 0, 'greedy', false],
      [5, 0.06, 0, 'no_repeat_ngram', true],
    ]);
  });

  it('greedy looks below the ten raw top tokens when the penalty pushed all of them down', () => {
    // Ids 0..9 penalised by 100: their keys fall far below ln 0.005, so the argmax is 10 (tied
    // with 11 at 0.005: the lower id), rank 10, outside the listed candidates.
    const step = sampleNextToken(request(TWELVE, { greedy: true, repetitionPenalty: 100 }, ids(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)), fixedUniform(0.5));
    expect(step).toMatchObject({ tokenId: 10, rawRank: 10, finalProbability: 1 });
    expect(step.rawProbability).toBeCloseTo(0.005, 6);
    expect(step.topCandidates.every((c) => c.removedBy === 'greedy' && c.penalized)).toBe(true);
  });

  it('marks every top candidate but the argmax as removed by greedy', () => {
    const step = sampleNextToken(request(TWELVE, { greedy: true }), fixedUniform(0.5));
    expect(step.tokenId).toBe(0);
    expect(step.topCandidates.map((c) => [c.removedBy, c.finalProbability])).toEqual([
      [null, 1],
      ...Array.from({ length: 9 }, () => ['greedy', 0]),
    ]);
  });
});

describe('determinism and lockstep', () => {
  const vocab = 64;
  const logits = Float32Array.from({ length: vocab }, (_, i) => Math.sin(i * 1.7) * 3);
  /** Generates `steps` tokens, feeding each back into the sequence, as the decoding loop does. */
  const generate = (seed: number, overrides: Partial<SamplingSettings>, steps = 40) => {
    const prng = createPrng(seed);
    const workspace = createSamplingWorkspace(vocab);
    const sequence: TokenId[] = [];
    const uniforms: number[] = [];
    for (let i = 0; i < steps; i++) {
      const step = sampleNextToken({ logits, sequence, settings: settings(overrides) }, prng, workspace);
      sequence.push(step.tokenId);
      uniforms.push(step.uniform);
    }
    return { sequence, uniforms, next: prng.next() };
  };

  it('same seed and settings give the same tokens', () => {
    const a = generate(123, { temperature: 0.9, topP: 0.9, repetitionPenalty: 1.3, noRepeatNgramSize: 3 });
    const b = generate(123, { temperature: 0.9, topP: 0.9, repetitionPenalty: 1.3, noRepeatNgramSize: 3 });
    expect(a.sequence).toEqual(b.sequence);
    expect(generate(124, { temperature: 0.9, topP: 0.9 }).sequence).not.toEqual(a.sequence);
  });

  it('panels with the same seed consume the same uniforms whatever their settings, greedy included', () => {
    const plain = generate(7, {});
    const filtered = generate(7, { topK: 3, topP: 0.5, minP: 0.2, temperature: 0.3 });
    const greedy = generate(7, { greedy: true });
    expect(filtered.uniforms).toEqual(plain.uniforms);
    expect(greedy.uniforms).toEqual(plain.uniforms);
    expect(new Set([plain.next, filtered.next, greedy.next]).size).toBe(1);
  });

  it('a draw walks from the most probable token, so one uniform picks similar tokens across settings', () => {
    // Why: this coupling is what makes side-by-side panels comparable. u = 0.1 lands in the top
    // token (0.4 of the mass) with or without top-k.
    expect(sampleNextToken(request(FIVE), fixedUniform(0.1)).tokenId).toBe(0);
    expect(sampleNextToken(request(FIVE, { topK: 3 }), fixedUniform(0.1)).tokenId).toBe(0);
  });
});

describe('sampling matches its distribution (chi-square)', () => {
  it('top-k 8 over weights 8, 7, …, 1, 1, 1 samples tokens 0..7 in proportion 8 : 7 : … : 1', () => {
    // Ten tokens; 7, 8 and 9 tie at weight 1 and top-k 8 keeps the lowest id of them, 7. The kept
    // weights sum to 36, so token i has probability (8 − i) / 36.
    const logits = logitsOf(8, 7, 6, 5, 4, 3, 2, 1, 1, 1);
    const draws = 20_000;
    const counts = new Array<number>(10).fill(0);
    const prng = createPrng(2024);
    const workspace = createSamplingWorkspace(10);
    for (let i = 0; i < draws; i++) {
      const { tokenId: id } = sampleNextToken(request(logits, { topK: 8 }), prng, workspace);
      counts[id] = (counts[id] ?? 0) + 1;
    }
    expect(counts.slice(8)).toEqual([0, 0]);
    const expected = Array.from({ length: 8 }, (_, i) => (draws * (8 - i)) / 36);
    // 8 categories → 7 degrees of freedom; critical value at upper-tail p = 0.001 is 24.322
    // (NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.4, chi-square table).
    expect(chiSquareStatistic(counts.slice(0, 8), expected)).toBeLessThan(24.322);
  });
});
