/**
 * The logits at every position of a text, for the quantization lab's perplexity and comparisons.
 * The decoding loop only ever needs the last position; here each row predicts the token after
 * its position. Independent of the playground's `TransformersLm` and its cache: it feeds the
 * model's forward pass itself and keeps nothing once it returns.
 */
import { Tensor, type PreTrainedModel } from '@huggingface/transformers';
import { halfToFloat } from '../engine/half-float.ts';

/**
 * Positions per forward pass. Bounds the `[1, chunk, vocab]` logits tensor (GPT-2: 128 × 50,257
 * floats, 26 MB) while a long text is evaluated.
 */
export const SEQUENCE_CHUNK = 128;

export interface SequenceLogitsOptions {
  readonly vocabSize: number;
  /** Positions per pass; default {@link SEQUENCE_CHUNK}. */
  readonly chunk?: number;
  /**
   * Called once per position, in order, with that position's logits as float32 (a new array the
   * callee may keep). Row `i` is the distribution of the token after `ids[i]`.
   */
  onRow(position: number, logits: Float32Array): void;
  /** Between chunks, so a stop can arrive; return true to end early. */
  between?(): Promise<boolean>;
}

type Cache = Record<string, Tensor>;

/**
 * Runs `ids` through `model` and hands over the logits of every position.
 *
 * A text longer than one chunk is fed chunk by chunk; each chunk gets the keys and values of the
 * chunks before it (`past_key_values`), so every position sees the whole text before it, exactly
 * as in one pass. Those tensors live only inside this call and are disposed before it returns.
 *
 * @returns how many positions were handed over (fewer than `ids.length` when `between` ended it).
 * @throws Error when `ids` is empty or the model returns no logits.
 */
export async function forEachSequenceLogits(model: PreTrainedModel, ids: readonly number[], options: SequenceLogitsOptions): Promise<number> {
  const { vocabSize, chunk = SEQUENCE_CHUNK, onRow, between } = options;
  if (ids.length === 0) throw new Error('The text has no tokens to evaluate.');
  if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(`A chunk is a whole number of positions ≥ 1; got ${chunk}.`);
  let cache: Cache | null = null;
  let done = 0;
  try {
    while (done < ids.length) {
      if (done > 0 && (await between?.())) break;
      const part = ids.slice(done, done + chunk);
      const total = done + part.length;
      const output = (await model({
        input_ids: new Tensor('int64', BigInt64Array.from(part, (id) => BigInt(id)), [1, part.length]),
        attention_mask: new Tensor('int64', new BigInt64Array(total).fill(1n), [1, total]),
        ...(cache ? { past_key_values: cache } : {}),
      })) as Record<string, Tensor>;
      const next: Cache = {};
      for (const [name, tensor] of Object.entries(output)) {
        if (name.startsWith('present')) next[name.replace('present', 'past_key_values')] = tensor;
      }
      const replaced = cache;
      cache = next;
      if (replaced) await disposeAll(replaced);
      const logits = output.logits;
      if (!logits) throw new Error('The model returned no logits.');
      emitRows(logits, part.length, vocabSize, done, onRow);
      done = total;
    }
  } finally {
    if (cache) await disposeAll(cache);
  }
  return done;
}

/** Every position's logits in one array; for tests and short texts (keeps `ids.length × vocab` floats). */
export async function sequenceLogits(model: PreTrainedModel, ids: readonly number[], vocabSize: number, chunk = SEQUENCE_CHUNK): Promise<Float32Array[]> {
  const rows: Float32Array[] = [];
  await forEachSequenceLogits(model, ids, { vocabSize, chunk, onRow: (_, row) => rows.push(row) });
  return rows;
}

function emitRows(logits: Tensor, width: number, vocabSize: number, offset: number, onRow: (position: number, logits: Float32Array) => void): void {
  if (logits.dims.length !== 3 || logits.dims[1] !== width || logits.dims[2] !== vocabSize) {
    throw new Error(`The model returned logits of shape [${logits.dims.join(', ')}], not [1, ${width}, ${vocabSize}].`);
  }
  // fp16 models return float16 logits: raw bits in a Uint16Array (or a Float16Array where there is one).
  const data = logits.data as Float32Array | Uint16Array;
  for (let i = 0; i < width; i++) {
    const slice = data.subarray(i * vocabSize, (i + 1) * vocabSize);
    onRow(offset + i, logits.type === 'float16' ? halfToFloat(slice) : Float32Array.from(slice));
  }
}

/** Keys and values may sit in GPU buffers (WebGPU); CPU tensors are left to the garbage collector. */
async function disposeAll(cache: Cache): Promise<void> {
  await Promise.all(Object.values(cache).filter((t) => t.location === 'gpu-buffer').map((t) => t.dispose()));
}
