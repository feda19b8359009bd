/**
 * Seeded random weights in the real shapes of GPT-2 and GPT-Neo.
 *
 * The scales are chosen so the network computes something non-trivial (attention is not uniform,
 * logits have a spread) at any width: linear layers use std 1/sqrt(fan_in), LayerNorm gains sit
 * around 1. The text such a model writes is gibberish; it exists to test the pipeline.
 */
import { normalArray } from './random.ts';
import type { AttentionKind, Family, LayerNorm, LayerWeights, Linear, Matrix, ModelShape, ModelWeights } from '../../src/onnx/spec.ts';

/** Sizes the generator knows. `tiny` is for tests; `gpt2-124m` has GPT-2 small's exact shapes. */
export const SIZES = ['tiny', 'gpt2-124m'] as const;
export type Size = (typeof SIZES)[number];

const GPT2_VOCAB = 50257;

/** GPT-Neo alternates global and local attention, starting with global, as in `attention_types`. */
function alternatingAttention(nLayer: number): AttentionKind[] {
  return Array.from({ length: nLayer }, (_, i) => (i % 2 === 0 ? 'global' : 'local'));
}

/** Builds and validates a shape. Throws a clear error for widths that do not split into heads. */
export function makeShape(options: {
  family: Family;
  nLayer: number;
  nHead: number;
  nEmbd: number;
  nPositions: number;
  windowSize?: number;
  vocabSize?: number;
}): ModelShape {
  const { family, nLayer, nHead, nEmbd, nPositions } = options;
  for (const [name, value] of Object.entries({ nLayer, nHead, nEmbd, nPositions })) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${value}.`);
  }
  if (nEmbd % nHead !== 0) {
    throw new Error(`Width ${nEmbd} does not divide into ${nHead} heads: n_embd must be a multiple of n_head.`);
  }
  const windowSize = options.windowSize ?? 256;
  return {
    family,
    nLayer,
    nHead,
    nEmbd,
    nPositions,
    vocabSize: options.vocabSize ?? GPT2_VOCAB,
    windowSize,
    attentionLayers: family === 'gpt2' ? Array<AttentionKind>(nLayer).fill('global') : alternatingAttention(nLayer),
    layerNormEpsilon: 1e-5,
  };
}

/** The shape of a named size for a family. */
export function shapeForSize(family: Family, size: Size): ModelShape {
  switch (size) {
    case 'tiny':
      // A window of 16 is short enough that test prompts cross it, so local attention really matters.
      return makeShape({ family, nLayer: 2, nHead: 4, nEmbd: 64, nPositions: 256, windowSize: 16 });
    case 'gpt2-124m':
      return makeShape({ family, nLayer: 12, nHead: 12, nEmbd: 768, nPositions: 1024, windowSize: 256 });
    default: {
      const unknown: never = size;
      throw new Error(`Unknown size ${String(unknown)}`);
    }
  }
}

/** The tiny test shape of a family. */
export function tinyShape(family: Family): ModelShape {
  return shapeForSize(family, 'tiny');
}

function matrix(rows: number, cols: number, std: number, seed: number, name: string): Matrix {
  return { rows, cols, data: normalArray(rows * cols, std, seed, name) };
}

function linear(inDim: number, outDim: number, seed: number, name: string, withBias: boolean): Linear {
  return {
    weight: matrix(inDim, outDim, 1 / Math.sqrt(inDim), seed, `${name}.weight`),
    bias: withBias ? normalArray(outDim, 0.02, seed, `${name}.bias`) : null,
  };
}

function layerNorm(width: number, seed: number, name: string): LayerNorm {
  return {
    gamma: normalArray(width, 0.1, seed, `${name}.weight`, 1),
    beta: normalArray(width, 0.05, seed, `${name}.bias`),
  };
}

/** Deterministic weights for `shape`: the same (shape, seed) always gives the same numbers. */
export function generateWeights(shape: ModelShape, seed: number): ModelWeights {
  const e = shape.nEmbd;
  // GPT-Neo's q/k/v projections have no bias; GPT-2's fused c_attn has one.
  const qkvBias = shape.family === 'gpt2';
  const layers: LayerWeights[] = [];
  for (let i = 0; i < shape.nLayer; i++) {
    const p = `h.${i}`;
    layers.push({
      ln1: layerNorm(e, seed, `${p}.ln_1`),
      q: linear(e, e, seed, `${p}.attn.q`, qkvBias),
      k: linear(e, e, seed, `${p}.attn.k`, qkvBias),
      v: linear(e, e, seed, `${p}.attn.v`, qkvBias),
      out: linear(e, e, seed, `${p}.attn.out`, true),
      ln2: layerNorm(e, seed, `${p}.ln_2`),
      fc: linear(e, 4 * e, seed, `${p}.mlp.c_fc`, true),
      proj: linear(4 * e, e, seed, `${p}.mlp.c_proj`, true),
    });
  }
  return {
    shape,
    wte: matrix(shape.vocabSize, e, 0.1, seed, 'wte'),
    wpe: matrix(shape.nPositions, e, 0.1, seed, 'wpe'),
    layers,
    lnF: layerNorm(e, seed, 'ln_f'),
  };
}
