// Each way a request can fail on the real worker gives its error code, and the worker survives:
// the same handler then loads a good model and generates.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toWorkerError } from './errors.ts';
import { chooseDtype } from './model-loader.ts';
import { createNodeHarness, generateTinyModels, GPT2, panel, PROMPT } from './testing/node-harness.ts';

let models: ReturnType<typeof generateTinyModels>;
const h = createNodeHarness();

beforeAll(() => {
  models = generateTinyModels(['gpt2']);
  // A damaged download: a copy of the good model whose ONNX file is cut short and garbled.
  const good = path.join(models.root, 'local', 'gpt2-tiny');
  const bad = path.join(models.root, 'local', 'gpt2-corrupt');
  cpSync(good, bad, { recursive: true });
  const onnx = readFileSync(path.join(good, 'onnx', 'model.onnx'));
  const damaged = Buffer.from(onnx.subarray(0, 4096));
  for (let i = 64; i < damaged.length; i += 7) damaged[i] = 0xff;
  writeFileSync(path.join(bad, 'onnx', 'model.onnx'), damaged);
});
afterAll(() => models?.remove());
afterEach(() => h.expectEveryRequestEndedOnce());

/** The worker is alive and well: it generates 3 tokens with the model it has loaded. */
async function expectGenerates(): Promise<void> {
  const run = await h.generate(PROMPT, [panel(3, { greedy: true })]);
  expect(run.result.panels[0]).toMatchObject({ finishReason: 'max_tokens', generatedTokens: 3 });
}

describe('worker errors', () => {
  it('refuses to generate before a model is loaded', async () => {
    const requestId = h.newId('generate');
    await h.send({ type: 'generate', requestId, prompt: PROMPT, panels: [panel(3)] });
    expect(h.errorOf(requestId)).toEqual({ name: 'WorkerError', code: 'no_model_loaded', params: {}, detail: null });
  });

  it('reports an unknown model id as not found, then loads a good one', async () => {
    const requestId = await h.load('local/no-such-model');
    expect(h.errorOf(requestId)).toMatchObject({ code: 'model_not_found', params: { modelId: 'local/no-such-model' } });
    expect(h.of(requestId).map((m) => m.type)).not.toContain('ready');
    expect(h.forgotten, 'a missing model has no stored files to drop').toEqual([]);
    await h.loadOk(GPT2);
    await expectGenerates();
  });

  it('reports a damaged ONNX file as a corrupt model, then loads a good one', async () => {
    const requestId = await h.load('local/gpt2-corrupt');
    const error = h.errorOf(requestId);
    expect(error, error.detail ?? '').toMatchObject({ code: 'corrupt_model', params: { modelId: 'local/gpt2-corrupt' } });
    // A damaged file kept in the browser's storage would fail every later load: it is dropped.
    expect(h.forgotten).toEqual(['local/gpt2-corrupt']);
    // The failed load freed the old model first: nothing is loaded now.
    const orphan = h.newId('generate');
    await h.send({ type: 'generate', requestId: orphan, prompt: PROMPT, panels: [panel(3)] });
    expect(h.errorOf(orphan).code).toBe('no_model_loaded');
    await h.loadOk(GPT2);
    await expectGenerates();
    // transformers.js reads the model's files in parallel: one still loading when the ONNX file
    // failed must not post progress for a request that has ended.
    expect(h.of(requestId).at(-1)?.type).toBe('error');
  });

  it('rejects 0 and 5 panels as invalid requests and keeps the model', async () => {
    for (const count of [0, 5]) {
      const requestId = h.newId('generate');
      await h.send({ type: 'generate', requestId, prompt: PROMPT, panels: Array.from({ length: count }, () => panel(3)) });
      expect(h.errorOf(requestId)).toMatchObject({ code: 'invalid_request', detail: expect.stringContaining(`got ${count}`) });
      expect(h.of(requestId)).toHaveLength(1); // the error alone: no tokens
    }
    expect(h.session.lm.length).toBe(0);
    await expectGenerates();
  });

  // No WebGPU in Node: the refusal is checked where it is decided, with the code the page sees.
  it('refuses fp16 on a WebGPU adapter without shader-f16 as unsupported_dtype', () => {
    const adapter = { available: true, vendor: 'v', architecture: 'a', device: 'd', description: '', isFallbackAdapter: false, shaderF16: false } as const;
    let thrown: unknown;
    try {
      chooseDtype('fp16', 'webgpu', adapter);
    } catch (error) {
      thrown = error;
    }
    expect(toWorkerError(thrown)).toMatchObject({ code: 'unsupported_dtype', params: { reason: 'no_shader_f16', dtype: 'fp16', device: 'webgpu' } });
  });
});
