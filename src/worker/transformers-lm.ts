/**
 * The decoding loop's {@link BatchedLm} on a transformers.js causal LM: feeds the model's forward
 * pass ourselves and keeps its KV cache between steps, where the backend keeps it (GPU buffers on
 * WebGPU). Every cache tensor that a step replaces is disposed.
 */
import { Tensor, type PreTrainedModel } from '@huggingface/transformers';
import type { BatchedLm } from '../engine/batched-lm.ts';
import { halfToFloat } from '../engine/half-float.ts';
import type { TokenId } from '../engine/types.ts';

/** Prompt tokens per prefill pass: bounds the logits buffer ([rows, chunk, vocab] floats) on long prompts. */
export const PREFILL_CHUNK = 128;

type Cache = Record<string, Tensor>;

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

  constructor(
    private readonly model: PreTrainedModel,
    shape: LmShape,
    private readonly prefillChunk = PREFILL_CHUNK,
  ) {
    ({ vocabSize: this.vocabSize, contextLength: this.contextLength, eosTokenId: this.eosTokenId } = shape);
  }

  async prefill(prompt: readonly TokenId[], rows: number): Promise<Float32Array[]> {
    await this.release();
    if (prompt.length === 0) throw new Error('prefill needs at least one token');
    let logits: Float32Array[] = [];
    for (let start = 0; start < prompt.length; start += this.prefillChunk) {
      const chunk = prompt.slice(start, start + this.prefillChunk);
      logits = await this.forward(Array.from({ length: rows }, () => chunk));
    }
    return logits;
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

  private async forward(rows: readonly (readonly TokenId[])[]): Promise<Float32Array[]> {
    const batch = rows.length;
    const width = rows[0]?.length ?? 0;
    const total = this.cachedLength + width;
    const inputIds = new BigInt64Array(batch * width);
    rows.forEach((row, r) => row.forEach((id, i) => (inputIds[r * width + i] = BigInt(id))));
    const output = (await this.model({
      input_ids: new Tensor('int64', inputIds, [batch, width]),
      attention_mask: new Tensor('int64', new BigInt64Array(batch * total).fill(1n), [batch, total]),
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
    return lastPositionLogits(logits, batch, width, this.vocabSize);
  }
}

/** Each row's logits at its last position, as float32 (fp16 models return float16). */
function lastPositionLogits(logits: Tensor, batch: number, width: number, vocab: number): Float32Array[] {
  const data = logits.data as Float32Array | Uint16Array;
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
