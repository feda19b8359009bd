/**
 * The decoder graph of GPT-2 and GPT-Neo, with a KV cache, in the layout of Optimum's
 * `text-generation-with-past` exports, so transformers.js's own cache handling works unchanged:
 *
 * inputs  `input_ids` [batch, seq] · `attention_mask` [batch, past + seq] · `position_ids` [batch, seq] ·
 *         `num_logits_to_keep` [] · `past_key_values.{i}.key|value` [batch, heads, past, head_dim]
 * outputs `logits` [batch, kept, vocab] · `present.{i}.key|value` [batch, heads, past + seq, head_dim]
 *
 * `num_logits_to_keep` is the input of newer Optimum exports that transformers.js sets itself: 1
 * while generating (only the last position's logits are computed: the head is 38.6 M of GPT-2
 * small's 124 M weights), 0 for a plain forward pass (every position, as the lab's perplexity needs).
 */
import { attentionScale, weightSource, type Dtype, type LazyLayerNorm, type ModelWeights, type WeightSource } from './spec.ts';
import { attr, GraphBuilder } from './graph-builder.ts';
import { floatFormat, linearOps, type FloatFormat, type LinearOps } from './linear-ops.ts';
import { concatParts } from './protobuf-writer.ts';
import { ElemType, encodeModel, initializerBytes, MAX_INLINE_BYTES, type EncodedModel, type ValueInfo } from './model-proto.ts';

/** Opset 17 has LayerNormalization; com.microsoft 1 has MatMulNBits. */
const OPSETS = [
  { domain: '', version: 17 },
  { domain: 'com.microsoft', version: 1 },
];

/**
 * The additive mask value for positions a query may not see. fp32 uses the dtype's minimum, like
 * Hugging Face; fp16 uses -30000, far enough from -65504 that adding a score cannot overflow to
 * -Infinity (a fully padded row must stay finite, not become NaN).
 */
function maskMin(dtype: Dtype): number {
  return dtype === 'fp16' ? -30000 : -3.4028234663852886e38;
}

interface Ctx {
  readonly g: GraphBuilder;
  readonly f: FloatFormat;
  readonly ops: LinearOps;
  readonly w: WeightSource;
}

function layerNorm({ g, f, w }: Ctx, x: string, ln: LazyLayerNorm, name: string): string {
  const gamma = f.tensor(g, `${name}.weight`, ln.gamma, [ln.gamma.length]);
  const beta = f.tensor(g, `${name}.bias`, ln.beta, [ln.beta.length]);
  return g.op1('LayerNormalization', [x, gamma, beta], {
    name,
    attributes: [attr.int('axis', -1), attr.float('epsilon', w.shape.layerNormEpsilon)],
  });
}

/** gelu_new: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), GPT-2's and GPT-Neo's activation. */
function geluNew({ g, f }: Ctx, x: string): string {
  const cube = g.op1('Mul', [g.op1('Mul', [x, x]), x]);
  const inner = g.op1('Add', [x, g.op1('Mul', [cube, f.scalar(g, 'gelu_c', 0.044715)])]);
  const t = g.op1('Tanh', [g.op1('Mul', [inner, f.scalar(g, 'gelu_sqrt_2_over_pi', Math.sqrt(2 / Math.PI))])]);
  const half = g.op1('Mul', [x, f.scalar(g, 'gelu_half', 0.5)]);
  return g.op1('Mul', [half, g.op1('Add', [t, f.scalar(g, 'gelu_one', 1)])]);
}

/**
 * Additive attention masks [batch, 1, seq, past + seq]: 0 where a query may look, a large negative
 * number elsewhere. Query i sits at absolute position past + i; it sees key j when j ≤ past + i,
 * the key is not padding, and (local layers) past + i - j < window.
 */
function attentionMasks(ctx: Ctx, dtype: Dtype): { global: string; local: string | null } {
  const { g, w } = ctx;
  const scalarIndex = (name: string, v: number) => g.int64(name, [v], []);
  const seq = g.op1('Gather', [g.op1('Shape', ['input_ids']), scalarIndex('one_index', 1)], { attributes: [attr.int('axis', 0)] });
  const total = g.op1('Gather', [g.op1('Shape', ['attention_mask']), scalarIndex('one_index', 1)], { attributes: [attr.int('axis', 0)] });
  const past = g.op1('Sub', [total, seq]);
  const one = scalarIndex('one', 1);
  const queryPos = g.op1('Range', [past, total, one]);
  const keyPos = g.op1('Range', [scalarIndex('zero', 0), total, one]);
  const queryCol = g.op1('Unsqueeze', [queryPos, g.int64('axis1', [1])]); // [seq, 1]
  const keyRow = g.op1('Unsqueeze', [keyPos, g.int64('axis0', [0])]); // [1, total]
  const causal = g.op1('LessOrEqual', [keyRow, queryCol]); // [seq, total]
  const notPadding = g.op1('Unsqueeze', [g.op1('Cast', ['attention_mask'], { attributes: [attr.int('to', ElemType.bool)] }), g.int64('axes12', [1, 2])]);
  const leading = g.int64('axes01', [0, 1]);
  // Built in float32 and cast once, so the minimum never has to pass through fp16 arithmetic.
  const zeroF = g.initializer('mask_zero', ElemType.float, [], new Uint8Array(4));
  const minF = g.initializer('mask_min', ElemType.float, [], new Uint8Array(Float32Array.of(maskMin(dtype)).buffer));
  const toBias = (allowed: string, name: string) => {
    const visible = g.op1('And', [g.op1('Unsqueeze', [allowed, leading]), notPadding]);
    const bias = g.op1('Where', [visible, zeroF, minF], { name });
    return ctx.f.elemType === ElemType.float ? bias : g.op1('Cast', [bias], { attributes: [attr.int('to', ctx.f.elemType)] });
  };
  const global = toBias(causal, 'global_attention_mask');
  if (!w.shape.attentionLayers.includes('local')) return { global, local: null };
  const distance = g.op1('Sub', [queryCol, keyRow]);
  const near = g.op1('Less', [distance, g.int64('window_size', [w.shape.windowSize], [])]);
  const local = toBias(g.op1('And', [causal, near]), 'local_attention_mask');
  return { global, local };
}

function decoderLayer(ctx: Ctx, x: string, i: number, masks: { global: string; local: string | null }): string {
  const { g, f, ops, w } = ctx;
  const layer = w.layers[i];
  if (!layer) throw new Error(`No weights for layer ${i}`);
  const { nHead, nEmbd, family } = w.shape;
  const headDim = nEmbd / nHead;
  const p = `transformer.h.${i}`;

  const h = layerNorm(ctx, x, layer.ln1, `${p}.ln_1`);
  let q: string, k: string, v: string;
  const attention = layer.attention;
  if ('fused' in attention) {
    if (family !== 'gpt2') throw new Error(`Layer ${i}: a fused c_attn belongs to GPT-2, not ${family}`);
    // GPT-2's c_attn: one [E, 3E] projection, split into query, key and value.
    const qkv = ops.linear(g, h, attention.fused.weight, attention.fused.bias, `${p}.attn.c_attn`);
    [q, k, v] = g.op('Split', [qkv, g.int64('qkv_split', [nEmbd, nEmbd, nEmbd])], {
      outputs: 3,
      attributes: [attr.int('axis', -1)],
    }) as [string, string, string];
  } else {
    if (family !== 'gpt_neo') throw new Error(`Layer ${i}: separate q/k/v belong to GPT-Neo, not ${family}`);
    q = ops.linear(g, h, attention.q.weight, attention.q.bias, `${p}.attn.attention.q_proj`);
    k = ops.linear(g, h, attention.k.weight, attention.k.bias, `${p}.attn.attention.k_proj`);
    v = ops.linear(g, h, attention.v.weight, attention.v.bias, `${p}.attn.attention.v_proj`);
  }
  const headsShape = g.int64('heads_shape', [0, 0, nHead, headDim]);
  const toHeads = (t: string) => g.op1('Transpose', [g.op1('Reshape', [t, headsShape])], { attributes: [attr.ints('perm', [0, 2, 1, 3])] });
  const keys = g.op1('Concat', [`past_key_values.${i}.key`, toHeads(k)], { attributes: [attr.int('axis', 2)], outputs: [`present.${i}.key`] });
  const values = g.op1('Concat', [`past_key_values.${i}.value`, toHeads(v)], { attributes: [attr.int('axis', 2)], outputs: [`present.${i}.value`] });

  let scores = g.op1('MatMul', [toHeads(q), g.op1('Transpose', [keys], { attributes: [attr.ints('perm', [0, 1, 3, 2])] })]);
  const scale = attentionScale(w.shape);
  if (scale !== 1) scores = g.op1('Mul', [scores, f.scalar(g, 'attention_scale', scale)]);
  const mask = w.shape.attentionLayers[i] === 'local' ? masks.local : masks.global;
  if (!mask) throw new Error(`Layer ${i} is local but no local mask was built`);
  const probs = g.op1('Softmax', [g.op1('Add', [scores, mask])], { attributes: [attr.int('axis', -1)] });
  const context = g.op1('MatMul', [probs, values]);
  const merged = g.op1('Reshape', [
    g.op1('Transpose', [context], { attributes: [attr.ints('perm', [0, 2, 1, 3])] }),
    g.int64('merge_shape', [0, 0, nEmbd]),
  ]);
  const outName = family === 'gpt2' ? `${p}.attn.c_proj` : `${p}.attn.attention.out_proj`;
  const attnOut = ops.linear(g, merged, layer.out.weight, layer.out.bias, outName);
  const afterAttn = g.op1('Add', [x, attnOut]);

  const h2 = layerNorm(ctx, afterAttn, layer.ln2, `${p}.ln_2`);
  const hidden = geluNew(ctx, ops.linear(g, h2, layer.fc.weight, layer.fc.bias, `${p}.mlp.c_fc`));
  const mlpOut = ops.linear(g, hidden, layer.proj.weight, layer.proj.bias, `${p}.mlp.c_proj`);
  return g.op1('Add', [afterAttn, mlpOut]);
}

/** How a model is labelled and where its weights go. */
export interface BuildOptions {
  readonly producer?: string;
  readonly docString?: string;
  /**
   * ONNX external data: `'auto'` (default) only past protobuf's 2 GB limit, `'always'` for every
   * tensor of 1 kB or more, `'never'` to fail instead.
   */
  readonly externalData?: 'auto' | 'always' | 'never';
  /** The `.onnx` file's name, which names its data files (`model.onnx` -> `model.onnx_data`). */
  readonly fileName?: string;
  /** Largest external data file (default just under 2 GiB); tests use small chunks. */
  readonly chunkBytes?: number;
}

/** How many trailing positions get logits; 0 = all (transformers.js's `setNumLogitsToKeep`). */
export const NUM_LOGITS_TO_KEEP = 'num_logits_to_keep';

/** `hidden[:, -k:, :]` for k = `num_logits_to_keep`, or all of `hidden` when k is 0 (a k past the length keeps all). */
function keptPositions(g: GraphBuilder, hidden: string): string {
  const zero = g.int64('keep_all', [0], []);
  const start = g.op1('Where', [g.op1('Equal', [NUM_LOGITS_TO_KEEP, zero]), zero, g.op1('Neg', [NUM_LOGITS_TO_KEEP])]);
  const starts = g.op1('Unsqueeze', [start, g.int64('keep_unsqueeze_axes', [0])]);
  return g.op1('Slice', [hidden, starts, g.int64('keep_ends', [Number.MAX_SAFE_INTEGER]), g.int64('keep_axes', [1])]);
}

const GENERATED_DOC = 'Random weights — for testing the pipeline. Generated by GPT Playground (npm run models:generate).';

function isSource(weights: ModelWeights | WeightSource): weights is WeightSource {
  return 'load' in weights.wte;
}

/**
 * The decoder of `weights` in `dtype`, as encoded ONNX parts: nothing is computed or read from the
 * weights until `writeParts` reaches each tensor, so a checkpoint streams through one tensor at a
 * time. Concatenated (see `concatParts`) the parts of a model without external data are an `.onnx` file.
 */
export function buildOnnxModelParts(input: ModelWeights | WeightSource, dtype: Dtype, options: BuildOptions = {}): EncodedModel {
  const weights = isSource(input) ? input : weightSource(input);
  const g = new GraphBuilder();
  const f = floatFormat(dtype);
  const ctx: Ctx = { g, f, ops: linearOps(dtype), w: weights };
  const { nLayer, nHead, nEmbd, vocabSize, family } = weights.shape;
  const headDim = nEmbd / nHead;

  const inputs: ValueInfo[] = [
    { name: 'input_ids', elemType: ElemType.int64, dims: ['batch_size', 'sequence_length'] },
    { name: 'attention_mask', elemType: ElemType.int64, dims: ['batch_size', 'past_sequence_length + sequence_length'] },
    { name: 'position_ids', elemType: ElemType.int64, dims: ['batch_size', 'sequence_length'] },
    { name: NUM_LOGITS_TO_KEEP, elemType: ElemType.int64, dims: [] },
  ];
  const outputs: ValueInfo[] = [{ name: 'logits', elemType: f.elemType, dims: ['batch_size', 'num_logits', vocabSize] }];
  for (let i = 0; i < nLayer; i++) {
    for (const kind of ['key', 'value']) {
      inputs.push({ name: `past_key_values.${i}.${kind}`, elemType: f.elemType, dims: ['batch_size', nHead, 'past_sequence_length', headDim] });
      outputs.push({ name: `present.${i}.${kind}`, elemType: f.elemType, dims: ['batch_size', nHead, 'past_sequence_length + sequence_length', headDim] });
    }
  }
  for (const v of [...inputs, ...outputs]) g.name(v.name);

  const tokens = ctx.ops.embed(g, 'input_ids', weights.wte, 'transformer.wte.weight');
  const wpe = f.tensor(g, 'transformer.wpe.weight', weights.wpe, [weights.wpe.rows, weights.wpe.cols]);
  const positions = g.op1('Gather', [wpe, 'position_ids'], { attributes: [attr.int('axis', 0)] });
  let x = g.op1('Add', [tokens, positions]);
  const masks = attentionMasks(ctx, dtype);
  for (let i = 0; i < nLayer; i++) x = decoderLayer(ctx, x, i, masks);
  const final = layerNorm(ctx, x, weights.lnF, 'transformer.ln_f');
  ctx.ops.tiedHead(g, keptPositions(g, final), weights.wte, 'transformer.wte.weight', 'logits');

  const mode = options.externalData ?? 'auto';
  const tooBig = initializerBytes(g.initializers) > MAX_INLINE_BYTES;
  if (tooBig && mode === 'never') {
    throw new Error(`The ${dtype} model's weights pass protobuf's 2 GB limit; it needs ONNX external data.`);
  }
  const external = mode === 'always' || (mode === 'auto' && tooBig);
  return encodeModel(
    {
      graphName: `${family}_decoder_with_past`,
      nodes: g.nodes,
      initializers: g.initializers,
      inputs,
      outputs,
      opsets: OPSETS,
      producer: options.producer ?? 'gpt-playground-model-generator',
      docString: options.docString ?? GENERATED_DOC,
      metadata: { family, dtype },
    },
    external ? { modelFile: options.fileName ?? 'model.onnx', ...(options.chunkBytes ? { chunkBytes: options.chunkBytes } : {}) } : null,
  );
}

/** The decoder of weights held in memory, in `dtype`, as one `.onnx` buffer (small models only). */
export function buildOnnxModel(weights: ModelWeights | WeightSource, dtype: Dtype): Uint8Array {
  return concatParts(buildOnnxModelParts(weights, dtype, { externalData: 'never' }).parts);
}
