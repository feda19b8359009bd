// What the page is told: load progress with real byte counts, then `ready`, then `done`; and a
// generate's `done` whose counts, timings and text agree with the tokens that were streamed.
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoadProgress } from './protocol.ts';
import { createNodeHarness, generateTinyModels, GPT2, panel, PROMPT, type GenerateOutcome } from './testing/node-harness.ts';

let models: ReturnType<typeof generateTinyModels>;
const h = createNodeHarness();
let loadId: string;

beforeAll(async () => {
  models = generateTinyModels(['gpt2']);
  loadId = await h.load(GPT2);
});
afterAll(() => models?.remove());
afterEach(() => h.expectEveryRequestEndedOnce());

describe('load', () => {
  it('posts progress with the real byte counts, then ready, then done', () => {
    const messages = h.of(loadId);
    expect(messages.map((m) => m.type).slice(-2)).toEqual(['ready', 'done']);
    const progress = messages.filter((m): m is LoadProgress => m.type === 'load_progress');
    expect(progress.length).toBe(messages.length - 2);

    const onnxBytes = statSync(path.join(models.root, 'local', 'gpt2-tiny', 'onnx', 'model.onnx')).size;
    const onnx = progress.filter((p) => p.file === 'onnx/model.onnx');
    const counted = onnx.filter((p) => !p.done);
    expect(counted.length).toBeGreaterThan(0);
    expect(counted.at(-1)).toMatchObject({ loaded: onnxBytes, total: onnxBytes });
    expect(counted.every((p, i) => p.total === onnxBytes && p.loaded > 0 && p.loaded >= (counted[i - 1]?.loaded ?? 0))).toBe(true);
    expect(onnx.at(-1)?.done).toBe(true);
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
      expect(progress.some((p) => p.file === file && p.done), file).toBe(true);
    }

    const ready = messages.at(-2);
    expect(ready?.type === 'ready' && ready.model).toMatchObject({
      modelId: GPT2,
      dtype: 'fp32',
      device: 'wasm',
      contextLength: 256,
      vocabSize: 50257,
      eosTokenId: 50256,
    });
  });
});

/** The text the snapshots streamed, plus what the stream still held at the end (trailing empty deltas). */
function streamedText(tokens: GenerateOutcome['tokens'][number], decode: (ids: number[]) => string): string {
  let held = tokens.length;
  while (held > 0 && tokens[held - 1]?.textDelta === '') held--;
  const tail = held < tokens.length ? decode(tokens.slice(held).map((t) => t.step.tokenId)) : '';
  return tokens.map((t) => t.textDelta).join('') + tail;
}

describe('generate', () => {
  it('reports per-panel reasons, counts and timings that agree with the streamed tokens', async () => {
    const { tokenizer, lm } = h.session;
    const decode = (ids: number[]) => tokenizer.decode(ids, { skip_special_tokens: false, clean_up_tokenization_spaces: false });
    const panels = [panel(12, { greedy: true }), panel(7, { temperature: 0.8, topK: 50 }, 3), panel(72, { topP: 0.95 }, 4)];
    const long = Array.from({ length: 8 }, () => PROMPT).join(' ');
    const promptIds = tokenizer.encode(long, { add_special_tokens: false });
    expect(promptIds).toHaveLength(184); // leaves 72 positions of the 256-token context
    const { tokens, result } = await h.generate(long, panels);

    // Panel 3 asks for exactly the 256 - 184 = 72 positions left, so the prompt is kept whole.
    expect(result.panels.map((p) => p.finishReason)).toEqual(['max_tokens', 'max_tokens', 'max_tokens']);
    expect(result.promptTokens).toBe(promptIds.length);
    expect(result.droppedPromptTokens).toBe(0);
    expect(result.promptIds).toEqual(promptIds);
    expect(result.promptTokenTexts).toEqual(promptIds.map((id) => decode([id])));
    const generated = result.panels.map((p) => p.generatedTokens);
    expect(generated).toEqual([12, 7, lm.contextLength - promptIds.length]);

    for (const [i, list] of tokens.entries()) {
      expect(list.length, `panel ${i} snapshots`).toBe(generated[i]);
      expect(list.map((t) => t.index)).toEqual(list.map((_, k) => k));
      expect(result.panels[i]?.text).toBe(streamedText(list, decode));
      expect(result.panels[i]?.text).toBe(decode(list.map((t) => t.step.tokenId)));
      // The popover shows each candidate's text: aligned with the top-10, each decoded alone.
      for (const t of list) expect(t.candidateTexts).toEqual(t.step.topCandidates.map((c) => decode([c.id])));
    }

    const steps = Math.max(...generated) - 1;
    const decodeTokens = generated.reduce((a, b) => a + b, 0) - panels.length;
    expect(result.timeToFirstTokenMs).toBeGreaterThanOrEqual(result.prefillMs);
    expect(result.prefillMs).toBeGreaterThan(0);
    expect(result.decodeMs).toBeGreaterThan(0);
    expect(result.prefillTokensPerSecond).toBeCloseTo((promptIds.length * 1000) / result.prefillMs, 6);
    expect(result.decodeStepsPerSecond).toBeCloseTo((steps * 1000) / result.decodeMs, 6);
    expect(result.decodeTokensPerSecond).toBeCloseTo((decodeTokens * 1000) / result.decodeMs, 6);
    console.info(
      `prompt ${promptIds.length} tokens; TTFT ${result.timeToFirstTokenMs.toFixed(1)} ms; prefill ${result.prefillTokensPerSecond.toFixed(0)} tok/s; ` +
        `decode ${result.decodeStepsPerSecond.toFixed(1)} steps/s, ${result.decodeTokensPerSecond.toFixed(1)} tok/s`,
    );
  });

  // Why: a prompt over the context must leave room for the tokens asked for, not for one token.
  it('crops a prompt longer than the context to leave room for max new tokens, and reports the tokens it kept', async () => {
    const { tokenizer } = h.session;
    const long = Array.from({ length: 14 }, () => PROMPT).join(' ');
    const promptIds = tokenizer.encode(long, { add_special_tokens: false });
    expect(promptIds.length).toBeGreaterThan(256);
    const { result } = await h.generate(long, [panel(4, { greedy: true })]);
    expect(result).toMatchObject({ promptTokens: 252, droppedPromptTokens: promptIds.length - 252 });
    expect(result.promptIds).toEqual(promptIds.slice(-252));
    expect(result.panels[0]).toMatchObject({ finishReason: 'max_tokens', generatedTokens: 4 });
  });

  // The model sees <|endoftext|> for an empty prompt; the report must show the prompt it saw.
  it('reports the end-of-text token an empty prompt starts from', async () => {
    const { result, ids } = await h.generate('', [panel(3, { greedy: true })]);
    expect(ids[0]).toHaveLength(3);
    expect(result.promptTokens).toBe(1);
    expect(result.promptIds).toEqual([50256]);
    expect(result.promptTokenTexts).toEqual(['<|endoftext|>']);
  });
});
