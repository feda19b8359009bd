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

/** A value that may still be on its way (a tensor read from a file or over HTTP). */
export type Loaded<T> = T | Promise<T>;

/**
 * A float vector read only when the ONNX writer reaches it, so a converter can stream a checkpoint
 * one tensor at a time. `load` may be called more than once (the tied embedding table is read by the
 * embedding and by the head); a source decides whether to cache.
 */
export interface LazyVector {
  readonly length: number;
  load(): Loaded<Float32Array>;
}

/** A row-major `[rows, cols]` matrix read when needed; linear weights are `[in, out]` as in {@link Matrix}. */
export interface LazyMatrix {
  readonly rows: number;
  readonly cols: number;
  load(): Loaded<Float32Array>;
}

export interface LazyLinear {
  readonly weight: LazyMatrix;
  readonly bias: LazyVector | null;
}

export interface LazyLayerNorm {
  readonly gamma: LazyVector;
  readonly beta: LazyVector;
}

/** One decoder layer's weights as the graph consumes them. */
export interface LayerSource {
  readonly ln1: LazyLayerNorm;
  /** GPT-2: the fused `c_attn` `[E, 3E]` (query, key, value side by side). GPT-Neo: three `[E, E]` projections. */
  readonly attention: { readonly fused: LazyLinear } | { readonly q: LazyLinear; readonly k: LazyLinear; readonly v: LazyLinear };
  readonly out: LazyLinear;
  readonly ln2: LazyLayerNorm;
  readonly fc: LazyLinear;
  readonly proj: LazyLinear;
}

/**
 * Everything the ONNX builder reads, tensor by tensor: shapes up front, numbers on demand. Weights
 * in memory ({@link weightSource}) and a streamed checkpoint (src/convert) both take this form.
 */
export interface WeightSource {
  readonly shape: ModelShape;
  /** Token embeddings `[vocabSize, nEmbd]`, also the tied head. */
  readonly wte: LazyMatrix;
  readonly wpe: LazyMatrix;
  readonly layers: readonly LayerSource[];
  readonly lnF: LazyLayerNorm;
}

const vectorOf = (data: Float32Array): LazyVector => ({ length: data.length, load: () => data });
const matrixOf = (m: Matrix): LazyMatrix => ({ rows: m.rows, cols: m.cols, load: () => m.data });
const linearOf = (l: Linear): LazyLinear => ({ weight: matrixOf(l.weight), bias: l.bias ? vectorOf(l.bias) : null });
const layerNormOf = (ln: LayerNorm): LazyLayerNorm => ({ gamma: vectorOf(ln.gamma), beta: vectorOf(ln.beta) });

/** GPT-2's `c_attn` from separate q, k, v: row r is `[q_r | k_r | v_r]`; a missing bias is zeros. */
function fuseQkv(layer: LayerWeights, nEmbd: number): LazyLinear {
  const parts = [layer.q, layer.k, layer.v];
  return {
    weight: {
      rows: nEmbd,
      cols: 3 * nEmbd,
      load: () => {
        const fused = new Float32Array(nEmbd * 3 * nEmbd);
        for (let r = 0; r < nEmbd; r++) {
          parts.forEach((lin, j) => fused.set(lin.weight.data.subarray(r * nEmbd, (r + 1) * nEmbd), r * 3 * nEmbd + j * nEmbd));
        }
        return fused;
      },
    },
    bias: {
      length: 3 * nEmbd,
      load: () => {
        const bias = new Float32Array(3 * nEmbd);
        parts.forEach((lin, j) => bias.set(lin.bias ?? new Float32Array(nEmbd), j * nEmbd));
        return bias;
      },
    },
  };
}

/** Weights held in memory (the generator's) as a {@link WeightSource}. */
export function weightSource(w: ModelWeights): WeightSource {
  const gpt2 = w.shape.family === 'gpt2';
  return {
    shape: w.shape,
    wte: matrixOf(w.wte),
    wpe: matrixOf(w.wpe),
    lnF: layerNormOf(w.lnF),
    layers: w.layers.map((layer) => ({
      ln1: layerNormOf(layer.ln1),
      attention: gpt2 ? { fused: fuseQkv(layer, w.shape.nEmbd) } : { q: linearOf(layer.q), k: linearOf(layer.k), v: linearOf(layer.v) },
      out: linearOf(layer.out),
      ln2: layerNormOf(layer.ln2),
      fc: linearOf(layer.fc),
      proj: linearOf(layer.proj),
    })),
  };
}
