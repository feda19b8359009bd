/**
 * What a generated model is: its family, its shape and its weights, independent of any file format.
 * The ONNX builder turns this into graphs; the reference forward pass in the tests reads the same
 * weights with plain loops, so the two can be checked against each other.
 */

/** Model families we generate, spelled as `config.json`'s `model_type`. */
export const FAMILIES = ['gpt2', 'gpt_neo'] as const;
export type Family = (typeof FAMILIES)[number];

/** Weight formats, spelled as transformers.js's `dtype` option. */
export const DTYPES = ['fp32', 'fp16', 'q8', 'q4'] as const;
export type Dtype = (typeof DTYPES)[number];

/** File name of each dtype under `onnx/`, as on the Hub (transformers.js adds these suffixes). */
export const ONNX_FILE: Record<Dtype, string> = {
  fp32: 'model.onnx',
  fp16: 'model_fp16.onnx',
  q8: 'model_quantized.onnx',
  q4: 'model_q4.onnx',
};

export type AttentionKind = 'global' | 'local';

export interface ModelShape {
  readonly family: Family;
  readonly nLayer: number;
  readonly nHead: number;
  /** Hidden width (GPT-2 `n_embd`, GPT-Neo `hidden_size`). */
  readonly nEmbd: number;
  /** Context length (GPT-2 `n_positions`, GPT-Neo `max_position_embeddings`). */
  readonly nPositions: number;
  readonly vocabSize: number;
  /** GPT-Neo local attention: a query sees keys with `query - key < windowSize`. */
  readonly windowSize: number;
  /** One entry per layer; GPT-2 is all `global`, GPT-Neo alternates `global`, `local`. */
  readonly attentionLayers: readonly AttentionKind[];
  readonly layerNormEpsilon: number;
}

/** Row-major matrix `[rows, cols]`. Linear weights are `[in, out]`, so `y = x · W`. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
}

export interface Linear {
  readonly weight: Matrix;
  /** `null` where the family has no bias (GPT-Neo's q/k/v projections). */
  readonly bias: Float32Array | null;
}

export interface LayerNorm {
  readonly gamma: Float32Array;
  readonly beta: Float32Array;
}

export interface LayerWeights {
  readonly ln1: LayerNorm;
  /** Query, key and value projections, each `[nEmbd, nEmbd]`. GPT-2 fuses them into `c_attn` on export. */
  readonly q: Linear;
  readonly k: Linear;
  readonly v: Linear;
  /** Attention output projection (GPT-2 `attn.c_proj`, GPT-Neo `out_proj`). */
  readonly out: Linear;
  readonly ln2: LayerNorm;
  /** MLP `[nEmbd, 4·nEmbd]` then `[4·nEmbd, nEmbd]`, with `gelu_new` between. */
  readonly fc: Linear;
  readonly proj: Linear;
}

export interface ModelWeights {
  readonly shape: ModelShape;
  /** Token embeddings `[vocabSize, nEmbd]`; also the (tied) language-model head. */
  readonly wte: Matrix;
  /** Learned position embeddings `[nPositions, nEmbd]`. */
  readonly wpe: Matrix;
  readonly layers: readonly LayerWeights[];
  readonly lnF: LayerNorm;
}

/** Attention score scale: GPT-2 divides by sqrt(head_dim); GPT-Neo does not scale at all. */
export function attentionScale(shape: ModelShape): number {
  return shape.family === 'gpt2' ? 1 / Math.sqrt(shape.nEmbd / shape.nHead) : 1;
}
