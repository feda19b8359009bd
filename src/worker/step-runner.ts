/**
 * The step-by-step mode's request: the next-token logits of the sequence's context window, then
 * every stage of the sampling pipeline.
 *
 * The logits are computed the way the playground's decoding loop computes them: the prompt in one
 * prefill, then one token per forward pass on the KV cache. That is not only faster: q8 models
 * quantize activations per forward pass, so a full pass over prompt + 5 tokens gives slightly
 * different logits from the cached pass the playground runs, enough to change a greedy pick
 * within a few tokens. The cache of the last step stays in the model; the next step extends it
 * when its window starts with the same ids, and rebuilds it (prompt, then token by token)
 * otherwise. Once the window slides (the sequence is past the context) every step is a full pass.
 */
import { validateSamplingSettings } from '../engine/sampling.ts';
import { pipelineStages } from '../engine/stepper/pipeline-stages.ts';
import { tokenId, type TokenId } from '../engine/types.ts';
import { WorkerError } from './errors.ts';
import type { ModeContext } from './handler.ts';
import { textCodec } from './text-codec.ts';
import type { StepRequest } from './protocol.ts';
import type { TransformersLm } from './transformers-lm.ts';

/** The ids of a model of `contextLength` positions sees: the last contextLength − 1, as `contextWindow` keeps. */
export function cropToContext(ids: readonly number[], contextLength: number): { ids: number[]; cropStart: number } {
  const cropStart = ids.length >= contextLength ? ids.length - (contextLength - 1) : 0;
  return { ids: ids.slice(cropStart), cropStart };
}

/** What the model's live cache holds after a step, and the logits it gave for the next token. */
interface HeldWindow {
  readonly ids: readonly TokenId[];
  readonly logits: Float32Array;
}

/**
 * Per model. Valid only while the model's cache still has exactly these positions: every other
 * user of the model (the playground's loop, autocomplete) releases its cache when it ends, so a
 * length that no longer matches means someone else ran in between.
 */
const held = new WeakMap<TransformersLm, HeldWindow>();

/** The next-token logits of `window`, and how many positions were run through the model for them. */
async function windowLogits(lm: TransformersLm, window: readonly TokenId[], prefillLength: number): Promise<{ logits: Float32Array; fed: number }> {
  const last = held.get(lm);
  held.delete(lm);
  try {
    let done: readonly TokenId[];
    let logits: Float32Array | undefined;
    let fed = 0;
    if (last && lm.length === last.ids.length && startsWith(window, last.ids)) {
      done = last.ids;
      logits = last.logits;
    } else {
      done = window.slice(0, prefillLength);
      [logits] = await lm.prefill(done, 1);
      fed = done.length;
    }
    for (const id of window.slice(done.length)) {
      [logits] = await lm.step([id]);
      fed++;
    }
    if (!logits) throw new Error('The model returned no logits for the step.');
    held.set(lm, { ids: [...window], logits });
    return { logits, fed };
  } catch (error) {
    await lm.release().catch(() => undefined);
    throw error;
  }
}

export async function runStep(ctx: ModeContext, request: StepRequest): Promise<void> {
  const { requestId } = request;
  const current = ctx.session();
  if (!current) {
    ctx.fail(requestId, new WorkerError('no_model_loaded', 'No model is loaded. Load a model in the model bar, then take a step.'));
    return;
  }
  const { lm, tokenizer, info } = current;
  const context = { modelId: info.modelId, dtype: info.dtype, device: info.device };
  try {
    validate(request, lm.vocabSize);
    const window = cropToContext(request.ids, lm.contextLength);
    const ids = window.ids.map((id) => tokenId(id));
    // A sliding window has no prompt to prefill apart: the whole window goes in one pass.
    const prefillLength = window.cropStart > 0 ? ids.length : request.promptLength;
    const started = ctx.deps.now();
    const { logits, fed } = await windowLogits(lm, ids, prefillLength);
    const forwardMs = fed === 0 ? 0 : ctx.deps.now() - started;
    const stages = pipelineStages({
      logits,
      sequence: request.ids as readonly TokenId[],
      settings: request.settings,
      uniform: request.uniform,
      ...(request.count === undefined ? {} : { count: request.count }),
    });
    const { decode } = textCodec(tokenizer);
    ctx.post({
      type: 'done',
      requestId,
      request: 'step',
      result: {
        stages,
        candidateTexts: stages.candidates.map((candidate) => decode([candidate.id])),
        generatedText: decode([...request.ids.slice(request.promptLength), stages.chosen]),
        cropStart: window.cropStart,
        fedTokens: fed,
        cachedTokens: ids.length - fed,
        forwardMs,
      },
    });
  } catch (error) {
    ctx.fail(requestId, error, context);
  }
}

function startsWith(ids: readonly TokenId[], prefix: readonly TokenId[]): boolean {
  return prefix.length <= ids.length && prefix.every((id, i) => ids[i] === id);
}

function validate(request: StepRequest, vocabSize: number): void {
  if (request.ids.length === 0) {
    throw new WorkerError('invalid_request', 'A step needs at least one token in the sequence; use <|endoftext|> for an empty prompt.');
  }
  const bad = request.ids.find((id) => !Number.isInteger(id) || id < 0 || id >= vocabSize);
  if (bad !== undefined) {
    throw new WorkerError('invalid_request', `Token id ${bad} is not in this model's vocabulary (0 to ${vocabSize - 1}). Restart from the prompt.`);
  }
  if (!(Number.isInteger(request.promptLength) && request.promptLength >= 1 && request.promptLength <= request.ids.length)) {
    throw new WorkerError('invalid_request', `The prompt length must be 1 to ${request.ids.length} tokens; got ${request.promptLength}.`);
  }
  if (!(request.uniform >= 0 && request.uniform < 1)) {
    throw new WorkerError('invalid_request', `The draw needs a uniform number in [0, 1); got ${request.uniform}.`);
  }
  try {
    validateSamplingSettings(request.settings);
  } catch (error) {
    throw new WorkerError('invalid_request', `The step's settings are out of range: ${(error as Error).message}`);
  }
  if (request.count !== undefined && !(Number.isInteger(request.count) && request.count >= 1 && request.count <= 50)) {
    throw new WorkerError('invalid_request', `Follow 1 to 50 candidates; got ${request.count}.`);
  }
}
