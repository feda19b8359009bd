/**
 * Maps a checkpoint's state dict onto the graph's weights. Names come with or without the
 * `transformer.` prefix (old GPT-2 repos saved the base model); the causal-mask buffers
 * (`attn.bias`, `attn.masked_bias`) and the tied `lm_head.weight` are not weights and are skipped.
 * GPT-2 stores its projections as Conv1D `[in, out]`, our layout; GPT-Neo as Linear `[out, in]`,
 * transposed on read.
 */
import type { LazyLayerNorm, LazyLinear, LazyMatrix, LazyVector, LayerSource, ModelShape, WeightSource } from '../onnx/spec.ts';
import { ConvertError } from './errors.ts';
import { FLOAT_DTYPES, type StoredTensor } from './tensor-data.ts';

/** Tensors that a checkpoint may hold but the graph does not read. */
const IGNORED = [/^h\.\d+\.attn\.(bias|masked_bias)$/, /^h\.\d+\.attn\.attention\.(bias|masked_bias)$/, /^lm_head\.weight$/];

/** The state dict by name without the `transformer.` prefix. */
export function canonicalNames(tensors: Iterable<StoredTensor>): Map<string, StoredTensor> {
  const byName = new Map<string, StoredTensor>();
  for (const t of tensors) {
    const name = t.name.startsWith('transformer.') ? t.name.slice('transformer.'.length) : t.name;
    // With both spellings present, the prefixed (full model's) one wins.
    if (!byName.has(name) || t.name.startsWith('transformer.')) byName.set(name, t);
  }
  return byName;
}

function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = data[row + c] as number;
  }
  return out;
}

/** The weight names a model of `shape` needs, with the stored shape each must have. */
export function expectedTensors(shape: ModelShape, fcWidth: number): Map<string, readonly number[]> {
  const e = shape.nEmbd;
  const gpt2 = shape.family === 'gpt2';
  const expected = new Map<string, readonly number[]>([
    ['wte.weight', [shape.vocabSize, e]],
    ['wpe.weight', [shape.nPositions, e]],
    ['ln_f.weight', [e]],
    ['ln_f.bias', [e]],
  ]);
  for (let i = 0; i < shape.nLayer; i++) {
    const p = `h.${i}`;
    for (const ln of ['ln_1', 'ln_2']) {
      expected.set(`${p}.${ln}.weight`, [e]);
      expected.set(`${p}.${ln}.bias`, [e]);
    }
    if (gpt2) {
      expected.set(`${p}.attn.c_attn.weight`, [e, 3 * e]);
      expected.set(`${p}.attn.c_attn.bias`, [3 * e]);
      expected.set(`${p}.attn.c_proj.weight`, [e, e]);
      expected.set(`${p}.attn.c_proj.bias`, [e]);
      expected.set(`${p}.mlp.c_fc.weight`, [e, fcWidth]);
      expected.set(`${p}.mlp.c_proj.weight`, [fcWidth, e]);
    } else {
      for (const proj of ['q_proj', 'k_proj', 'v_proj', 'out_proj']) expected.set(`${p}.attn.attention.${proj}.weight`, [e, e]);
      expected.set(`${p}.attn.attention.out_proj.bias`, [e]);
      expected.set(`${p}.mlp.c_fc.weight`, [fcWidth, e]);
      expected.set(`${p}.mlp.c_proj.weight`, [e, fcWidth]);
    }
    expected.set(`${p}.mlp.c_fc.bias`, [fcWidth]);
    expected.set(`${p}.mlp.c_proj.bias`, [e]);
  }
  return expected;
}

/**
 * The checkpoint as the builder's {@link WeightSource}: every tensor checked (present, float, right
 * shape) before anything is read, each read only when the writer reaches it.
 *
 * @param checkpointName - The weight file(s), for messages.
 * @throws ConvertError `bad-tensor` naming the missing or misshapen tensors.
 */
export function weightSourceFromCheckpoint(shape: ModelShape, tensors: Iterable<StoredTensor>, checkpointName: string): WeightSource {
  const byName = canonicalNames(tensors);
  // The MLP width is the checkpoint's (GPT-2 n_inner / GPT-Neo intermediate_size, 4·width by default).
  const fc = byName.get('h.0.mlp.c_fc.bias');
  const fcWidth = fc?.shape.length === 1 ? (fc.shape[0] ?? 4 * shape.nEmbd) : 4 * shape.nEmbd;
  const expected = expectedTensors(shape, fcWidth);
  const missing = [...expected.keys()].filter((name) => !byName.has(name));
  if (missing.length > 0) {
    const unexpected = [...byName.keys()].filter((name) => !expected.has(name) && !IGNORED.some((re) => re.test(name)));
    const more = missing.length > 6 ? ` and ${missing.length - 6} more` : '';
    const extra = unexpected.length > 0 ? ` It has instead: ${unexpected.slice(0, 6).join(', ')}${unexpected.length > 6 ? '…' : ''}.` : '';
    throw new ConvertError('bad-tensor', `${checkpointName} lacks ${missing.slice(0, 6).join(', ')}${more}, which a ${shape.family === 'gpt2' ? 'GPT-2' : 'GPT-Neo'} of this config needs.${extra}`);
  }
  for (const [name, dims] of expected) {
    const t = byName.get(name) as StoredTensor;
    if (t.shape.length !== dims.length || t.shape.some((d, i) => d !== dims[i])) {
      throw new ConvertError('bad-tensor', `${checkpointName}: ${t.name} is [${t.shape.join(', ')}], but config.json implies [${dims.join(', ')}].`);
    }
    if (!FLOAT_DTYPES.includes(t.dtype)) {
      throw new ConvertError('bad-tensor', `${checkpointName}: ${t.name} is stored as ${t.dtype}; the converter reads float32, float16 and bfloat16 weights only.`);
    }
  }
  const tensor = (name: string) => byName.get(name) as StoredTensor;
  const vector = (name: string): LazyVector => {
    const t = tensor(name);
    return { length: t.shape[0] ?? 0, load: () => t.read() };
  };
  /** A matrix stored as we use it (`[rows, cols]`), or transposed (`[cols, rows]`, PyTorch Linear). */
  const matrix = (name: string, transposed: boolean): LazyMatrix => {
    const t = tensor(name);
    const [a = 0, b = 0] = t.shape;
    return transposed
      ? { rows: b, cols: a, load: async () => transpose(await t.read(), a, b) }
      : { rows: a, cols: b, load: () => t.read() };
  };
  const linear = (name: string, transposed: boolean, bias = true): LazyLinear => ({
    weight: matrix(`${name}.weight`, transposed),
    bias: bias ? vector(`${name}.bias`) : null,
  });
  const layerNorm = (name: string): LazyLayerNorm => ({ gamma: vector(`${name}.weight`), beta: vector(`${name}.bias`) });

  const neo = shape.family === 'gpt_neo';
  const layers: LayerSource[] = Array.from({ length: shape.nLayer }, (_, i) => {
    const p = `h.${i}`;
    const a = `${p}.attn.attention`;
    return {
      ln1: layerNorm(`${p}.ln_1`),
      attention: neo
        ? { q: linear(`${a}.q_proj`, true, false), k: linear(`${a}.k_proj`, true, false), v: linear(`${a}.v_proj`, true, false) }
        : { fused: linear(`${p}.attn.c_attn`, false) },
      out: neo ? linear(`${a}.out_proj`, true) : linear(`${p}.attn.c_proj`, false),
      ln2: layerNorm(`${p}.ln_2`),
      fc: linear(`${p}.mlp.c_fc`, neo),
      proj: linear(`${p}.mlp.c_proj`, neo),
    };
  });
  return { shape, wte: matrix('wte.weight', false), wpe: matrix('wpe.weight', false), layers, lnF: layerNorm('ln_f') };
}
