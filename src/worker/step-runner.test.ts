// The step-by-step mode's worker request on the real worker and real tiny models: stepping one
// token at a time writes exactly what the playground's decoding loop writes (fp32 and q8, whose
// per-pass activation quantization punishes any other way of computing the logits), the cache
// is reused only while it is the step's own, the window is cropped to the context, and bad
// requests end in errors a person can act on.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cropToContext } from '../engine/context-window.ts';
import { pipelineStages, stageNamed } from '../engine/stepper/pipeline-stages.ts';
import { createStepHistory, nextUniform, sequenceOf, takeDrawnToken, type StepHistory } from '../engine/stepper/step-history.ts';
import type { SamplingSettings, TokenId } from '../engine/types.ts';
import type { StepRequest, StepResult } from './protocol.ts';
import { createNodeHarness, generateTinyModels, GPT2, GPT_NEO, panel, PROMPT, settings, type NodeHarness } from './testing/node-harness.ts';

const NEW_TOKENS = 12;
let models: ReturnType<typeof generateTinyModels>;

beforeAll(() => {
  models = generateTinyModels(['gpt2', 'gpt_neo'], ['fp32', 'q8']);
});
afterAll(() => models?.remove());

async function step(h: NodeHarness, request: Omit<StepRequest, 'type' | 'requestId'>): Promise<StepResult> {
  const requestId = h.newId('step');
  await h.send({ type: 'step', requestId, ...request });
  const end = h.terminal(requestId);
  if (end.type === 'error') throw new Error(`step failed: ${end.error.code} ${JSON.stringify(end.error.params)}`);
  if (end.type !== 'done' || end.request !== 'step') throw new Error(`step ended with ${JSON.stringify(end)}`);
  return end.result;
}

/** Takes `count` drawn steps as the page does: uniform from the history, sequence from the history. */
async function stepRun(h: NodeHarness, prompt: readonly number[], stepSettings: SamplingSettings, seed: number, count: number) {
  let history: StepHistory = createStepHistory(prompt as TokenId[], h.session.info.contextLength, seed);
  const results: StepResult[] = [];
  for (let i = 0; i < count; i++) {
    const result = await step(h, { ids: sequenceOf(history), promptLength: prompt.length, settings: stepSettings, uniform: nextUniform(history) });
    results.push(result);
    history = takeDrawnToken(history, result.stages);
  }
  return { ids: sequenceOf(history).slice(prompt.length), results };
}

describe.each([
  [GPT2, 'fp32'],
  [GPT_NEO, 'fp32'],
  [GPT2, 'q8'],
  [GPT_NEO, 'q8'],
] as const)('%s %s: steps equal the playground', (modelId, dtype) => {
  const h = createNodeHarness();
  let promptIds: number[];
  beforeAll(async () => {
    const end = h.terminal(await h.load(modelId, { dtype }));
    if (end.type === 'error') throw new Error(`load failed: ${end.error.code} ${end.error.detail ?? ''}`);
    promptIds = h.session.tokenizer.encode(PROMPT, { add_special_tokens: false });
  });
  afterEach(() => h.expectEveryRequestEndedOnce());

  // Plain greedy on random weights may repeat one token; the penalised and sampled runs make
  // every token count. GPT-Neo's prompt of 23 tokens slides past its local window of 16.
  it.each([
    ['greedy', settings({ greedy: true }), 1],
    ['greedy, repetition penalty 1.3', settings({ greedy: true, repetitionPenalty: 1.3 }), 1],
    ['greedy, no-repeat 2-grams', settings({ greedy: true, noRepeatNgramSize: 2 }), 1],
    ['sampled: T 0.9, top-k 40, top-p 0.95, seed 7', settings({ temperature: 0.9, topK: 40, topP: 0.95 }), 7],
    ['sampled: T 1.2, min-p 0.02, seed 123', settings({ temperature: 1.2, minP: 0.02 }), 123],
  ])('%s', async (_, stepSettings, seed) => {
    const playground = await h.generate(PROMPT, [panel(NEW_TOKENS, stepSettings, seed)]);
    const stepped = await stepRun(h, promptIds, stepSettings, seed, NEW_TOKENS);
    expect(stepped.ids).toEqual(playground.ids[0]);
    expect(stepped.results.at(-1)!.generatedText).toBe(playground.result.panels[0]!.text);
    // The sampler's own snapshot of each step is the playground's, probabilities included.
    expect(stepped.results.map((r) => r.stages.step.tokenId)).toEqual(playground.tokens[0]!.map((t) => t.step.tokenId));
    stepped.results.forEach((r, i) => {
      expect(r.stages.step.rawProbability).toBeCloseTo(playground.tokens[0]![i]!.step.rawProbability, 5);
      expect(r.cropStart).toBe(0);
      // The prompt in one prefill, then one new position per step on the cache.
      expect([r.fedTokens, r.cachedTokens]).toEqual(i === 0 ? [promptIds.length, 0] : [1, promptIds.length + i - 1]);
      expect(r.forwardMs).toBeGreaterThan(0);
    });
    if (stepSettings.greedy) expect(stepped.results.every((r) => r.stages.greedy && r.stages.drawInterval === null)).toBe(true);
  });

  // Back, a hand-chosen branch, and a playground run in between all leave the step without a
  // cache of its own; it then rebuilds it (prompt, then token by token) and still matches.
  it('rebuilds the cache after a branch or another request, and matches the playground again', async () => {
    const greedy = settings({ greedy: true, repetitionPenalty: 1.3 });
    const playground = await h.generate(PROMPT, [panel(8, greedy)]);
    const want = playground.ids[0]!;
    const ask = (generated: readonly number[]) => step(h, { ids: [...promptIds, ...generated], promptLength: promptIds.length, settings: greedy, uniform: 0.5 });
    await ask(want.slice(0, 5));
    // A branch: the sequence no longer extends the cache.
    const branch = await ask([...want.slice(0, 3), 262]);
    expect([branch.fedTokens, branch.cachedTokens]).toEqual([promptIds.length + 4, 0]);
    // The same sequence again: the held logits, no forward pass.
    const again = await ask([...want.slice(0, 3), 262]);
    expect([again.fedTokens, again.cachedTokens, again.forwardMs]).toEqual([0, promptIds.length + 4, 0]);
    expect(again.stages).toEqual(branch.stages);
    // Back on the main line after a playground run, which released the model's cache.
    await h.generate(PROMPT, [panel(3, greedy)]);
    const back = await ask(want.slice(0, 5));
    expect([back.fedTokens, back.cachedTokens]).toEqual([promptIds.length + 5, 0]);
    expect(back.stages.chosen).toBe(want[5]);
    const next = await ask(want.slice(0, 6));
    expect([next.fedTokens, next.cachedTokens, next.stages.chosen]).toEqual([1, promptIds.length + 5, want[6]]);
  });
});

describe(`${GPT2} fp32: one step`, () => {
  const h = createNodeHarness();
  beforeAll(() => h.loadOk(GPT2));
  afterEach(() => h.expectEveryRequestEndedOnce());

  it('tokenizes "Hello, I am" to the real GPT-2 ids and decodes every candidate alone', async () => {
    const requestId = h.newId('tokenize');
    await h.send({ type: 'tokenize', requestId, text: 'Hello, I am' });
    const end = h.terminal(requestId);
    if (end.type !== 'done' || end.request !== 'tokenize') throw new Error('tokenize failed');
    expect(end.result.ids).toEqual([15496, 11, 314, 716]);
    const result = await step(h, { ids: end.result.ids, promptLength: 4, settings: settings({ temperature: 0.8, topK: 5 }), uniform: 0.5, count: 6 });
    const { tokenizer } = h.session;
    expect(result.candidateTexts).toEqual(result.stages.candidates.map((c) => tokenizer.decode([c.id], { skip_special_tokens: false })));
    expect(result.stages.candidates.length).toBeGreaterThanOrEqual(6);
    expect(stageNamed(result.stages, 'top_k').keptCount).toBe(5);
    expect(result.stages.stages.map((s) => s.name)).toEqual(['raw', 'penalties', 'temperature', 'top_k', 'top_p', 'min_p', 'draw']);
  });

  // The tiny model has 256 positions: a sequence of 300 feeds its last 255 ids, and the stages
  // are those of a forward pass over exactly that window (penalties still see the whole sequence).
  it('crops a sequence longer than the context to its last contextLength − 1 ids', async () => {
    const { lm } = h.session;
    expect(lm.contextLength).toBe(256);
    const ids = Array.from({ length: 300 }, (_, i) => (i * 7919) % 5000);
    const stepSettings = settings({ repetitionPenalty: 1.5, temperature: 0.7 });
    const result = await step(h, { ids, promptLength: 10, settings: stepSettings, uniform: 0.3 });
    expect(result.cropStart).toBe(45);
    expect([result.fedTokens, result.cachedTokens]).toEqual([255, 0]);
    const window = cropToContext(ids, 256);
    expect(window).toEqual({ ids: ids.slice(45), cropStart: 45 });
    const [logits] = await lm.prefill(window.ids as TokenId[], 1);
    await lm.release();
    expect(result.stages).toEqual(pipelineStages({ logits: logits!, sequence: ids as TokenId[], settings: stepSettings, uniform: 0.3 }));
    // The window slides: the next step is a full pass over the new last 255 ids.
    const slid = await step(h, { ids: [...ids, result.stages.chosen], promptLength: 10, settings: stepSettings, uniform: 0.3 });
    expect([slid.cropStart, slid.fedTokens, slid.cachedTokens]).toEqual([46, 255, 0]);
  });

  it('rejects ids outside the vocabulary, a bad draw and bad settings with messages to act on', async () => {
    const send = async (request: Omit<StepRequest, 'type' | 'requestId'>) => {
      const requestId = h.newId('step');
      await h.send({ type: 'step', requestId, ...request });
      return h.errorOf(requestId);
    };
    const outside = await send({ ids: [15496, 50257], promptLength: 1, settings: settings(), uniform: 0.5 });
    expect(outside).toMatchObject({ code: 'invalid_request', params: { reason: 'token_out_of_vocab', value: 50257, max: 50256 } });
    expect(await send({ ids: [], promptLength: 1, settings: settings(), uniform: 0.5 })).toMatchObject({ code: 'invalid_request' });
    expect(await send({ ids: [15496], promptLength: 2, settings: settings(), uniform: 0.5 })).toMatchObject({ code: 'invalid_request' });
    expect(await send({ ids: [15496], promptLength: 1, settings: settings(), uniform: 1 })).toMatchObject({ code: 'invalid_request', params: { reason: 'bad_uniform', value: 1 } });
    const badTopP = await send({ ids: [15496], promptLength: 1, settings: settings({ topP: 0 }), uniform: 0.5 });
    expect(badTopP.code).toBe('invalid_request');
    expect(badTopP.params).toMatchObject({ modelId: GPT2, dtype: 'fp32', device: 'wasm' });
  });
});

describe('before a model is loaded', () => {
  const h = createNodeHarness();
  afterEach(() => h.expectEveryRequestEndedOnce());

  it('says to load a model first', async () => {
    const requestId = h.newId('step');
    await h.send({ type: 'step', requestId, ids: [15496], promptLength: 1, settings: settings(), uniform: 0.5 });
    expect(h.errorOf(requestId)).toEqual({ name: 'WorkerError', code: 'no_model_loaded', params: {}, detail: null });
  });
});
