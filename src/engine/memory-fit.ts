/**
 * Whether a model's weights are likely to fit in this device's memory, asked before the download
 * so a person on a small device hears "this may not fit" at once rather than after minutes of
 * downloading and a crash. The browser says little: `navigator.deviceMemory` (Chromium only) is
 * the device's RAM in GB, rounded down to a power of two and capped at 8, and a tab gets only part
 * of it. So the rule is deliberately coarse, and only a warning: the person may load anyway.
 *
 * The estimate: a load holds the weights about twice (the downloaded file, then ONNX Runtime's
 * copy of it), and a page can count on about half of the device's memory.
 *
 * On WebGPU there is a second, hard limit: the adapter's largest buffer. A model whose largest
 * tensor exceeds it cannot run there at all, so that is warned about before the download too.
 */
import type { ModelDtype } from './backend-support.ts';

/** How many times the file's size a load holds at its peak. */
export const LOAD_MEMORY_FACTOR = 2;
/** The share of the device's memory one page can count on. */
export const PAGE_MEMORY_SHARE = 0.5;

export type MemoryFit =
  /** Fits, or nothing is known to say otherwise (no size, no `deviceMemory`). */
  | { readonly fits: true }
  /** May not fit: the load needs about `needBytes`; the device has `deviceBytes` in all. */
  | { readonly fits: false; readonly weightBytes: number; readonly needBytes: number; readonly deviceBytes: number };

/**
 * `weightBytes`: the chosen dtype's file size (catalog.ts), null when unknown (an id typed by hand).
 * `deviceMemoryGb`: `navigator.deviceMemory`, undefined where the browser does not say.
 */
export function memoryFit(weightBytes: number | null, deviceMemoryGb: number | undefined): MemoryFit {
  if (weightBytes === null || deviceMemoryGb === undefined || !Number.isFinite(deviceMemoryGb) || deviceMemoryGb <= 0) return { fits: true };
  const deviceBytes = deviceMemoryGb * 1e9;
  const needBytes = weightBytes * LOAD_MEMORY_FACTOR;
  return needBytes > deviceBytes * PAGE_MEMORY_SHARE ? { fits: false, weightBytes, needBytes, deviceBytes } : { fits: true };
}

/**
 * WebGPU's limits on one buffer, as the adapter reports them (`GPUAdapter.limits`), in bytes. ONNX
 * Runtime puts each weight tensor in a buffer of its own and binds it as a storage buffer, so a
 * tensor larger than either limit cannot run on WebGPU at all, however much memory the GPU has.
 */
export interface GpuBufferLimits {
  readonly maxBufferSize: number;
  readonly maxStorageBufferBindingSize: number;
}

/** The shape of a GPT-2 / GPT-Neo token-embedding table: `[vocab, width]`. */
export interface EmbeddingShape {
  readonly vocab: number;
  readonly width: number;
}

/**
 * Bytes per weight of the token embedding in each dtype's file (src/onnx/linear-ops.ts, as the Hub
 * exports): fp32 and fp16 store it as floats; q8 stores uint8 codes, and so does q4 (its
 * MatMulNBits covers the matrix products; the embedding's Gather stays 8-bit).
 */
export const EMBEDDING_BYTES_PER_WEIGHT: Readonly<Record<ModelDtype, number>> = { fp32: 4, fp16: 2, q8: 1, q4: 1 };

/**
 * The token-embedding shape of each catalog model (their `config.json`: every one has GPT-2's
 * 50,257-token vocabulary). The embedding is a model's largest tensor: vocab × width beats the
 * MLP's 4 × width² while width < 12,564, and the tied head of q8 (transposed codes) is its size.
 */
export const CATALOG_EMBEDDINGS: Readonly<Record<string, EmbeddingShape>> = {
  'onnx-community/gpt2-ONNX': { vocab: 50257, width: 768 },
  'Xenova/distilgpt2': { vocab: 50257, width: 768 },
  'Xenova/gpt-neo-125M': { vocab: 50257, width: 768 },
  'datificate/gpt2-small-spanish': { vocab: 50257, width: 768 },
  'DeepESP/gpt2-spanish': { vocab: 50257, width: 768 },
  'openai-community/gpt2-medium': { vocab: 50257, width: 1024 },
  'openai-community/gpt2-large': { vocab: 50257, width: 1280 },
  'EleutherAI/gpt-neo-125m': { vocab: 50257, width: 768 },
  'EleutherAI/gpt-neo-1.3B': { vocab: 50257, width: 2048 },
  'EleutherAI/gpt-neo-2.7B': { vocab: 50257, width: 2560 },
  'roneneldan/TinyStories-1M': { vocab: 50257, width: 64 },
  'roneneldan/TinyStories-33M': { vocab: 50257, width: 768 },
  'local/gpt2-tiny': { vocab: 50257, width: 64 },
  'local/gpt-neo-tiny': { vocab: 50257, width: 64 },
};

/** The bytes of `modelId`'s largest tensor (its token embedding) in `dtype`; null outside the catalog. */
export function largestTensorBytes(modelId: string, dtype: ModelDtype): number | null {
  const shape = CATALOG_EMBEDDINGS[modelId];
  return shape ? shape.vocab * shape.width * EMBEDDING_BYTES_PER_WEIGHT[dtype] : null;
}

export type BufferFit =
  /** Fits, or nothing is known to say otherwise (no size, no limits, not WebGPU). */
  | { readonly fits: true }
  /** `tensorBytes` exceeds the adapter's `limit`, which is `limitBytes`. */
  | { readonly fits: false; readonly tensorBytes: number; readonly limitBytes: number; readonly limit: keyof GpuBufferLimits };

/**
 * Whether a tensor of `tensorBytes` fits WebGPU's buffers under `limits` (null: not WebGPU, or
 * the adapter did not say). The smaller limit is the one named, the binding one on a tie: a
 * weight has to be both allocated and bound.
 */
export function bufferFit(tensorBytes: number | null, limits: GpuBufferLimits | null): BufferFit {
  if (tensorBytes === null || !limits) return { fits: true };
  const limit: keyof GpuBufferLimits = limits.maxBufferSize < limits.maxStorageBufferBindingSize ? 'maxBufferSize' : 'maxStorageBufferBindingSize';
  const limitBytes = limits[limit];
  if (!Number.isFinite(limitBytes) || limitBytes <= 0) return { fits: true };
  return tensorBytes > limitBytes ? { fits: false, tensorBytes, limitBytes, limit } : { fits: true };
}
