// The quantization lab on the real worker and real generated models: every dtype measured against
// fp32, dtypes that cannot run (or fail to load) skipped with their reason, stop between phases,
// and the playground's own model left loaded and working throughout.
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateModel } from '../../scripts/models/generate.ts';
import { sequencePerplexity } from '../engine/lab/distribution-metrics.ts';
import { createHandler } from './handler.ts';
import { loadSession } from './model-loader.ts';
import type { FromWorker, LabMeasuredRow, LabRequest, LabRow } from './protocol.ts';
import { sequenceLogits } from './sequence-logits.ts';
import { createNodeHarness, generateTinyModels, GPT2, GPT_NEO, panel, PROMPT } from './testing/node-harness.ts';
import { createYield } from './yield.ts';

const TEXT = 'A language model gives every token of its vocabulary a probability of coming next. Quantization rounds its weights.';

let models: ReturnType<typeof generateTinyModels>;
const h = createNodeHarness();

beforeAll(async () => {
  models = generateTinyModels(['gpt2'], ['fp32', 'fp16', 'q8', 'q4']);
  // A GPT-Neo without fp16 weights: its fp16 load fails, and the lab must go on after it.
  generateModel({ family: 'gpt_neo', size: 'tiny', dtypes: ['fp32', 'q8'], outDir: path.join(models.root, 'local') });
  await h.loadOk(GPT2);
});
afterAll(() => models?.remove());
afterEach(() => h.expectEveryRequestEndedOnce());

const labRequest = (overrides: Partial<LabRequest> = {}): LabRequest => ({
  type: 'lab',
  requestId: h.newId('lab'),
  modelId: GPT2,
  dtypes: ['fp32', 'fp16', 'q8', 'q4'],
  device: 'wasm',
  text: TEXT,
  decodePrompt: 'Quantization makes a model smaller because',
  decodeTokens: 8,
  offline: true,
  ...overrides,
});

const rowsOf = (messages: readonly FromWorker[]): LabRow[] => messages.flatMap((m) => (m.type === 'lab_row' ? [m.row] : []));
const measured = (row: LabRow | undefined): LabMeasuredRow => {
  if (row?.status !== 'measured') throw new Error(`not measured: ${JSON.stringify(row)}`);
  return row;
};

describe('the lab on every dtype of GPT-2', () => {
  let rows: LabRow[];
  let messages: FromWorker[];
  /** The playground's session: the harness's `session` follows every load, the lab's too. */
  let playground: typeof h.session;

  beforeAll(async () => {
    playground = h.session;
    const request = labRequest();
    await h.send(request);
    messages = h.of(request.requestId);
    rows = rowsOf(messages);
    expect(messages.at(-1)).toEqual({ type: 'done', requestId: request.requestId, request: 'lab' });
  }, 60_000);

  it('measures each dtype in order, on WASM', () => {
    expect(rows.map((r) => [r.dtype, r.status])).toEqual([
      ['fp32', 'measured'],
      ['fp16', 'measured'],
      ['q8', 'measured'],
      ['q4', 'measured'],
    ]);
    for (const row of rows.map(measured)) {
      expect(row.device).toBe('wasm');
      expect(row.loadMs).toBeGreaterThan(0);
      expect(row.decodedTokens).toBe(8);
      expect(row.decodeTokensPerSecond).toBeGreaterThan(0);
      expect(Number.isFinite(row.perplexity)).toBe(true);
      expect(row.perplexity).toBeGreaterThan(1);
      expect(row.droppedTokens).toBe(0);
    }
  });

  it('has fp32 as the baseline: KL 0, top-1 100 %, no logit difference', () => {
    const base = measured(rows[0]);
    expect(base.baseline).toBe(true);
    expect(base.meanKl).toBe(0);
    expect(base.top1Agreement).toBe(1);
    expect(base.maxLogitDiff).toBe(0);
  });

  // The lab's perplexity is the one the playground's own fp32 model gives for the same text.
  it('computes the fp32 perplexity the fp32 model gives', async () => {
    const { model, tokenizer, info } = playground;
    const ids = tokenizer.encode(TEXT, { add_special_tokens: false });
    const expected = sequencePerplexity(await sequenceLogits(model, ids, info.vocabSize), ids);
    expect(measured(rows[0]).evaluatedTokens).toBe(ids.length);
    expect(measured(rows[0]).perplexity).toBeCloseTo(expected.perplexity, 6);
  });

  it('finds fp16, q8 and q4 away from fp32, each by a measurable amount', () => {
    for (const row of rows.slice(1).map(measured)) {
      expect(row.baseline).toBe(false);
      expect(row.meanKl, row.dtype).toBeGreaterThan(0);
      expect(row.maxLogitDiff, row.dtype).toBeGreaterThan(0);
      expect(row.top1Agreement, row.dtype).toBeGreaterThan(0);
      expect(row.top1Agreement, row.dtype).toBeLessThanOrEqual(1);
    }
    const [, fp16, q8, q4] = rows.map(measured);
    // fp16 rounds each weight to 11 significant bits, q4 to 16 levels per block: orders apart.
    expect(fp16!.meanKl!).toBeLessThan(q8!.meanKl!);
    expect(fp16!.meanKl!).toBeLessThan(q4!.meanKl!);
  });

  it('reports the weight files’ sizes as the download size', () => {
    const onDisk = (file: string) => statSync(path.join(models.root, 'local', 'gpt2-tiny', 'onnx', file)).size;
    const sizes = rows.map(measured).map((r) => [r.dtype, r.downloadSource, r.downloadBytes]);
    expect(sizes).toEqual([
      ['fp32', 'files', onDisk('model.onnx')],
      ['fp16', 'files', onDisk('model_fp16.onnx')],
      ['q8', 'files', onDisk('model_quantized.onnx')],
      ['q4', 'files', onDisk('model_q4.onnx')],
    ]);
  });

  it('reports each dtype’s phases in order, with file bytes while loading', () => {
    const phases = messages.flatMap((m) => (m.type === 'lab_progress' ? [`${m.dtype}:${m.phase}`] : []));
    const distinct = phases.filter((p, i) => p !== phases[i - 1]);
    expect(distinct).toEqual(['fp32', 'fp16', 'q8', 'q4'].flatMap((d) => [`${d}:loading`, `${d}:decoding`, `${d}:evaluating`]));
    const q4Files = messages.flatMap((m) => (m.type === 'lab_progress' && m.dtype === 'q4' && m.file ? [m.file] : []));
    expect(q4Files.some((f) => f.name === 'onnx/model_q4.onnx' && f.done)).toBe(true);
  });

  it('leaves the playground’s model loaded and working', async () => {
    const outcome = await h.generate(PROMPT, [panel(4, { greedy: true })]);
    expect(outcome.result.panels[0]?.generatedTokens).toBe(4);
  });
});

describe('dtypes the lab cannot measure', () => {
  // The adapter a machine without shader-f16 reports; no load may even be tried for fp16.
  it('skips fp16 on a WebGPU adapter without shader-f16, with the reason, before loading', async () => {
    const posted: FromWorker[] = [];
    const loads: string[] = [];
    const handle = createHandler(
      {
        loadSession: (request, ...rest) => {
          loads.push(request.dtype);
          return loadSession(request, ...rest);
        },
        probeGpu: () =>
          Promise.resolve({ available: true, vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallbackAdapter: true, shaderF16: false }),
        now: () => performance.now(),
        yieldToHost: createYield(),
      },
      (m) => posted.push(m),
    );
    await handle({ ...labRequest({ requestId: 'lab-webgpu', device: 'webgpu', dtypes: ['fp16'] }) });
    const [row] = rowsOf(posted);
    expect(row).toMatchObject({ dtype: 'fp16', status: 'skipped', unsupported: 'no_shader_f16', reason: { code: 'unsupported_dtype' } });
    if (row?.status !== 'skipped') throw new Error('not skipped');
    expect(row.reason.params).toMatchObject({ reason: 'no_shader_f16', dtype: 'fp16', device: 'webgpu' });
    expect(loads).toEqual([]);
    expect(posted.at(-1)).toEqual({ type: 'done', requestId: 'lab-webgpu', request: 'lab' });
  });

  it('reports a failed load as skipped with the error, and goes on with the next dtype', async () => {
    const request = labRequest({ modelId: GPT_NEO, dtypes: ['fp32', 'fp16', 'q8'] });
    await h.send(request);
    const rows = rowsOf(h.of(request.requestId));
    expect(rows.map((r) => [r.dtype, r.status])).toEqual([
      ['fp32', 'measured'],
      ['fp16', 'skipped'],
      ['q8', 'measured'],
    ]);
    expect(rows[1]).toMatchObject({ unsupported: null, reason: { code: 'model_not_found', params: { modelId: GPT_NEO, dtype: 'fp16', device: 'wasm' } } });
    expect(measured(rows[2]).meanKl).toBeGreaterThan(0);
  }, 30_000);

  it('fails the whole request on an empty text, with a message that says what to do', async () => {
    const request = labRequest({ text: '   ' });
    await h.send(request);
    expect(h.errorOf(request.requestId)).toMatchObject({ code: 'invalid_request', params: { reason: 'empty_text' } });
  });
});

describe('stopping the lab', () => {
  // Stop arrives while fp32 is being measured; the lab ends at the next phase with no more rows.
  it('ends between phases on stop, with done and no row for the dtype it was on', async () => {
    const request = labRequest();
    let stop: Promise<void> | undefined;
    const unlisten = h.listen((m) => {
      if (stop || m.type !== 'lab_progress' || m.requestId !== request.requestId || m.dtype !== 'fp16' || m.phase !== 'decoding') return;
      stop = h.send({ type: 'stop', requestId: h.newId('stop'), target: request.requestId, panel: null });
    });
    await h.send(request);
    unlisten();
    await stop;
    const messages = h.of(request.requestId);
    expect(rowsOf(messages).map((r) => r.dtype)).toEqual(['fp32']);
    expect(messages.some((m) => m.type === 'lab_progress' && m.dtype === 'q8')).toBe(false);
    expect(messages.at(-1)).toEqual({ type: 'done', requestId: request.requestId, request: 'lab' });
  }, 30_000);

  // The request arrives while fp32 is evaluated: that row is finished and posted, nothing after it.
  it('is cancelled by the next exclusive request, which then runs', async () => {
    const request = labRequest();
    let generate: ReturnType<typeof h.generate> | undefined;
    const unlisten = h.listen((m) => {
      if (generate || m.type !== 'lab_progress' || m.requestId !== request.requestId || m.phase !== 'evaluating') return;
      generate = h.generate(PROMPT, [panel(3, { greedy: true })]);
    });
    await h.send(request);
    unlisten();
    expect(rowsOf(h.of(request.requestId)).map((r) => r.dtype)).toEqual(['fp32']);
    expect((await generate!).result.panels[0]?.generatedTokens).toBe(3);
  }, 30_000);
});
