/**
 * One timed run of each thing the benchmark compares: our decoding loop (`decodeBatch` over the
 * worker's `TransformersLm`) and transformers.js's own `model.generate()`, on the same loaded model
 * and the same prompt ids. Both are timed from the call to its return, with prompt tokenization
 * outside the clock, and both decode the streamed tokens to text as they go (ours in the loop,
 * generate() in its TextStreamer), as the app would.
 */
import { Tensor, TextStreamer, type PreTrainedModel, type PreTrainedTokenizer } from '@huggingface/transformers';
import type { TokenDecoder } from '../../src/engine/batched-lm.ts';
import { decodeBatch, type PanelSpec } from '../../src/engine/decode-loop.ts';
import { tokenId, type TokenId } from '../../src/engine/types.ts';
import { textCodec } from '../../src/worker/text-codec.ts';
import type { TransformersLm } from '../../src/worker/transformers-lm.ts';

/** What one run measured; rates count only the tokens after the first, as `DecodeReport` does. */
export interface RunSample {
  readonly timeToFirstTokenMs: number;
  /** `null` for generate(): its first forward pass and first sampling step are not timed apart. */
  readonly prefillMs: number | null;
  readonly decodeMs: number;
  /** Tokens per second after the first, summed over the panels. */
  readonly decodeTokensPerSecond: number;
  /** Forward steps per second after the first token: each active panel gets one token per step. */
  readonly perPanelTokensPerSecond: number;
  /** The generated ids of each panel. */
  readonly tokenIds: readonly (readonly TokenId[])[];
}

/**
 * Text decoding as the worker does it (its one text codec, src/worker/text-codec.ts), so our loop
 * pays for the same streaming text it pays for in the app.
 */
export function tokenDecoder(tokenizer: PreTrainedTokenizer): TokenDecoder {
  return textCodec(tokenizer);
}

/**
 * Our loop, as the worker runs it: tokens go to `onToken` (here dropped, where the worker buffers
 * them) and the loop yields to the event loop between steps with the worker's own MessageChannel yield.
 */
export async function runOurs(lm: TransformersLm, decoder: TokenDecoder, promptIds: readonly TokenId[], panels: readonly PanelSpec[], yieldToHost: () => Promise<void>): Promise<RunSample> {
  const report = await decodeBatch(lm, decoder, promptIds, panels, {
    stopReason: () => null,
    yieldToHost,
    onToken: () => undefined,
    now: () => performance.now(),
  });
  return {
    timeToFirstTokenMs: report.timeToFirstTokenMs,
    prefillMs: report.prefillMs,
    decodeMs: report.decodeMs,
    decodeTokensPerSecond: report.decodeTokensPerSecond,
    perPanelTokensPerSecond: report.decodeStepsPerSecond,
    tokenIds: report.panels.map((p) => p.tokenIds),
  };
}

/**
 * transformers.js's greedy `generate()` for exactly `tokens` new tokens: `min_new_tokens` keeps it
 * from stopping at `<|endoftext|>` (our greedy panel would stop there; the ids check then differs).
 * Its first token is timed by the streamer's `token_callback_function`.
 */
export async function runGenerate(model: PreTrainedModel, tokenizer: PreTrainedTokenizer, promptIds: readonly TokenId[], tokens: number): Promise<RunSample> {
  const n = promptIds.length;
  const input_ids = new Tensor('int64', BigInt64Array.from(promptIds, (id) => BigInt(id)), [1, n]);
  const attention_mask = new Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]);
  // The streamer decodes text as it goes, as our loop does for its panels; the text is dropped.
  const times: number[] = [];
  const streamer = new TextStreamer(tokenizer, {
    skip_prompt: true,
    skip_special_tokens: false,
    callback_function: () => undefined,
    token_callback_function: () => void times.push(performance.now()),
  });
  const start = performance.now();
  const output = await model.generate({ input_ids, attention_mask, max_new_tokens: tokens, min_new_tokens: tokens, do_sample: false, streamer });
  const end = performance.now();
  const sequences = (output instanceof Tensor ? output : (output as { sequences: Tensor }).sequences) as Tensor;
  const generated = Array.from((sequences.data as BigInt64Array).subarray(n), (id) => tokenId(Number(id)));
  const first = times[0] ?? end;
  const decodeMs = end - first;
  const decodeSteps = Math.max(0, generated.length - 1);
  const rate = decodeMs > 0 ? (decodeSteps * 1000) / decodeMs : 0;
  return {
    timeToFirstTokenMs: first - start,
    prefillMs: null,
    decodeMs,
    decodeTokensPerSecond: rate,
    perPanelTokensPerSecond: rate,
    tokenIds: [generated],
  };
}
