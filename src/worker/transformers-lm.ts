/**
 * The decoding loop's {@link BatchedLm} on a transformers.js causal LM: feeds the model's forward
 * pass ourselves and keeps its KV cache between steps, where the backend keeps it (GPU buffers on
 * WebGPU). Every cache tensor that a step replaces is disposed.
 *
 * For autocomplete it can also keep a copy of one prompt's keys and values ({@link KeptPrefix}),
 * apart from the live cache, so a later prompt that starts with the same ids prefills only its
 * new tokens ({@link TransformersLm.prefillReusing}). The copy is on the CPU and belongs to this
 * object alone: the playground's and the step mode's prefills and steps never touch it, so it
 * cannot go stale while they run between two suggestions; it goes with the model (a new load
 * makes a new TransformersLm). This class holds the tensors and does the cropping; when to keep
 * and when to reuse is decided in one place, prefix-cache.ts, the only caller of
 * {@link TransformersLm.keepPrefix}, {@link TransformersLm.keptIds} and {@link TransformersLm.prefillReusing}.
 */
import { Tensor, type PreTrainedModel } from '@huggingface/transformers';
import type { BatchedLm } from '../engine/batched-lm.ts';
import { halfToFloat } from '../engine/half-float.ts';
import type { TokenId } from '../engine/types.ts';

/** Prompt tokens per prefill pass: bounds the logits buffer ([rows, chunk, vocab] floats) on long prompts. */
export const PREFILL_CHUNK = 128;

type Cache = Record<string, Tensor>;

/** One cache tensor kept on the CPU: a single row, `[1, heads, positions, headDim]`. */
interface KeptTensor {
  readonly type: Tensor['type'];
  readonly data: Float32Array | Uint16Array;
  readonly dims: readonly number[];
}

/** Keys and values of one prompt, kept for a later prompt that starts with the same token ids. */
export interface KeptPrefix {
  /** The ids whose keys and values are held, position by position. */
  readonly ids: readonly TokenId[];
  /** Per cache input name (`past_key_values.0.key`, …). */
  readonly tensors: ReadonlyMap<string, KeptTensor>;
}

/** The sequence axis of a `[batch, heads, positions, headDim]` cache tensor (GPT-2 and GPT-Neo exports). */
const SEQUENCE_AXIS = 2;

export interface LmShape {
  readonly vocabSize: number;
  readonly contextLength: number;
  readonly eosTokenId: TokenId;
}

export class TransformersLm implements BatchedLm {
  readonly vocabSize: number;
  readonly contextLength: number;
  readonly eosTokenId: TokenId;
  private cache: Cache | null = null;
  private cachedLength = 0;
  private kept: KeptPrefix | null = null;

  constructor(
    private readonly model: PreTrainedModel,
    shape: LmShape,
    private readonly prefillChunk = PREFILL_CHUNK,
    /**
     * Trailing positions whose logits the model computes, for a model that takes
     * `num_logits_to_keep`: 1 (only the last, which is all the loop reads), or 0 for every
     * position, as before that input existed (the benchmark's baseline, `--logits all`).
     */
    private readonly logitsToKeep: 0 | 1 = 1,
  ) {
    ({ vocabSize: this.vocabSize, contextLength: this.contextLength, eosTokenId: this.eosTokenId } = shape);
  }

  async prefill(prompt: readonly TokenId[], rows: number): Promise<Float32Array[]> {
    await this.release();
    if (prompt.length === 0) throw new Error('prefill needs at least one token');
    return this.forwardInChunks(prompt, rows);
  }

  step(tokens: readonly TokenId[]): Promise<Float32Array[]> {
    return this.forward(tokens.map((t) => [t]));
  }

  async release(): Promise<void> {
    const old = this.cache;
    this.cache = null;
    this.cachedLength = 0;
    if (old) await disposeGpuTensors(Object.values(old));
  }

  /** Past tokens currently in the cache. */
  get length(): number {
    return this.cachedLength;
  }

  /** The ids of the kept prompt prefix (see {@link keepPrefix}); empty when none is kept. */
  get keptIds(): readonly TokenId[] {
    return this.kept?.ids ?? [];
  }

  /**
   * Copies row 0 of the live cache, which must hold exactly `ids` (call it right after a prefill
   * of `ids`, before any step), so a later {@link prefillReusing} can start from it. Replaces the
   * previous copy. On WebGPU the tensors are downloaded (`getData()`), which costs a read-back of
   * the whole prefix. Returns false, keeping nothing, when the cache's layout is not the
   * `[batch, heads, positions, headDim]` this class knows how to crop: the next prompt then gets
   * a full prefill, which is slower but always right.
   */
  async keepPrefix(ids: readonly TokenId[]): Promise<boolean> {
    this.kept = null;
    const cache = this.cache;
    if (!cache || ids.length === 0 || this.cachedLength !== ids.length) return false;
    const tensors = new Map<string, KeptTensor>();
    for (const [name, tensor] of Object.entries(cache)) {
      const dims = tensor.dims;
      if (dims.length !== 4 || dims[SEQUENCE_AXIS] !== ids.length) return false;
      const data = tensor.location === 'gpu-buffer' ? await tensor.ort_tensor.getData() : tensor.data;
      if (!(data instanceof Float32Array || data instanceof Uint16Array)) return false;
      // Row 0 is the first `rowSize` elements; every row of a prefill holds the same prompt.
      const rowSize = dims.slice(1).reduce((a, b) => a * b, 1);
      tensors.set(name, { type: tensor.type, data: data.slice(0, rowSize), dims: [1, ...dims.slice(1)] });
    }
    this.kept = { ids: [...ids], tensors };
    return true;
  }

  /** Drops the kept prefix (a test, or memory to give back). */
  forgetPrefix(): void {
    this.kept = null;
  }

  /**
   * Like {@link prefill}, but the first `reused` positions come from the kept prefix instead of a
   * forward pass: their keys and values are cropped to `reused` positions along the sequence axis
   * and repeated for each row, and only `prompt.slice(reused)` runs through the model. GPT-2 and
   * GPT-Neo attend only backwards, so those keys and values are exactly what a full prefill would
   * compute for them.
   *
   * @throws Error when the kept prefix does not start with `prompt`'s first `reused` ids, or
   *   when nothing would be left to run (`reused` must be below `prompt.length`: the logits come
   *   from running the last token).
   */
  async prefillReusing(prompt: readonly TokenId[], rows: number, reused: number): Promise<Float32Array[]> {
    const kept = this.kept;
    if (!kept || reused < 1 || reused > kept.ids.length || reused >= prompt.length) {
      throw new Error(`Cannot reuse ${reused} cached positions for a prompt of ${prompt.length} tokens (${kept?.ids.length ?? 0} kept).`);
    }
    for (let i = 0; i < reused; i++) {
      if (kept.ids[i] !== prompt[i]) throw new Error(`The kept prefix differs from the prompt at position ${i}.`);
    }
    await this.release();
    const cache: Cache = {};
    for (const [name, t] of kept.tensors) cache[name] = cropAndRepeat(t, reused, rows);
    this.cache = cache;
    this.cachedLength = reused;
    return this.forwardInChunks(prompt.slice(reused), rows);
  }

  /** Runs `ids` in `rows` identical rows after the cache, `prefillChunk` positions per pass; the last pass's logits. */
  private async forwardInChunks(ids: readonly TokenId[], rows: number): Promise<Float32Array[]> {
    let logits: Float32Array[] = [];
    for (let start = 0; start < ids.length; start += this.prefillChunk) {
      const chunk = ids.slice(start, start + this.prefillChunk);
      logits = await this.forward(Array.from({ length: rows }, () => chunk));
    }
    return logits;
  }

  private async forward(rows: readonly (readonly TokenId[])[]): Promise<Float32Array[]> {
    const batch = rows.length;
    const width = rows[0]?.length ?? 0;
    const total = this.cachedLength + width;
    const inputIds = new BigInt64Array(batch * width);
    rows.forEach((row, r) => row.forEach((id, i) => (inputIds[r * width + i] = BigInt(id))));
    const output = (await this.model({
      input_ids: new Tensor('int64', inputIds, [batch, width]),
      attention_mask: new Tensor('int64', new BigInt64Array(batch * total).fill(1n), [batch, total]),
      // Only the last position's logits, from a model that takes it (ours, newer Optimum exports);
      // transformers.js drops it for one that does not.
      num_logits_to_keep: new Tensor('int64', BigInt64Array.of(BigInt(this.logitsToKeep)), []),
      ...(this.cache ? { past_key_values: this.cache } : {}),
    })) as Record<string, Tensor>;

    const next: Cache = {};
    for (const [name, tensor] of Object.entries(output)) {
      if (name.startsWith('present')) next[name.replace('present', 'past_key_values')] = tensor;
    }
    const replaced = this.cache ? Object.values(this.cache) : [];
    this.cache = next;
    this.cachedLength = total;
    await disposeGpuTensors(replaced);

    const logits = output.logits;
    if (!logits) throw new Error('The model returned no logits.');
    return lastPositionLogits(logits, batch, this.vocabSize);
  }
}

/**
 * A `[rows, heads, positions, headDim]` CPU tensor from a kept `[1, heads, kept, headDim]` one:
 * its first `positions` along the sequence axis, the same in every row.
 */
function cropAndRepeat(kept: KeptTensor, positions: number, rows: number): Tensor {
  const [, heads = 0, keptLength = 0, headDim = 0] = kept.dims;
  const keptHead = keptLength * headDim;
  const head = positions * headDim;
  const row = heads * head;
  const Data = kept.data instanceof Float32Array ? Float32Array : Uint16Array;
  const out = new Data(rows * row);
  for (let h = 0; h < heads; h++) {
    // Within a head, positions are contiguous: the first `positions` of them are one block.
    out.set(kept.data.subarray(h * keptHead, h * keptHead + head), h * head);
  }
  for (let r = 1; r < rows; r++) out.copyWithin(r * row, 0, row);
  return new Tensor(kept.type, out, [rows, heads, positions, headDim]);
}

/** Each row's logits at its last position, as float32 (fp16 models return float16). */
function lastPositionLogits(logits: Tensor, batch: number, vocab: number): Float32Array[] {
  const data = logits.data as Float32Array | Uint16Array;
  // Every position the pass ran, or only the last one (`num_logits_to_keep`).
  const width = logits.dims[1] ?? 1;
  const rows: Float32Array[] = [];
  for (let r = 0; r < batch; r++) {
    const from = (r * width + width - 1) * vocab;
    const slice = data.subarray(from, from + vocab);
    rows.push(logits.type === 'float16' ? halfToFloat(slice) : Float32Array.from(slice));
  }
  return rows;
}

async function disposeGpuTensors(tensors: readonly Tensor[]): Promise<void> {
  await Promise.all(tensors.filter((t) => t.location === 'gpu-buffer').map((t) => t.dispose()));
}
