import { describe, expect, it } from 'vitest';
import { createComparison, createPerplexity, sequencePerplexity } from './distribution-metrics.ts';

const row = (...logits: number[]): Float32Array => new Float32Array(logits);

describe('sequencePerplexity', () => {
  it('is 4 for a model that is uniform over 4 tokens, whatever the tokens', () => {
    const uniform = row(0, 0, 0, 0);
    const result = sequencePerplexity([uniform, uniform, uniform, uniform], [3, 0, 2, 1]);
    expect(result.predictedTokens).toBe(3);
    expect(result.meanNll).toBeCloseTo(Math.log(4), 14);
    expect(result.perplexity).toBeCloseTo(4, 12);
  });

  it('scores row i against token i + 1, not token i', () => {
    // p(token 0 | row 0) = 1/2, p(token 1 | row 1) = 3/4 → mean NLL = ln(8/3) / 2, perplexity √(8/3).
    const result = sequencePerplexity([row(0, 0), row(0, Math.log(3)), row(9, 0)], [1, 0, 1]);
    expect(result.meanNll).toBeCloseTo(Math.log(8 / 3) / 2, 7);
    expect(result.perplexity).toBeCloseTo(1.632993161855452, 7);
  });

  it('is Infinity when the text holds a token the model ruled out', () => {
    expect(sequencePerplexity([row(0, -Infinity)], [0, 1]).perplexity).toBe(Infinity);
  });

  it('stays finite for logits near 1000', () => {
    // p(token 1) = σ(1) → NLL = ln(1 + e⁻¹) ≈ 0.3132616875
    const result = sequencePerplexity([row(1000, 1001)], [0, 1]);
    expect(result.meanNll).toBeCloseTo(0.31326168751822286, 10);
  });

  it('refuses texts and rows that do not line up', () => {
    expect(() => sequencePerplexity([row(0, 0)], [1])).toThrow(RangeError);
    expect(() => sequencePerplexity([row(0, 0)], [1, 0, 1])).toThrow(RangeError);
    expect(() => sequencePerplexity([row(0, 0)], [0, 2])).toThrow(RangeError);
  });
});

describe('createPerplexity', () => {
  it('returns each token’s NLL as it goes and the same mean as the whole-text function', () => {
    const accumulator = createPerplexity();
    expect(accumulator.add(row(0, 0), 1)).toBeCloseTo(Math.log(2), 7);
    expect(accumulator.add(row(0, Math.log(3)), 1)).toBeCloseTo(Math.log(4 / 3), 7);
    expect(accumulator.result().perplexity).toBeCloseTo(Math.sqrt(8 / 3), 7);
  });

  it('has no result before the first token', () => {
    expect(() => createPerplexity().result()).toThrow(RangeError);
  });
});

describe('createComparison', () => {
  it('gives exactly 0 KL for identical rows', () => {
    const comparison = createComparison();
    const position = comparison.add(row(1.5, -2, 0.25, 7), row(1.5, -2, 0.25, 7));
    expect(position.kl).toBe(0);
    expect(position.maxAbsLogitDiff).toBe(0);
    expect(comparison.result().meanKl).toBe(0);
  });

  it('matches the hand-computed KL of [0.5, 0.5] against [0.9, 0.1]', () => {
    // 0.5 ln(0.5 / 0.9) + 0.5 ln(0.5 / 0.1) = 0.5108256237659907; float32 logits cost ~1e-8.
    const position = createComparison().add(row(Math.log(0.5), Math.log(0.5)), row(Math.log(0.9), Math.log(0.1)));
    expect(position.kl).toBeCloseTo(0.5108256237659907, 6);
  });

  it('measures KL(P_ref ‖ P_test), not the reverse', () => {
    // Reference [1, 0] against test [1/2, 1/2]: 1 · ln(1 / 0.5) = ln 2. The reverse would be Infinity.
    expect(createComparison().add(row(0, -Infinity), row(0, 0)).kl).toBeCloseTo(Math.log(2), 14);
    expect(createComparison().add(row(0, 0), row(0, -Infinity)).kl).toBe(Infinity);
  });

  it('stays finite for logits 1000 and 1001 swapped', () => {
    // σ(1) · 1 + σ(−1) · (−1) = tanh(1/2) ≈ 0.4621171573
    const position = createComparison().add(row(1000, 1001), row(1001, 1000));
    expect(position.kl).toBeCloseTo(0.46211715726000974, 10);
    expect(position.maxAbsLogitDiff).toBe(1);
  });

  it('sees a constant shift in the logits: KL ~0 but a large logit difference', () => {
    const position = createComparison().add(row(1, 2, 3), row(11, 12, 13));
    expect(position.kl).toBeGreaterThanOrEqual(0);
    expect(position.kl).toBeLessThan(1e-12);
    expect(position.maxAbsLogitDiff).toBe(10);
  });

  it('counts top-1 agreement, mean and max KL over positions', () => {
    const comparison = createComparison();
    comparison.add(row(3, 1, 0), row(2, 1, 0)); // agree on 0
    comparison.add(row(0, 5, 1), row(0, 4, 1)); // agree on 1
    comparison.add(row(1, 1, 0), row(1, 0, 0)); // tie → lowest id 0 on both sides: agree
    const disagreement = comparison.add(row(0, 0, 2), row(0, 3, 2)); // 2 against 1
    expect([disagreement.refTop, disagreement.testTop]).toEqual([2, 1]);

    const result = comparison.result();
    expect(result.positions).toBe(4);
    expect(result.top1Agreement).toBe(0.75);
    expect(result.klPerPosition).toHaveLength(4);
    const sum = result.klPerPosition.reduce((a, b) => a + b, 0);
    expect(result.meanKl).toBeCloseTo(sum / 4, 15);
    expect(result.maxKl).toBe(Math.max(...result.klPerPosition));
    expect(result.maxKl).toBe(disagreement.kl);
    expect(result.maxAbsLogitDiff).toBe(3);
  });

  it('treats a token both runs ban as no difference, not NaN', () => {
    const position = createComparison().add(row(0, -Infinity), row(0, -Infinity));
    expect(position.maxAbsLogitDiff).toBe(0);
    expect(position.kl).toBe(0);
  });

  it('refuses rows of different vocabularies and a result before any position', () => {
    const comparison = createComparison();
    expect(() => comparison.result()).toThrow(RangeError);
    expect(() => comparison.add(row(0, 0), row(0, 0, 0))).toThrow(RangeError);
    comparison.add(row(0, 0), row(0, 0));
    expect(() => comparison.add(row(0, 0, 0), row(0, 0, 0))).toThrow(RangeError);
  });
});
