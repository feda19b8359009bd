// Our decoding loop on the real worker and real models: greedy equals transformers.js generate(),
// seeds reproduce, and a panel's tokens do not depend on the panels batched with it.
import { Tensor } from '@huggingface/transformers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHarness, generateTinyModels, GPT2, GPT_NEO, panel, PROMPT } from './testing/node-harness.ts';

const NEW_TOKENS = 20;
let models: ReturnType<typeof generateTinyModels>;

beforeAll(() => {
  models = generateTinyModels(['gpt2', 'gpt_neo']);
});
afterAll(() => models?.remove());

describe.each([GPT2, GPT_NEO])('%s fp32', (modelId) => {
  const h = createNodeHarness();
  beforeAll(() => h.loadOk(modelId));
  afterEach(() => h.expectEveryRequestEndedOnce());

  // Plain greedy on random weights can repeat one token (GPT-2 tiny does, 20 times), which a
  // broken loop could match by chance; with a repetition penalty or an n-gram ban every token
  // counts, and those are checked against transformers.js's own logits processors.
  it('decodes greedily exactly as transformers.js generate() does, with and without penalties', async () => {
    const { model, tokenizer } = h.session;
    const promptIds = tokenizer.encode(PROMPT, { add_special_tokens: false });
    expect(promptIds).toHaveLength(23); // + 20 new tokens: GPT-Neo's window of 16 slides past both
    const reference = async (options: { repetition_penalty?: number; no_repeat_ngram_size?: number }) => {
      const output = (await model.generate({
        input_ids: new Tensor('int64', BigInt64Array.from(promptIds.map(BigInt)), [1, promptIds.length]),
        attention_mask: new Tensor('int64', new BigInt64Array(promptIds.length).fill(1n), [1, promptIds.length]),
        max_new_tokens: NEW_TOKENS,
        do_sample: false,
        ...options,
      })) as Tensor;
      return Array.from(output.data as BigInt64Array, Number).slice(promptIds.length);
    };
    const greedy = await reference({});
    const penalized = await reference({ repetition_penalty: 1.3 });
    const noRepeat = await reference({ no_repeat_ngram_size: 2 });
    expect(new Set(penalized).size).toBeGreaterThan(10);

    // One batch; seeds that would matter if any panel sampled.
    const run = await h.generate(PROMPT, [
      panel(NEW_TOKENS, { greedy: true }, 7),
      panel(NEW_TOKENS, { temperature: 0, topK: 5, topP: 0.5 }, 8),
      panel(NEW_TOKENS, { greedy: true, repetitionPenalty: 1.3 }, 9),
      panel(NEW_TOKENS, { greedy: true, noRepeatNgramSize: 2 }, 10),
    ]);
    expect(run.ids).toEqual([greedy, greedy, penalized, noRepeat]);
    expect(run.result.promptIds).toEqual(promptIds);
  });

  it('reproduces seeded sampling across runs and a reload; another seed differs', async () => {
    const sampled = (seed: number) => [panel(16, { temperature: 1.0 }, seed)];
    const first = await h.generate(PROMPT, sampled(1234));
    const again = await h.generate(PROMPT, sampled(1234));
    await h.loadOk(modelId);
    const reloaded = await h.generate(PROMPT, sampled(1234));
    const other = await h.generate(PROMPT, sampled(1235));
    expect(first.ids[0]).toHaveLength(16);
    expect(again.ids[0]).toEqual(first.ids[0]);
    expect(reloaded.ids[0]).toEqual(first.ids[0]);
    expect(other.ids[0]).not.toEqual(first.ids[0]);
    // The per-step uniforms are the seed's stream: equal for equal seeds, not just the same picks.
    expect(reloaded.tokens[0]?.map((t) => t.step.uniform)).toEqual(first.tokens[0]?.map((t) => t.step.uniform));
  });

  // fp32 on ONNX Runtime's CPU backend computes each row of a batch exactly as it computes it alone.
  it('gives each of 4 batched panels exactly the tokens it gets alone', async () => {
    const panels = [
      panel(14, { greedy: true }, 1),
      panel(14, { temperature: 0.7, topK: 50 }, 2),
      panel(14, { temperature: 1.2, topP: 0.9 }, 3),
      panel(14, { repetitionPenalty: 1.3, noRepeatNgramSize: 2 }, 4),
    ];
    const batched = await h.generate(PROMPT, panels);
    for (const [i, spec] of panels.entries()) {
      const alone = await h.generate(PROMPT, [spec]);
      expect(batched.ids[i], `panel ${i} batched vs alone`).toEqual(alone.ids[0]);
      expect(batched.ids[i]).toHaveLength(14);
    }
    // The settings really differ: four panels that all wrote the same text would prove nothing.
    expect(new Set(batched.ids.map((ids) => ids.join(','))).size).toBe(4);
  });
});
