/**
 * The model as the decoding loop sees it: a batched forward pass that keeps its own KV cache.
 * The worker implements it on transformers.js; tests implement it with plain arrays.
 */
import type { TokenId } from './types.ts';

export interface BatchedLm {
  readonly vocabSize: number;
  /** Positions the model can attend over (GPT-2 `n_positions`, GPT-Neo `max_position_embeddings`). */
  readonly contextLength: number;
  readonly eosTokenId: TokenId;
  /**
   * Starts a batch: runs `prompt` in `rows` identical rows (one forward pass, possibly in chunks)
   * and returns each row's logits for the next token. Drops any previous batch's cache.
   */
  prefill(prompt: readonly TokenId[], rows: number): Promise<Float32Array[]>;
  /** Appends one token per row and returns each row's logits for the next token. */
  step(tokens: readonly TokenId[]): Promise<Float32Array[]>;
  /** Frees the batch's cache (GPU buffers on WebGPU). */
  release(): Promise<void>;
}

/** Turns token ids into text; byte-level BPE may need several tokens for one character. */
export interface TokenDecoder {
  decode(ids: readonly TokenId[]): string;
}
