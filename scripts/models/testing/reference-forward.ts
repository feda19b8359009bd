/**
 * An independent forward pass of our generated GPT-2 and GPT-Neo models, written with plain loops
 * over the weights in `spec.ts`. Tests run the ONNX graphs in ONNX Runtime and compare against this,
 * so it must share no code with the graph builder: it follows Hugging Face transformers' modelling
 * code (`modeling_gpt2.py`, `modeling_gpt_neo.py`) directly.
 *
 * Everything accumulates in float64 (plain JS numbers): the reference should be the more exact side
 * of any comparison, and clarity matters more here than speed.
 */
import {
  attentionScale,
  type AttentionKind,
  type LayerNorm,
  type LayerWeights,
  type Linear,
  type Matrix,
  type ModelShape,
  type ModelWeights,
} from '../../../src/onnx/spec.ts';

/** One hidden state (or any vector) in float64. */
export type Vector = number[];

/** `array[index]`, refusing to read past the end so a shape mistake fails loudly instead of as NaN. */
function at(array: ArrayLike<number>, index: number): number {
  const value = array[index];
  if (value === undefined) throw new RangeError(`index ${index} outside length ${array.length}`);
  return value;
}

/** Entry `(row, col)` of a row-major matrix. */
function entry(matrix: Matrix, row: number, col: number): number {
  return at(matrix.data, row * matrix.cols + col);
}

/** Row `row` of a matrix as a float64 vector. */
function matrixRow(matrix: Matrix, row: number): Vector {
  return Array.from(matrix.data.subarray(row * matrix.cols, (row + 1) * matrix.cols));
}

/**
 * Layer normalisation over the whole vector: biased variance (divide by n, as `torch.nn.LayerNorm`),
 * with `eps` added inside the square root.
 */
export function layerNorm(x: readonly number[], ln: LayerNorm, eps: number): Vector {
  const n = x.length;
  const mean = x.reduce((acc, v) => acc + v, 0) / n;
  const variance = x.reduce((acc, v) => acc + (v - mean) ** 2, 0) / n;
  const invStd = 1 / Math.sqrt(variance + eps);
  return x.map((v, i) => (v - mean) * invStd * at(ln.gamma, i) + at(ln.beta, i));
}

/** `y = x · W (+ bias)` with `W` stored `[in, out]`. */
export function linear(x: readonly number[], layer: Linear): Vector {
  const { weight, bias } = layer;
  if (x.length !== weight.rows) {
    throw new RangeError(`linear: input has ${x.length} features, weight expects ${weight.rows}`);
  }
  const y: Vector = [];
  for (let col = 0; col < weight.cols; col++) {
    let acc = bias === null ? 0 : at(bias, col);
    for (let row = 0; row < weight.rows; row++) acc += at(x, row) * entry(weight, row, col);
    y.push(acc);
  }
  return y;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** GPT-2's tanh approximation of GELU (`gelu_new` / `NewGELUActivation` in transformers). */
export function geluNew(x: number): number {
  return 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x ** 3)));
}

/**
 * Softmax that accepts `-Infinity` for masked entries (they get probability exactly 0). Subtracting
 * the maximum keeps `exp` from overflowing; at least one entry must be finite.
 */
export function softmax(scores: readonly number[]): Vector {
  const max = Math.max(...scores);
  if (max === -Infinity) throw new RangeError('softmax: every entry is masked');
  const exps = scores.map((s) => Math.exp(s - max));
  const total = exps.reduce((acc, e) => acc + e, 0);
  return exps.map((e) => e / total);
}

/**
 * Whether `query` may attend to `key` (both positions). Every layer is causal; GPT-Neo's local layers
 * also drop keys `windowSize` or more positions back (transformers builds
 * `tril(ones) ^ tril(ones, -windowSize)`).
 */
export function canAttend(kind: AttentionKind, query: number, key: number, windowSize: number): boolean {
  if (key > query) return false;
  return kind === 'global' || query - key < windowSize;
}

/**
 * Multi-head scaled dot-product attention over a whole sequence. `q`, `k`, `v` hold one
 * `nHead·headDim` vector per position; head `h` owns features `[h·headDim, (h+1)·headDim)`, which is
 * how transformers' `_split_heads` reshapes them. Returns the merged context per position.
 */
export function attention(
  q: readonly Vector[],
  k: readonly Vector[],
  v: readonly Vector[],
  nHead: number,
  scale: number,
  visible: (query: number, key: number) => boolean,
): Vector[] {
  const width = q[0]?.length ?? 0;
  const headDim = width / nHead;
  return q.map((query, i) => {
    const context: Vector = new Array<number>(width).fill(0);
    for (let h = 0; h < nHead; h++) {
      const offset = h * headDim;
      const scores = k.map((key, j) => {
        if (!visible(i, j)) return -Infinity;
        let dot = 0;
        for (let d = 0; d < headDim; d++) dot += at(query, offset + d) * at(key, offset + d);
        return dot * scale;
      });
      softmax(scores).forEach((p, j) => {
        // Masked keys have p = 0 exactly; skipping them avoids reading values that do not matter.
        if (p === 0) return;
        const value = v[j] ?? [];
        for (let d = 0; d < headDim; d++) context[offset + d] = at(context, offset + d) + p * at(value, offset + d);
      });
    }
    return context;
  });
}

/** Adds two vectors of the same length. */
function add(a: readonly number[], b: readonly number[]): Vector {
  return a.map((x, i) => x + at(b, i));
}

/** One pre-norm transformer block: `x += attn(ln1(x))`, then `x += mlp(ln2(x))`. */
function transformerBlock(x: readonly Vector[], layer: LayerWeights, kind: AttentionKind, shape: ModelShape): Vector[] {
  const eps = shape.layerNormEpsilon;
  const h = x.map((xt) => layerNorm(xt, layer.ln1, eps));
  const context = attention(
    h.map((ht) => linear(ht, layer.q)),
    h.map((ht) => linear(ht, layer.k)),
    h.map((ht) => linear(ht, layer.v)),
    shape.nHead,
    attentionScale(shape),
    (query, key) => canAttend(kind, query, key, shape.windowSize),
  );
  const afterAttention = x.map((xt, t) => add(xt, linear(context[t] ?? [], layer.out)));
  return afterAttention.map((xt) => {
    const hidden = linear(layerNorm(xt, layer.ln2, eps), layer.fc).map(geluNew);
    return add(xt, linear(hidden, layer.proj));
  });
}

/** Tied language-model head: one logit per vocabulary entry, `h · wteᵀ`. */
function tiedLogits(h: readonly number[], wte: Matrix): Float32Array {
  if (h.length !== wte.cols) throw new RangeError(`hidden width ${h.length}, embedding width ${wte.cols}`);
  const logits = new Float32Array(wte.rows);
  for (let token = 0; token < wte.rows; token++) {
    // The head is most of the work (vocabulary x width per position) and the bounds-checked `at`
    // makes it about 3x slower; the width check above already keeps every read in bounds, so the
    // `?? NaN` only satisfies the type checker.
    const rowStart = token * wte.cols;
    let dot = 0;
    for (let d = 0; d < wte.cols; d++) dot += (h[d] ?? NaN) * (wte.data[rowStart + d] ?? NaN);
    logits[token] = dot;
  }
  return logits;
}

/**
 * Logits at every position of one unpadded sequence (positions `0..n-1`), as transformers computes
 * them for a GPT-2 or GPT-Neo model with these weights. Returned as float32, rounded once at the end.
 */
export function referenceForward(weights: ModelWeights, inputIds: readonly number[]): Float32Array[] {
  const { shape } = weights;
  if (inputIds.length > shape.nPositions) {
    throw new RangeError(`${inputIds.length} tokens exceed the context of ${shape.nPositions}`);
  }
  if (weights.layers.length !== shape.attentionLayers.length) {
    throw new RangeError(`${weights.layers.length} layers but ${shape.attentionLayers.length} attention kinds`);
  }
  let x: Vector[] = inputIds.map((id, position) => {
    if (!Number.isInteger(id) || id < 0 || id >= shape.vocabSize) {
      throw new RangeError(`token id ${id} outside vocabulary of ${shape.vocabSize}`);
    }
    return add(matrixRow(weights.wte, id), matrixRow(weights.wpe, position));
  });
  weights.layers.forEach((layer, i) => {
    x = transformerBlock(x, layer, shape.attentionLayers[i] ?? 'global', shape);
  });
  return x.map((xt) => tiedLogits(layerNorm(xt, weights.lnF, shape.layerNormEpsilon), weights.wte));
}

/** Logits after the last token only: what a sampler needs for the next token. */
export function referenceLastLogits(weights: ModelWeights, inputIds: readonly number[]): Float32Array {
  const last = referenceForward(weights, inputIds).at(-1);
  if (last === undefined) throw new RangeError('referenceLastLogits needs at least one token');
  return last;
}
