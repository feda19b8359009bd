import { describe, expect, it } from 'vitest';
import type { AttentionKind, Family, LayerNorm, Linear, Matrix, ModelWeights } from '../../../src/onnx/spec.ts';
import {
  attention,
  canAttend,
  geluNew,
  layerNorm,
  linear,
  referenceForward,
  referenceLastLogits,
  softmax,
} from './reference-forward.ts';

/** Deterministic numbers in [-1, 1) (mulberry32), so the tiny models below are the same every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * 2 - 1;
  };
}

function matrix(rows: number, cols: number, values: readonly number[]): Matrix {
  return { rows, cols, data: Float32Array.from(values) };
}

interface TinyOptions {
  readonly family: Family;
  readonly attentionLayers: readonly AttentionKind[];
  readonly qkvBias: boolean;
  readonly windowSize?: number;
}

/** Vocabulary 5, width 4, 2 heads of 2, context 8: small enough to reason about, big enough to mix. */
function tinyWeights({ family, attentionLayers, qkvBias, windowSize = 2 }: TinyOptions, seed = 7): ModelWeights {
  const random = seededRandom(seed);
  const values = (n: number) => Array.from({ length: n }, random);
  const lin = (rows: number, cols: number, bias: boolean): Linear => ({
    weight: matrix(rows, cols, values(rows * cols)),
    bias: bias ? Float32Array.from(values(cols)) : null,
  });
  const norm = (): LayerNorm => ({
    gamma: Float32Array.from(values(4), (v) => 1 + 0.5 * v),
    beta: Float32Array.from(values(4), (v) => 0.1 * v),
  });
  return {
    shape: {
      family,
      nLayer: attentionLayers.length,
      nHead: 2,
      nEmbd: 4,
      nPositions: 8,
      vocabSize: 5,
      windowSize,
      attentionLayers,
      layerNormEpsilon: 1e-5,
    },
    wte: matrix(5, 4, values(20)),
    wpe: matrix(8, 4, values(32)),
    layers: attentionLayers.map(() => ({
      ln1: norm(),
      // Scaled up so attention scores are far from uniform and the 1/sqrt(headDim) scale shows.
      q: { ...lin(4, 4, qkvBias), weight: matrix(4, 4, values(16).map((v) => 3 * v)) },
      k: lin(4, 4, qkvBias),
      v: lin(4, 4, qkvBias),
      out: lin(4, 4, true),
      ln2: norm(),
      fc: lin(4, 16, true),
      proj: lin(16, 4, true),
    })),
    lnF: norm(),
  };
}

describe('layerNorm', () => {
  it('normalises with biased variance, then applies gamma and beta', () => {
    // [1,2,3]: mean 2, biased variance (1+0+1)/3 = 2/3; eps 1/3 makes the divisor sqrt(1) = 1,
    // so the normalised vector is exactly [-1, 0, 1]. Then gamma [1,2,0.5], beta [0,1,-1].
    const ln = { gamma: Float32Array.from([1, 2, 0.5]), beta: Float32Array.from([0, 1, -1]) };
    expect(layerNorm([1, 2, 3], ln, 1 / 3)).toEqual([-1, 1, -0.5]);
  });

  it('puts eps inside the square root', () => {
    // Without eps: (x - 2) / sqrt(2/3) = ±1.2247448713915890.
    const ln = { gamma: Float32Array.from([1, 1, 1]), beta: Float32Array.from([0, 0, 0]) };
    const [low, mid, high] = layerNorm([1, 2, 3], ln, 0);
    expect(low).toBeCloseTo(-1.224744871391589, 12);
    expect(mid).toBe(0);
    expect(high).toBeCloseTo(1.224744871391589, 12);
  });
});

describe('linear', () => {
  it('multiplies a row vector by an [in, out] weight and adds the bias', () => {
    // x = [1, 2], W = [[1, 2, 3], [4, 5, 6]]: x·W = [1+8, 2+10, 3+12] = [9, 12, 15]; + [0.5, 0, -1].
    const layer = { weight: matrix(2, 3, [1, 2, 3, 4, 5, 6]), bias: Float32Array.from([0.5, 0, -1]) };
    expect(linear([1, 2], layer)).toEqual([9.5, 12, 14]);
    expect(linear([1, 2], { ...layer, bias: null })).toEqual([9, 12, 15]);
  });
});

describe('geluNew', () => {
  it('matches the tanh formula at 0, 1 and -1', () => {
    // sqrt(2/pi) = 0.7978845608; at 1 the tanh argument is 0.7978845608 * 1.044715 = 0.8335619689,
    // tanh of it 0.6823839812, so gelu_new(1) = 0.5 * (1 + 0.6823839812) = 0.8411919906.
    // tanh is odd, so gelu_new(-1) = -0.5 * (1 - 0.6823839812) = -0.1588080094.
    expect(geluNew(0)).toBe(0);
    expect(geluNew(1)).toBeCloseTo(0.8411919906, 9);
    expect(geluNew(-1)).toBeCloseTo(-0.1588080094, 9);
  });
});

describe('softmax', () => {
  it('gives the textbook distribution for [1, 2, 3]', () => {
    // e^1, e^2, e^3 over their sum (30.1929).
    const [a, b, c] = softmax([1, 2, 3]);
    expect(a).toBeCloseTo(0.0900305732, 9);
    expect(b).toBeCloseTo(0.2447284711, 9);
    expect(c).toBeCloseTo(0.6652409558, 9);
  });

  it('gives masked (-Infinity) entries probability exactly 0', () => {
    // [0, ln 3] alone is [1/4, 3/4]; a masked third entry must not take any share.
    const [a, b, masked] = softmax([0, Math.log(3), -Infinity]);
    expect(a).toBeCloseTo(0.25, 12);
    expect(b).toBeCloseTo(0.75, 12);
    expect(masked).toBe(0);
  });

  it('does not overflow on large scores', () => {
    expect(softmax([1000, 1000])).toEqual([0.5, 0.5]);
  });
});

describe('canAttend', () => {
  /** The mask as rows of 0/1, row = query, column = key. */
  const grid = (kind: AttentionKind, n: number, windowSize: number) =>
    Array.from({ length: n }, (_, q) => Array.from({ length: n }, (_, k) => Number(canAttend(kind, q, k, windowSize))));

  it('is lower-triangular for global layers', () => {
    expect(grid('global', 4, 2)).toEqual([
      [1, 0, 0, 0],
      [1, 1, 0, 0],
      [1, 1, 1, 0],
      [1, 1, 1, 1],
    ]);
  });

  it('keeps only the last windowSize keys for local layers', () => {
    // windowSize 2: a query sees itself and one key back (query - key < 2).
    expect(grid('local', 4, 2)).toEqual([
      [1, 0, 0, 0],
      [1, 1, 0, 0],
      [0, 1, 1, 0],
      [0, 0, 1, 1],
    ]);
  });
});

describe('attention', () => {
  const causal = (query: number, key: number) => key <= query;

  it('weights values by the softmax of scaled scores, causally', () => {
    // One head of width 1. Query 1 scores keys [0, ln 3] -> probabilities [1/4, 3/4],
    // so its context is 4/4 + 3*8/4 = 7. Query 0 sees only key 0, so its context is 4.
    const context = attention([[1], [1]], [[0], [Math.log(3)]], [[4], [8]], 1, 1, causal);
    expect(context[0]).toEqual([4]);
    expect(context[1]?.[0]).toBeCloseTo(7, 12);
  });

  it('applies the scale to the scores before the softmax', () => {
    // Scores [0, 2 ln 3] scaled by 1/2 are [0, ln 3] again: the same context 7.
    const context = attention([[2], [2]], [[0], [Math.log(3)]], [[4], [8]], 1, 0.5, causal);
    expect(context[1]?.[0]).toBeCloseTo(7, 12);
  });

  it('gives each head its own slice of the features', () => {
    // Two heads of width 1. Head 0 (feature 0) prefers key 1 as above -> 7; head 1 (feature 1)
    // scores both keys 0 -> uniform -> (10 + 20) / 2 = 15. Mixing the slices would break both.
    const context = attention(
      [[1, 1], [1, 1]],
      [[0, 0], [Math.log(3), 0]],
      [[4, 10], [8, 20]],
      2,
      1,
      causal,
    );
    expect(context[1]?.[0]).toBeCloseTo(7, 12);
    expect(context[1]?.[1]).toBeCloseTo(15, 12);
  });
});

describe('referenceForward', () => {
  it('with no layers is layerNorm(wte[id] + wpe[pos]) times wte transposed', () => {
    // Checks token lookup, position offset and the tied head by hand. With eps 0, LN of a
    // two-vector [a, b] is [-1, 1] when a < b, then gamma [2, 1] and beta [0.5, 0] give [-1.5, 1];
    // wte = I, so the logits are that vector itself.
    // Token 1 at position 0: [0, 1] + [0, 0] -> [-1.5, 1] (token 0 would give [1, 0] -> [2.5, -1]).
    // Token 0 at position 1: [1, 0] + [0, 3] = [1, 3] -> [-1.5, 1] (without wpe it would be [2.5, -1]).
    const weights: ModelWeights = {
      shape: {
        family: 'gpt2',
        nLayer: 0,
        nHead: 1,
        nEmbd: 2,
        nPositions: 2,
        vocabSize: 2,
        windowSize: 2,
        attentionLayers: [],
        layerNormEpsilon: 0,
      },
      wte: matrix(2, 2, [1, 0, 0, 1]),
      wpe: matrix(2, 2, [0, 0, 0, 3]),
      layers: [],
      lnF: { gamma: Float32Array.from([2, 1]), beta: Float32Array.from([0.5, 0]) },
    };
    expect(referenceForward(weights, [1, 0])).toEqual([Float32Array.from([-1.5, 1]), Float32Array.from([-1.5, 1])]);
  });

  it('is causal: logits at a position ignore later tokens', () => {
    const weights = tinyWeights({ family: 'gpt2', attentionLayers: ['global', 'global'], qkvBias: true });
    const before = referenceForward(weights, [1, 4, 2, 0, 3]);
    const after = referenceForward(weights, [1, 4, 2, 0, 1]);
    expect(after.slice(0, 4)).toEqual(before.slice(0, 4));
    // Sanity: the changed position itself does change, so the equality above is not vacuous.
    expect(after[4]).not.toEqual(before[4]);
  });

  it('limits a GPT-Neo local layer to the last windowSize tokens', () => {
    // One local layer with windowSize 2: position t mixes only tokens t-1 and t (the residual path
    // carries token t itself), so changing token 0 may move positions 0 and 1 but not 2..4.
    // With two stacked local layers the reach would grow to t-2, so the model has just one.
    const local = tinyWeights({ family: 'gpt_neo', attentionLayers: ['local'], qkvBias: false });
    const before = referenceForward(local, [1, 4, 2, 0, 3]);
    const after = referenceForward(local, [3, 4, 2, 0, 3]);
    expect(after[1]).not.toEqual(before[1]);
    expect(after.slice(2)).toEqual(before.slice(2));

    // The same weights with a global layer do carry token 0 to position 3: the test can fail.
    const global = { ...local, shape: { ...local.shape, attentionLayers: ['global'] as const } };
    expect(referenceForward(global, [3, 4, 2, 0, 3])[3]).not.toEqual(referenceForward(global, [1, 4, 2, 0, 3])[3]);
  });

  it('scales attention scores for GPT-2 but not for GPT-Neo', () => {
    // Same weights, only the family differs, so only attentionScale differs. Position 0 attends to
    // one key with probability 1 whatever the scale, so it must agree; later positions must not.
    const gpt2 = tinyWeights({ family: 'gpt2', attentionLayers: ['global'], qkvBias: false });
    const neo = { ...gpt2, shape: { ...gpt2.shape, family: 'gpt_neo' as const } };
    const ids = [1, 4, 2, 0];
    const fromGpt2 = referenceForward(gpt2, ids);
    const fromNeo = referenceForward(neo, ids);
    expect(fromNeo[0]).toEqual(fromGpt2[0]);
    for (const t of [1, 2, 3]) expect(fromNeo[t]).not.toEqual(fromGpt2[t]);
  });

  it('returns one vocabulary-sized row per position and the last one from referenceLastLogits', () => {
    const weights = tinyWeights({ family: 'gpt2', attentionLayers: ['global'], qkvBias: true });
    const all = referenceForward(weights, [0, 1, 2]);
    expect(all.map((row) => row.length)).toEqual([5, 5, 5]);
    expect(referenceLastLogits(weights, [0, 1, 2])).toEqual(all[2]);
  });

  it('rejects token ids outside the vocabulary and sequences longer than the context', () => {
    const weights = tinyWeights({ family: 'gpt2', attentionLayers: ['global'], qkvBias: true });
    expect(() => referenceForward(weights, [5])).toThrow(RangeError);
    expect(() => referenceForward(weights, [0, 0, 0, 0, 0, 0, 0, 0, 0])).toThrow(RangeError);
  });
});
