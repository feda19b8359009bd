import { cpSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { PanelSpec } from '../src/engine/decode-loop.ts';
import { NEUTRAL_SAMPLING_SETTINGS, type SamplingStep } from '../src/engine/types.ts';
import { en } from '../src/ui/i18n/en.ts';
import { errorText } from '../src/ui/i18n/reasons.ts';
import { format } from '../src/ui/i18n/format.ts';
import type { WorkerErrorInfo } from '../src/worker/protocol.ts';
import { EngineHarnessPage, ofType, streamedTokens, terminalsOf, type Message, type RequestTrace } from './fixtures/engine-harness.ts';

// These tests drive the app's real model worker (src/worker/engine.worker.ts) in Chromium, with the
// real transformers.js and ONNX Runtime on the generated models, through its typed protocol.

/** The sentence the page shows for an error, in English. */
const englishErrorText = (error: WorkerErrorInfo) => errorText((key, values) => format(en[key], values), error);
const MODELS_DIR = path.resolve(import.meta.dirname, '..', 'public', 'models');
const GPT2 = 'local/gpt2-tiny';
const NEO = 'local/gpt-neo-tiny';
/** A copy of gpt2-tiny whose ONNX files are garbage; written before the tests, removed after. */
const BROKEN = 'local/broken-gpt2';
const PROMPT = 'Hello, I am';
/** GPT-2's byte-level BPE ids for PROMPT ("Hello", ",", " I", " am"); GPT-Neo shares the tokenizer. */
const PROMPT_IDS = [15496, 11, 314, 716];
const VOCAB_SIZE = 50257;
const EOS = 50256;
/** sampling.ts keeps this many of the most probable tokens per step. */
const TOP_CANDIDATES = 10;

const greedy = (maxNewTokens: number): PanelSpec => ({ settings: { ...NEUTRAL_SAMPLING_SETTINGS, greedy: true }, seed: 1, maxNewTokens });
const sampled = (maxNewTokens: number): PanelSpec => ({ settings: { ...NEUTRAL_SAMPLING_SETTINGS, temperature: 0.8, topK: 50 }, seed: 7, maxNewTokens });

const fileSize = (modelId: string, file: string) => statSync(path.join(MODELS_DIR, modelId, file)).size;

/**
 * The protocol's promise: exactly one `done` or `error`, and nothing after it. Soft, so a message
 * after the end is reported alongside whatever else the test finds, not instead of it.
 */
function expectOneTerminal(trace: RequestTrace, type: 'done' | 'error'): void {
  expect(terminalsOf(trace).map((m) => m.type), `terminal messages of ${trace.requestId}`).toEqual([type]);
  const after = trace.messages.slice(trace.messages.findIndex((m) => m.type === 'done' || m.type === 'error') + 1);
  expect.soft(after, `messages for ${trace.requestId} after its ${type}`).toEqual([]);
}

function expectWellFormedStep(step: SamplingStep): void {
  expect(Number.isInteger(step.tokenId) && step.tokenId >= 0 && step.tokenId < VOCAB_SIZE, `token id ${step.tokenId}`).toBe(true);
  expect(step.rawProbability).toBeGreaterThan(0);
  expect(step.rawProbability).toBeLessThanOrEqual(1);
  expect(Number.isInteger(step.rawRank) && step.rawRank >= 0, `rank ${step.rawRank}`).toBe(true);
  expect(step.topCandidates).toHaveLength(TOP_CANDIDATES);
  const probabilities = step.topCandidates.map((c) => c.rawProbability);
  expect(probabilities, 'top candidates, most probable first').toEqual([...probabilities].sort((a, b) => b - a));
  // The drawn token's rank and probability agree with the candidate list wherever it appears in it.
  const asCandidate = step.topCandidates.findIndex((c) => c.id === step.tokenId);
  if (step.rawRank < TOP_CANDIDATES) {
    expect(asCandidate).toBe(step.rawRank);
    expect(step.topCandidates[asCandidate]?.rawProbability).toBeCloseTo(step.rawProbability, 6);
  } else {
    expect(asCandidate).toBe(-1);
  }
}

let engine: EngineHarnessPage;

test.beforeAll(() => {
  rmSync(path.join(MODELS_DIR, BROKEN), { recursive: true, force: true });
  cpSync(path.join(MODELS_DIR, GPT2), path.join(MODELS_DIR, BROKEN), { recursive: true });
  // Every weight file, so whatever dtype is asked for meets a damaged file, not a 404.
  for (const file of ['model.onnx', 'model_quantized.onnx', 'model_fp16.onnx', 'model_q4.onnx']) {
    writeFileSync(path.join(MODELS_DIR, BROKEN, 'onnx', file), 'This is not an ONNX model: the download was cut short.\n'.repeat(200));
  }
});

test.afterAll(() => rmSync(path.join(MODELS_DIR, BROKEN), { recursive: true, force: true }));

test.beforeEach(async ({ page }) => {
  engine = new EngineHarnessPage(page);
  await engine.goto();
});

// eslint-disable-next-line no-empty-pattern -- Playwright requires the fixtures argument to be destructured.
test.afterEach(async ({}, testInfo) => {
  const name = `engine-worker-${testInfo.title.split(':')[0]?.replace(/\W+/g, '-').toLowerCase()}`;
  await engine.saveArtifacts(testInfo, name);
  // Whatever a test did: the worker never died, nothing went to a CDN or the Hub, and over the
  // whole log every request got exactly one done or error, with nothing after it.
  expect(await engine.failures()).toEqual([]);
  expect(engine.requestsLeavingTheMachine()).toEqual([]);
  expect(await engine.protocolViolations()).toEqual([]);
});

// The UI's progress bars and "Loaded" state are only as good as these messages.
test('load: gpt2-tiny on wasm streams per-file progress, then ready and one done', async () => {
  const trace = await engine.load({ modelId: GPT2, device: 'wasm' });

  expectOneTerminal(trace, 'done');
  expect(trace.end).toEqual({ type: 'done', requestId: trace.requestId, request: 'load' });
  const model = EngineHarnessPage.readyOf(trace);
  expect(model).toMatchObject({ modelId: GPT2, dtype: 'q8', device: 'wasm', fallbackReason: null, contextLength: 256, vocabSize: VOCAB_SIZE, eosTokenId: EOS });
  expect(model.loadMs).toBeGreaterThan(0);
  expect(model.warmupMs).toBeGreaterThan(0);
  expect(trace.messages.map((m) => m.type).slice(-2), 'ready comes just before done').toEqual(['ready', 'done']);

  // `auto` on wasm is q8: onnx/model_quantized.onnx. Every file's byte counts only grow, never
  // pass the file's size on disk, and end with one `done`; all of it before `ready`.
  const weights = 'onnx/model_quantized.onnx';
  const size = fileSize(GPT2, weights);
  const progress = ofType(trace, 'load_progress');
  const files = [...new Set(progress.map((m) => m.file))];
  expect(files).toEqual(expect.arrayContaining(['config.json', weights, 'tokenizer.json', 'tokenizer_config.json']));
  for (const file of files) {
    const ofFile = progress.filter((m) => m.file === file);
    const bytes = ofFile.filter((m) => !m.done);
    const loaded = bytes.map((m) => m.loaded);
    expect(bytes.length, `${file}: byte counts before done`).toBeGreaterThan(0);
    for (const m of bytes) expect(m.total, `${file}: total`).toBe(fileSize(GPT2, file));
    expect(loaded, `${file}: loaded bytes only grow`).toEqual([...loaded].sort((a, b) => a - b));
    expect(new Set(loaded).size, `${file}: no repeated byte counts`).toBe(loaded.length);
    expect(Math.max(...loaded), `${file}: loaded ≤ size`).toBeLessThanOrEqual(fileSize(GPT2, file));
    expect(ofFile.filter((m) => m.done), `${file}: done once`).toHaveLength(1);
    expect(ofFile.at(-1)?.done, `${file}: done comes last`).toBe(true);
  }
  const weightBytes = progress.filter((m) => m.file === weights && !m.done).map((m) => m.loaded);
  test.info().annotations.push({
    type: 'progress',
    description: `${files.join(', ')}; ${weights}: ${weightBytes.join(' → ')} of ${size} bytes, then done; load ${model.loadMs.toFixed(0)} ms, warm-up ${model.warmupMs.toFixed(0)} ms`,
  });

  // The page shows it: one bar per file, named by the file.
  await expect(engine.progressBar(weights)).toBeVisible();
  await expect(engine.progressBar(weights)).toHaveAttribute('max', String(size));
  await expect(engine.progressBar('config.json')).toBeVisible();
  await expect(engine.loadedModel).toContainText(GPT2);
  await expect(engine.status).toHaveText('idle');
});

// Panels stream token snapshots (id, text, probability, rank, top candidates) that the UI draws as they come.
test('generate: two panels on wasm stream token snapshots and end with per-panel results', async () => {
  EngineHarnessPage.readyOf(await engine.load({ modelId: GPT2, device: 'wasm' }));
  const panels = [greedy(24), sampled(24)];
  const trace = await engine.generate(PROMPT, panels);

  expectOneTerminal(trace, 'done');
  const result = EngineHarnessPage.resultOf(trace);
  expect(result.promptIds).toEqual(PROMPT_IDS);
  expect(result.promptTokens).toBe(PROMPT_IDS.length);
  expect(result.droppedPromptTokens).toBe(0);
  for (const key of ['timeToFirstTokenMs', 'prefillMs', 'prefillTokensPerSecond', 'decodeMs', 'decodeStepsPerSecond', 'decodeTokensPerSecond'] as const) {
    expect(result[key], key).toBeGreaterThan(0);
  }

  // Streamed in batches while decoding: several `tokens` messages, none holding all the tokens.
  const batches = ofType(trace, 'tokens');
  const sizes = batches.map((m) => m.panels.reduce((sum, p) => sum + p.tokens.length, 0));
  const total = result.panels.reduce((sum, p) => sum + p.generatedTokens, 0);
  expect(batches.length, `tokens messages (sizes ${sizes.join(', ')})`).toBeGreaterThan(1);
  expect(Math.max(...sizes)).toBeLessThan(total);
  expect(sizes.reduce((a, b) => a + b, 0), 'every token is streamed exactly once').toBe(total);

  result.panels.forEach((panel, i) => {
    const tokens = streamedTokens(trace, i);
    expect(tokens.map((t) => t.index), `panel ${i + 1} indices`).toEqual(tokens.map((_, k) => k));
    expect(tokens).toHaveLength(panel.generatedTokens);
    // 24 tokens fit the context; a random-weight model may still draw <|endoftext|> early.
    if (panel.finishReason === 'eos') expect(tokens.at(-1)?.step.tokenId).toBe(EOS);
    else expect(panel).toMatchObject({ finishReason: 'max_tokens', generatedTokens: 24 });
    expect(tokens.map((t) => t.textDelta).join(''), `panel ${i + 1}: streamed text = result text`).toBe(panel.text);
    for (const token of tokens) {
      expectWellFormedStep(token.step);
      expect(typeof token.tokenText).toBe('string');
    }
  });

  // Panel 1 is greedy: always the argmax. Panel 2 samples at T 0.8 from the top 50.
  for (const { step } of streamedTokens(trace, 0)) {
    expect(step).toMatchObject({ greedy: true, rawRank: 0, keptCount: 1, finalProbability: 1 });
    expect(step.tokenId).toBe(step.topCandidates[0]?.id);
  }
  const sampledSteps = streamedTokens(trace, 1).map((t) => t.step);
  for (const step of sampledSteps) {
    expect(step.greedy).toBe(false);
    expect(step.rawRank).toBeLessThan(50);
    expect(step.keptCount).toBeLessThanOrEqual(50);
    expect(step.finalProbability).toBeGreaterThan(0);
  }
  expect(sampledSteps.some((s) => s.rawRank > 0), 'sampling drew something other than the argmax').toBe(true);

  await expect(engine.panelText(0)).toHaveText(result.panels[0]?.text ?? '');
  await expect(engine.panelText(1)).toHaveText(result.panels[1]?.text ?? '');
  test.info().annotations.push({
    type: 'stream',
    description: `${batches.length} tokens messages of ${sizes.join('/')} tokens; ${result.decodeTokensPerSecond.toFixed(0)} tokens/s, prefill ${result.prefillMs.toFixed(0)} ms; ranks of panel 2: ${sampledSteps.map((s) => s.rawRank).join(' ')}`,
  });
});

// WebGPU is the fast path on real GPUs; it must compute what WASM computes (same fp32 weights, greedy).
test('webgpu: fp32 on webgpu reports its adapter and picks the same greedy tokens as fp32 on wasm', async ({ page }) => {
  const NEW_TOKENS = 4;
  const gpu = EngineHarnessPage.readyOf(await engine.load({ modelId: GPT2, device: 'webgpu', dtype: 'fp32' }));
  expect(gpu).toMatchObject({ modelId: GPT2, device: 'webgpu', dtype: 'fp32', fallbackReason: null, contextLength: 256, vocabSize: VOCAB_SIZE });
  // The worker's adapter is the one the page itself gets, asked without any of our code.
  const pageAdapter = await page.evaluate(async () => {
    const info = (await navigator.gpu?.requestAdapter())?.info;
    return info ? { vendor: info.vendor, architecture: info.architecture } : null;
  });
  expect(gpu.adapter).toMatchObject({ available: true, ...pageAdapter });
  if (gpu.adapter.available && gpu.adapter.architecture === 'swiftshader') {
    expect(gpu.adapter).toMatchObject({ vendor: 'google', isFallbackAdapter: true });
  }
  const onGpu = await engine.generate(PROMPT, [greedy(NEW_TOKENS)]);
  expectOneTerminal(onGpu, 'done');
  const gpuResult = EngineHarnessPage.resultOf(onGpu);

  const cpu = EngineHarnessPage.readyOf(await engine.load({ modelId: GPT2, device: 'wasm', dtype: 'fp32' }));
  expect(cpu).toMatchObject({ device: 'wasm', dtype: 'fp32' });
  const onCpu = await engine.generate(PROMPT, [greedy(NEW_TOKENS)]);
  expectOneTerminal(onCpu, 'done');

  const gpuSteps = streamedTokens(onGpu, 0).map((t) => t.step);
  const cpuSteps = streamedTokens(onCpu, 0).map((t) => t.step);
  expect(gpuResult.panels[0]).toMatchObject({ finishReason: 'max_tokens', generatedTokens: NEW_TOKENS });
  expect(gpuSteps.map((s) => s.tokenId), 'webgpu vs wasm greedy tokens').toEqual(cpuSteps.map((s) => s.tokenId));
  // Same fp32 weights: the whole top 10 agrees, each probability to float rounding (relative
  // 1e-4; a random-weight model spreads ~3e-4 over each of 50257 tokens, so absolute digits say little).
  gpuSteps.forEach((step, i) => {
    const cpuStep = cpuSteps[i];
    expect(step.topCandidates.map((c) => c.id), `token ${i} top candidates`).toEqual(cpuStep?.topCandidates.map((c) => c.id));
    step.topCandidates.forEach((c, k) => {
      const cpuProbability = cpuStep?.topCandidates[k]?.rawProbability ?? NaN;
      expect(Math.abs(c.rawProbability - cpuProbability) / cpuProbability, `token ${i} candidate ${k} relative difference`).toBeLessThan(1e-4);
    });
  });
  test.info().annotations.push({
    type: 'webgpu',
    description: `adapter ${gpu.adapter.available ? `${gpu.adapter.vendor} / ${gpu.adapter.architecture}` : 'none'}; load ${gpu.loadMs.toFixed(0)} ms + warm-up ${gpu.warmupMs.toFixed(0)} ms; ${gpuResult.decodeTokensPerSecond.toFixed(2)} tokens/s on webgpu vs ${EngineHarnessPage.resultOf(onCpu).decodeTokensPerSecond.toFixed(0)} on wasm; ids ${gpuSteps.map((s) => s.tokenId).join(' ')}`,
  });
});

// The Stop button must end a long generation at once, and the stop itself must be acknowledged.
test('stop: a stop sent on the first tokens message ends a 400-token generation early', async () => {
  EngineHarnessPage.readyOf(await engine.load({ modelId: GPT2, device: 'wasm' }));
  const generateId = engine.nextId('generate');
  const stopId = engine.nextId('stop');
  // The page sends the stop itself, the moment the first tokens arrive, as the UI's button would.
  await engine.sendOnFirst(generateId, 'tokens', { type: 'stop', requestId: stopId, target: generateId, panel: null });
  const generate = await engine.request({ type: 'generate', requestId: generateId, prompt: PROMPT, panels: [sampled(400)] });
  const stop = await engine.trace(stopId);

  expectOneTerminal(stop, 'done');
  expect(stop.messages).toEqual([{ type: 'done', requestId: stopId, request: 'stop' }]);
  expectOneTerminal(generate, 'done');
  const result = EngineHarnessPage.resultOf(generate);
  const panel = result.panels[0];
  const firstBatch = ofType(generate, 'tokens')[0]?.panels[0]?.tokens.length ?? 0;
  expect(panel?.finishReason).toBe('stopped');
  // Without the stop it would run to the context's end: 256 − 4 prompt tokens = 252 tokens.
  expect(panel?.generatedTokens).toBeLessThan(firstBatch + 10);
  expect(streamedTokens(generate, 0)).toHaveLength(panel?.generatedTokens ?? -1);

  // Order in the log: first tokens → stop sent → stop done → generate done.
  const log = await engine.log();
  const seq = (match: (e: (typeof log)[number]) => boolean) => log.find(match)?.seq ?? -1;
  const firstTokens = seq((e) => e.direction === 'received' && e.message.requestId === generateId && e.message.type === 'tokens');
  const stopSent = seq((e) => e.direction === 'sent' && e.message.requestId === stopId);
  const stopDone = seq((e) => e.direction === 'received' && e.message.requestId === stopId);
  const generateDone = seq((e) => e.direction === 'received' && e.message.requestId === generateId && e.message.type === 'done');
  expect([firstTokens, stopSent, stopDone, generateDone]).toEqual([...[firstTokens, stopSent, stopDone, generateDone]].sort((a, b) => a - b));
  expect(firstTokens).toBeGreaterThan(0);
  await expect(engine.status).toHaveText('idle');
  test.info().annotations.push({ type: 'stop', description: `first batch ${firstBatch} tokens; stopped after ${panel?.generatedTokens} of 400` });
});

// Picking another model in the UI must free the old one and leave a working engine.
test('switch: gpt2-tiny then gpt-neo-tiny, each generates; dispose leaves no model', async () => {
  const first = EngineHarnessPage.readyOf(await engine.load({ modelId: GPT2, device: 'wasm' }));
  const gpt2 = await engine.generate(PROMPT, [greedy(8)]);
  expectOneTerminal(gpt2, 'done');

  const second = await engine.load({ modelId: NEO, device: 'wasm' });
  expectOneTerminal(second, 'done');
  const neoModel = EngineHarnessPage.readyOf(second);
  expect(first.modelId).toBe(GPT2);
  expect(neoModel).toMatchObject({ modelId: NEO, device: 'wasm', dtype: 'q8', contextLength: 256, vocabSize: VOCAB_SIZE });
  const neo = await engine.generate(PROMPT, [greedy(8)]);
  expectOneTerminal(neo, 'done');
  expect(EngineHarnessPage.resultOf(neo).panels[0]).toMatchObject({ finishReason: 'max_tokens', generatedTokens: 8 });
  await expect(engine.loadedModel).toContainText(NEO);

  const ids = (trace: RequestTrace) => streamedTokens(trace, 0).map((t) => t.step.tokenId);
  // Two different random networks: the same prompt gives different tokens, so the new model really runs.
  expect(ids(neo)).not.toEqual(ids(gpt2));

  const dispose = await engine.request({ type: 'dispose', requestId: engine.nextId('dispose') });
  expect(dispose.messages).toEqual([{ type: 'done', requestId: dispose.requestId, request: 'dispose' }]);
  const orphan = await engine.generate(PROMPT, [greedy(2)]);
  expectOneTerminal(orphan, 'error');
  expect(orphan.end).toMatchObject({ type: 'error', error: { code: 'no_model_loaded' } });
  test.info().annotations.push({ type: 'switch', description: `gpt2 ${ids(gpt2).join(' ')}; neo ${ids(neo).join(' ')}` });
});

/** Waits until the dev server serves the broken copy: Vite serves files added to public/ once its watcher has seen them. */
async function expectServed(page: Page, modelId: string, file: string): Promise<void> {
  const content = readFileSync(path.join(MODELS_DIR, modelId, file), 'utf8');
  await expect
    .poll(async () => (await page.request.get(`/models/${modelId}/${file}`)).text(), { message: `the dev server serves ${modelId}/${file}` })
    .toBe(content);
}

function errorOf(trace: RequestTrace): Message<'error'>['error'] {
  expectOneTerminal(trace, 'error');
  expect(ofType(trace, 'ready'), `${trace.requestId} sent no ready`).toEqual([]);
  return (trace.end as Message<'error'>).error;
}

// The worker sends codes with parameters; the page words them from its catalog (errorText): each
// sentence must name the model and say what to do.
test('errors: an unknown id gives model_not_found, a damaged file corrupt_model, with actionable messages', async ({ page }) => {
  await expectServed(page, BROKEN, 'onnx/model.onnx');

  const missing = errorOf(await engine.load({ modelId: 'local/does-not-exist', device: 'wasm' }));
  expect(missing.code).toBe('model_not_found');
  expect(missing.params.modelId).toBe('local/does-not-exist');
  const missingText = englishErrorText(missing);
  expect(missingText).toContain('“local/does-not-exist”');
  expect(missingText).toMatch(/Check the id and the dtype; local models are generated with npm run models:generate/);
  // Only the unknown model's files failed: transformers.js asked this server, not the Hub.
  expect(engine.failedResponses.length).toBeGreaterThan(0);
  expect(engine.failedResponses.filter((r) => !r.includes('/models/local/does-not-exist/'))).toEqual([]);

  // A missing model fails before ONNX Runtime is touched: the worker then loads and runs a good one.
  EngineHarnessPage.readyOf(await engine.load({ modelId: GPT2, device: 'wasm' }));
  expectOneTerminal(await engine.generate(PROMPT, [greedy(4)]), 'done');

  const broken = errorOf(await engine.load({ modelId: BROKEN, device: 'wasm', dtype: 'fp32' }));
  expect(broken.code).toBe('corrupt_model');
  const brokenText = englishErrorText(broken);
  expect(brokenText).toContain(`“${BROKEN}”`);
  expect(brokenText).toMatch(/damaged.*download or generate the model again/);
  expect(broken.detail).toContain('protobuf parsing failed');
  // The failed load freed the previous model first, and says so when asked to generate.
  const orphan = await engine.generate(PROMPT, [greedy(2)]);
  expect(orphan.end).toMatchObject({ type: 'error', error: { code: 'no_model_loaded' } });
  test.info().annotations.push(
    { type: 'model_not_found', description: `${missingText} [${missing.detail}]` },
    { type: 'corrupt_model', description: `${brokenText} [${broken.detail}]` },
  );
});

// "Delete the files and load again" is our advice for a damaged model: the same worker must then load a good one.
test('recovery: after a corrupt model fails to load, gpt2-tiny loads and generates in the same worker', async ({ page }) => {
  await expectServed(page, BROKEN, 'onnx/model.onnx');
  const broken = errorOf(await engine.load({ modelId: BROKEN, device: 'wasm', dtype: 'fp32' }));
  expect(broken.code).toBe('corrupt_model');

  const recovered = await engine.load({ modelId: GPT2, device: 'wasm' });
  const model = EngineHarnessPage.readyOf(recovered);
  expect(model).toMatchObject({ modelId: GPT2, device: 'wasm', dtype: 'q8' });
  const works = await engine.generate(PROMPT, [greedy(6)]);
  expectOneTerminal(works, 'done');
  expect(EngineHarnessPage.resultOf(works).panels[0]).toMatchObject({ finishReason: 'max_tokens', generatedTokens: 6 });
});

// The UI leaves "loading" on the terminal message; a progress message after it would put a finished
// load back on screen. A failed load also forgets the model's stored files (a damaged copy must not
// be loaded again), so it ends only once every file it was writing is written: a file still
// downloading would otherwise land in storage after the forgetting.
test('protocol: a failed load ends after its other downloads are stored, then forgets them and sends nothing more', async ({ page }) => {
  await expectServed(page, BROKEN, 'onnx/model.onnx');
  // transformers.js downloads generation_config.json beside the weights: hold it back.
  const slowFile = `/models/${BROKEN}/generation_config.json`;
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = false;
  await page.context().route(`**${slowFile}`, async (route) => {
    held = true;
    await released;
    await route.continue();
  });
  let ended = false;
  const loading = engine.load({ modelId: BROKEN, device: 'wasm', dtype: 'fp32' }).finally(() => (ended = true));
  await expect.poll(() => held, { message: `${slowFile} is requested` }).toBe(true);
  // The weights fail at once; the load waits for the held file.
  await page.waitForTimeout(2_000);
  expect(ended, 'the load ended while one of its files was still downloading').toBe(false);
  release();
  const load = await loading;
  expect(load.end).toMatchObject({ type: 'error', error: { code: 'corrupt_model' } });
  // The worker would post progress as a file is read and stored; give it a moment to do so.
  await page.waitForTimeout(1_000);

  const messages = await engine.received(load.requestId);
  const end = messages.findIndex((m) => m.type === 'error');
  const after = messages.slice(end + 1).map((m) => (m.type === 'load_progress' ? `load_progress ${m.file}${m.done ? ' done' : ` ${m.loaded} bytes`}` : m.type));
  expect(after, `messages for ${load.requestId} after its error`).toEqual([]);
  // Nothing of the damaged model is left in storage, the late file included.
  const stored = await page.evaluate(async (id) => {
    const names = await caches.keys();
    const urls: string[] = [];
    for (const name of names) for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    return urls.filter((url) => url.includes(id));
  }, BROKEN);
  expect(stored).toEqual([]);
});

// Offline use and privacy: the worker fetches ONNX Runtime and the model from this server, never a CDN or the Hub.
test('network: loading and generating request only the dev server', async () => {
  EngineHarnessPage.readyOf(await engine.load({ modelId: GPT2, device: 'wasm' }));
  expectOneTerminal(await engine.generate(PROMPT, [greedy(4)]), 'done');

  const paths = engine.requestedUrls.map((url) => new URL(url).pathname);
  // The worker's own requests are recorded too: its module, ONNX Runtime and the model's files.
  expect(paths).toEqual(
    expect.arrayContaining([
      '/src/worker/engine.worker.ts',
      '/ort/ort-wasm-simd-threaded.asyncify.mjs',
      '/ort/ort-wasm-simd-threaded.asyncify.wasm',
      `/models/${GPT2}/config.json`,
      `/models/${GPT2}/tokenizer.json`,
      `/models/${GPT2}/onnx/model_quantized.onnx`,
    ]),
  );
  expect(engine.requestsLeavingTheMachine()).toEqual([]);
  // blob: is ONNX Runtime's own loader, which transformers.js fetched from /ort/ and cached.
  const origin = new URL(engine.page.url()).origin;
  expect(engine.requestedUrls.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith(`blob:${origin}/`))).toEqual([]);
  expect(engine.failedResponses).toEqual([]);
});
