// Autocomplete on the real worker and real fp32 models: a suggestion that reuses the kept keys and
// values of a shared prefix is the suggestion a full prefill gives, the reused count is the shared
// ids (not the shared text), and a newer request cancels the running one.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sharedPrefixLength } from '../engine/autocomplete/shared-prefix.ts';
import { cropPromptForRun } from '../engine/context-window.ts';
import { tokenId, type TokenId } from '../engine/types.ts';
import type { RequestId, SuggestRequest, SuggestResult } from './protocol.ts';
import { createNodeHarness, generateTinyModels, GPT2, GPT_NEO, panel, PROMPT, settings, type NodeHarness } from './testing/node-harness.ts';

const SEEDS = [11, 12, 13];
const TOKENS = 5;
const SAMPLED = settings({ temperature: 0.8, topK: 40, topP: 0.95 });

let models: ReturnType<typeof generateTinyModels>;
beforeAll(() => {
  models = generateTinyModels(['gpt2', 'gpt_neo']);
});
afterAll(() => models?.remove());

function suggestRequest(h: NodeHarness, text: string, overrides: Partial<SuggestRequest> = {}): SuggestRequest {
  return { type: 'suggest', requestId: h.newId('suggest'), text, settings: SAMPLED, seeds: SEEDS, maxNewTokens: TOKENS, ...overrides };
}

function resultOf(h: NodeHarness, requestId: RequestId): SuggestResult {
  const end = h.terminal(requestId);
  if (end.type === 'error') throw new Error(`${requestId} failed: ${end.error.code} ${JSON.stringify(end.error.params)}`);
  if (end.type !== 'done' || end.request !== 'suggest') throw new Error(`${requestId} ended with ${JSON.stringify(end)}`);
  return end.result;
}

async function suggest(h: NodeHarness, text: string, overrides: Partial<SuggestRequest> = {}): Promise<SuggestResult> {
  const request = suggestRequest(h, text, overrides);
  await h.send(request);
  return resultOf(h, request.requestId);
}

/** The same request on a model that keeps nothing: a full prefill. */
async function fresh(h: NodeHarness, text: string): Promise<SuggestResult> {
  h.session.lm.forgetPrefix();
  const result = await suggest(h, text);
  expect(result.reusedTokens).toBe(0);
  return result;
}

const idsOf = (h: NodeHarness, text: string): TokenId[] => h.session.tokenizer.encode(text, { add_special_tokens: false }).map((id) => tokenId(id));

describe.each([GPT2, GPT_NEO])('%s fp32', (modelId) => {
  const h = createNodeHarness();
  beforeAll(() => h.loadOk(modelId));
  afterEach(() => h.expectEveryRequestEndedOnce());

  // The core claim of KV reuse: cropped and repeated cached keys/values plus the new tokens give
  // the logits of a full prefill. PROMPT is 23 tokens, past GPT-Neo's local window of 16.
  it('gives the logits of a full prefill when it reuses a kept prefix, in every row', async () => {
    const { lm } = h.session;
    const ids = idsOf(h, PROMPT);
    const full = await lm.prefill(ids, 3);
    await lm.release();
    // Kept exactly (extend), and kept longer than what is reused (crop along the sequence axis).
    for (const [keptLength, reusedLength] of [[5, 5], [17, 17], [20, 9], [ids.length, ids.length - 1]] as const) {
      await lm.prefill(ids.slice(0, keptLength), 1);
      expect(await lm.keepPrefix(ids.slice(0, keptLength))).toBe(true);
      await lm.release();
      const reused = await lm.prefillReusing(ids, 3, reusedLength);
      expect(lm.length).toBe(ids.length);
      await lm.release();
      for (let row = 0; row < 3; row++) {
        const a = full[row] as Float32Array;
        const b = reused[row] as Float32Array;
        let maxDiff = 0;
        for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
        expect(maxDiff, `kept ${keptLength}, reused ${reusedLength}, row ${row}`).toBeLessThan(1e-4);
      }
    }
    lm.forgetPrefix();
  });

  it('extends: reuses every token of the previous text and suggests what a full prefill suggests', async () => {
    const before = 'Once upon a time there';
    const after = 'Once upon a time there was a';
    const first = await fresh(h, before);
    expect(first.prefillKind).toBe('fresh');
    expect(first.alternatives).toHaveLength(3);
    expect(first.fullPrefill).toEqual({ tokens: first.promptTokens, ms: first.prefillMs });
    const extended = await suggest(h, after);
    expect(extended).toMatchObject({ prefillKind: 'extend', reusedTokens: idsOf(h, before).length, promptTokens: idsOf(h, after).length, cancelled: false });
    // The comparison the page shows: the latest full prefill, here the first request's.
    expect(extended.fullPrefill).toEqual(first.fullPrefill);
    const reference = await fresh(h, after);
    expect(extended.alternatives).toEqual(reference.alternatives);
    // Three seeds, three alternatives: on random weights at temperature 0.8 they differ.
    expect(new Set(reference.alternatives).size).toBeGreaterThan(1);
  });

  it('crops: an edited text reuses only the shared ids', async () => {
    await fresh(h, 'Once upon a time there');
    const edited = await suggest(h, 'Once upon a mouse');
    expect(edited).toMatchObject({ prefillKind: 'crop', reusedTokens: 3 }); // "Once", " upon", " a"
    expect(edited.alternatives).toEqual((await fresh(h, 'Once upon a mouse')).alternatives);
  });

  // BPE merges the typed "s" into the last token (" walk" → " walks"): the shared text is the
  // whole previous text, the shared ids are not, and only the ids may be reused.
  it('compares ids, not text, when a typed character merges into the last token', async () => {
    const before = 'The dog likes to walk';
    const after = 'The dog likes to walks';
    const [a, b] = [idsOf(h, before), idsOf(h, after)];
    expect(after.startsWith(before)).toBe(true);
    expect(b.slice(0, a.length)).not.toEqual(a);
    await fresh(h, before);
    const merged = await suggest(h, after);
    expect(merged).toMatchObject({ prefillKind: 'crop', reusedTokens: sharedPrefixLength(a, b) });
    expect(merged.reusedTokens).toBe(a.length - 1);
    expect(merged.alternatives).toEqual((await fresh(h, after)).alternatives);
  });

  it('runs the last token again for the same text, and gives the same alternatives', async () => {
    const first = await fresh(h, 'Hello world');
    const again = await suggest(h, 'Hello world');
    expect(again).toMatchObject({ prefillKind: 'crop', reusedTokens: first.promptTokens - 1 });
    expect(again.alternatives).toEqual(first.alternatives);
  });

  // Issue 14: a text past the context must still get suggestions of the asked length, and the
  // result must say how many leading tokens the model did not see.
  it('crops a text longer than the context to leave room for the whole suggestion', async () => {
    const { contextLength } = h.session.lm;
    const text = 'hola '.repeat(300);
    const ids = idsOf(h, text);
    expect(ids.length).toBe(601); // "hol" "a", then " h" "ola" per word, and the last " "
    const result = await fresh(h, text);
    expect(result).toMatchObject({ promptTokens: contextLength - TOKENS, droppedTokens: ids.length - (contextLength - TOKENS), cancelled: false });
    // The playground's run with the same seeds and settings writes TOKENS tokens in every panel,
    // and the same texts: the suggestions are of full length, not cut at a full context.
    const run = await h.generate(text, SEEDS.map((seed) => ({ settings: SAMPLED, seed, maxNewTokens: TOKENS })));
    expect(run.result.droppedPromptTokens).toBe(result.droppedTokens);
    expect(run.result.panels.map((p) => [p.finishReason, p.generatedTokens])).toEqual(SEEDS.map(() => ['max_tokens', TOKENS]));
    expect(result.alternatives).toEqual(run.result.panels.map((p) => p.text));
  });

  // The kept prefix holds the cropped ids from position 0. When the text grows, the crop moves:
  // only ids the two windows share at the same positions may be reused, and the suggestion must
  // be the one a full prefill gives, whether much is reused or nothing.
  it('stays exact when a cropped text grows and its crop moves', async () => {
    const { contextLength } = h.session.lm;
    const windowOf = (text: string) => cropPromptForRun(idsOf(h, text), contextLength, TOKENS).ids;
    // Periodic text: two more tokens shift the window by a whole period, so it starts with the same ids.
    const periodic = 'hola '.repeat(300);
    await fresh(h, periodic);
    const grown = await suggest(h, `${periodic}hola `);
    const shared = sharedPrefixLength(windowOf(periodic), windowOf(`${periodic}hola `));
    expect(shared).toBeGreaterThan(contextLength - TOKENS - 3);
    expect(grown).toMatchObject({ droppedTokens: 603 - (contextLength - TOKENS), reusedTokens: Math.min(shared, contextLength - TOKENS - 1) });
    expect(grown.alternatives).toEqual((await fresh(h, `${periodic}hola `)).alternatives);
    // Text without a period: the moved window shares (almost) nothing with the kept one.
    const words = Array.from({ length: 200 }, (_, i) => `w${(i * 37) % 101}`).join(' ');
    await fresh(h, words);
    const moved = await suggest(h, `${words} and more`);
    expect(moved.droppedTokens).toBeGreaterThan(0);
    expect(moved.reusedTokens).toBe(Math.min(sharedPrefixLength(windowOf(words), windowOf(`${words} and more`)), contextLength - TOKENS - 1));
    expect(moved.reusedTokens).toBeLessThan(10);
    expect(moved.alternatives).toEqual((await fresh(h, `${words} and more`)).alternatives);
  });

  // The playground's generate uses the same model between two suggestions: the kept prefix is a
  // copy of its own, so it is still valid afterwards.
  it('still reuses the kept prefix after a playground generation ran on the same model', async () => {
    await fresh(h, 'Once upon a time there');
    await h.generate('Something else entirely, and longer than the text above.', [panel(6, { greedy: true })]);
    const extended = await suggest(h, 'Once upon a time there was a');
    expect(extended.reusedTokens).toBe(idsOf(h, 'Once upon a time there').length);
    expect(extended.alternatives).toEqual((await fresh(h, 'Once upon a time there was a')).alternatives);
  });
});

describe('cancellation', () => {
  const h = createNodeHarness();
  beforeAll(() => h.loadOk(GPT2));
  afterEach(() => h.expectEveryRequestEndedOnce());

  /** Waits, macrotask by macrotask, until the running suggestion has prefilled (the cache holds its prompt). */
  async function untilDecoding(): Promise<void> {
    for (let i = 0; i < 10_000 && h.session.lm.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(h.session.lm.length).toBeGreaterThan(0);
  }

  it('ends the running suggestion when a newer one arrives; the newer one reuses its prefix', async () => {
    h.session.lm.forgetPrefix();
    const long = suggestRequest(h, 'Once upon a time', { maxNewTokens: 200 });
    const running = h.send(long);
    await untilDecoding();
    const newer = suggestRequest(h, 'Once upon a time there');
    await Promise.all([running, h.send(newer)]);
    const old = resultOf(h, long.requestId);
    expect(old.cancelled).toBe(true);
    expect(old.alternatives.every((text) => text.length > 0)).toBe(true);
    // Cancelled long before 200 tokens: 3 rows × 200 steps take seconds, the next request came at once.
    const oldTokens = old.alternatives.map((text) => idsOf(h, text).length);
    expect(Math.max(...oldTokens)).toBeLessThan(100);
    const result = resultOf(h, newer.requestId);
    expect(result).toMatchObject({ cancelled: false, prefillKind: 'extend', reusedTokens: idsOf(h, 'Once upon a time').length });
  });

  it('ends on a stop aimed at it', async () => {
    const long = suggestRequest(h, 'Hello', { maxNewTokens: 200 });
    const running = h.send(long);
    await untilDecoding();
    await h.send({ type: 'stop', requestId: h.newId('stop'), target: long.requestId, panel: null });
    await running;
    expect(resultOf(h, long.requestId).cancelled).toBe(true);
    expect(h.session.lm.length).toBe(0);
  });
});

describe('errors', () => {
  const h = createNodeHarness();
  afterEach(() => h.expectEveryRequestEndedOnce());

  it('says to load a model first', async () => {
    const request = suggestRequest(h, 'Hello');
    await h.send(request);
    expect(h.errorOf(request.requestId)).toMatchObject({ code: 'no_model_loaded' });
  });

  it('refuses more seeds than a batch has rows', async () => {
    await h.loadOk(GPT2);
    const request = suggestRequest(h, 'Hello', { seeds: [1, 2, 3, 4, 5] });
    await h.send(request);
    expect(h.errorOf(request.requestId)).toMatchObject({ code: 'invalid_request' });
  });
});
