/**
 * The step-by-step mode's request: the next-token logits of the sequence's context window, then
 * every stage of the sampling pipeline.
 *
 * The logits are computed the way the playground's decoding loop computes them: the prompt in one
 * prefill, then one token per forward pass on the KV cache. That is not only faster: q8 models
 * quantize activations per forward pass, so a full pass over prompt + 5 tokens gives slightly
 * different logits from the cached pass the playground runs, enough to change a greedy pick
 * within a few tokens. The cache of the last step stays in the model, and the next step extends it
 * or rebuilds it: prefix-cache.ts decides. Once the window slides (the sequence is past the
 * context) every step is a full pass.
 */
import { cropToContext } from '../engine/context-window.ts';
import { validateSamplingSettings } from '../engine/sampling.ts';
import { pipelineStages } from '../engine/stepper/pipeline-stages.ts';
import { tokenId, type TokenId } from '../engine/types.ts';
import { WorkerError } from './errors.ts';
import type { Runner } from './mode-context.ts';
import { prefixCacheOf } from './prefix-cache.ts';
import { textCodec } from './text-codec.ts';
import type { StepRequest } from './protocol.ts';

export const runStep: Runner<'step'> = async (ctx, request) => {
  const { lm, tokenizer } = ctx.requireSession();
  validate(request, lm.vocabSize);
  const window = cropToContext(request.ids, lm.contextLength);
  const ids = window.ids.map((id) => tokenId(id));
  // A sliding window has no prompt to prefill apart: the whole window goes in one pass.
  const prefillLength = window.cropStart > 0 ? ids.length : request.promptLength;
  const started = ctx.deps.now();
  const { logits, fed } = await prefixCacheOf(lm).windowLogits(ids, prefillLength);
  const forwardMs = fed === 0 ? 0 : ctx.deps.now() - started;
  const stages = pipelineStages({
    logits,
    sequence: request.ids as readonly TokenId[],
    settings: request.settings,
    uniform: request.uniform,
    ...(request.count === undefined ? {} : { count: request.count }),
  });
  const { decode } = textCodec(tokenizer);
  return {
    stages,
    candidateTexts: stages.candidates.map((candidate) => decode([candidate.id])),
    generatedText: decode([...request.ids.slice(request.promptLength), stages.chosen]),
    cropStart: window.cropStart,
    fedTokens: fed,
    cachedTokens: ids.length - fed,
    forwardMs,
  };
};

function validate(request: StepRequest, vocabSize: number): void {
  if (request.ids.length === 0) throw new WorkerError('invalid_request', { reason: 'empty_sequence' });
  const bad = request.ids.find((id) => !Number.isInteger(id) || id < 0 || id >= vocabSize);
  if (bad !== undefined) throw new WorkerError('invalid_request', { reason: 'token_out_of_vocab', value: bad, max: vocabSize - 1 });
  if (!(Number.isInteger(request.promptLength) && request.promptLength >= 1 && request.promptLength <= request.ids.length)) {
    throw new WorkerError('invalid_request', { reason: 'bad_prompt_length', value: request.promptLength, max: request.ids.length });
  }
  if (!(request.uniform >= 0 && request.uniform < 1)) throw new WorkerError('invalid_request', { reason: 'bad_uniform', value: request.uniform });
  try {
    validateSamplingSettings(request.settings);
  } catch (error) {
    throw new WorkerError('invalid_request', { reason: 'bad_settings' }, (error as Error).message);
  }
  if (request.count !== undefined && !(Number.isInteger(request.count) && request.count >= 1 && request.count <= 50)) {
    throw new WorkerError('invalid_request', { reason: 'bad_count', value: request.count, max: 50 });
  }
}
