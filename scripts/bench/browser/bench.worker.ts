/// <reference lib="webworker" />
/**
 * The browser benchmark's worker. It is set up as the app's model worker (src/worker/engine.worker.ts)
 * is: the same recording Cache Storage, the same transformers.js settings and the same `loadSession`;
 * around them it times each file and phase of the load (load-timing.ts), and it runs the same two
 * measurements as `npm run bench` in Node: our decoding loop and transformers.js's `generate()`.
 */
import { env } from '@huggingface/transformers';
// The same module instance transformers.js's web build imports, so the same runtime and settings.
import * as ort from 'onnxruntime-web/webgpu';
import { tokenId } from '../../../src/engine/types.ts';
import { loadSession, type LoadedSession } from '../../../src/worker/model-loader.ts';
import { createRecordingCache } from '../../../src/worker/recording-cache.ts';
import { configureTransformersForBrowser, ORT_WASM_PATHS } from '../../../src/worker/transformers-env.ts';
import { startRuntime } from '../../../src/worker/runtime-start.ts';
import { handWeightsOnce } from '../../../src/worker/weights-once.ts';
import { PREFILL_CHUNK, TransformersLm } from '../../../src/worker/transformers-lm.ts';
import { MODEL_CACHE_NAME } from '../../../src/engine/model-cache.ts';
import { createYield } from '../../../src/worker/yield.ts';
import { runGenerate, runOurs, tokenDecoder } from '../measure.ts';
import { mixedPanels } from '../panels.ts';
import { LoadRecorder } from './load-timing.ts';
import type { FileTiming, FromBenchWorker, LoadBreakdown, SessionTiming, ToBenchWorker, WorkerStart } from './protocol.ts';

const now = () => performance.now();
const recorder = new LoadRecorder(now);
const storage = createRecordingCache(MODEL_CACHE_NAME, self.caches, recorder.putObserver(), now);
configureTransformersForBrowser(recorder.cache(storage.cache));
env.fetch = recorder.fetch(env.fetch);
const yieldToHost = createYield();
const wasm = env.backends.onnx.wasm;

/** What the page said when it started this worker (bench-page.ts): its name. */
function startSettings(): WorkerStart {
  try {
    return JSON.parse(self.name) as WorkerStart;
  } catch {
    return { runtime: null, numThreads: null };
  }
}
const started = startSettings();
if (wasm && started.numThreads !== null) wasm.numThreads = started.numThreads;
// `bytes`: the library's default, which configureTransformersForBrowser turned off.
if (started.runtime === 'bytes') env.useWasmCache = true;
// `early`: what the app's worker does when it starts (engine.worker.ts).
if (started.runtime === 'early') void startRuntime();
// `once` (or unsaid): what the app's worker does (engine.worker.ts); `copy`: the library's way.
if (started.weights !== 'copy') handWeightsOnce();
// `off`: the thread pool blocks while it waits, instead of the runtime's (and the app's) spinning.
if (started.spinning === 'off') stopSpinning();
let session: LoadedSession | null = null;

/** Every session created from here on has a thread pool whose threads block while they wait (ONNX Runtime Web joins `extra`'s keys with dots). */
function stopSpinning(): void {
  const create = ort.InferenceSession.create.bind(ort.InferenceSession);
  ort.InferenceSession.create = ((model: Uint8Array, options?: ort.InferenceSession.SessionOptions) =>
    create(model, { ...options, extra: { ...options?.extra, session: { intra_op: { allow_spinning: '0' } } } })) as typeof ort.InferenceSession.create;
}

const post = (message: FromBenchWorker) => self.postMessage(message);

async function load(request: Extract<ToBenchWorker, { type: 'load' }>): Promise<void> {
  if (session) throw new Error('A model is loaded already; dispose it first.');
  if (wasm && request.numThreads !== null) wasm.numThreads = request.numThreads;
  recorder.reset();
  const loadStarted = now();
  const loaded = await loadSession(
    { type: 'load', requestId: 'bench', modelId: request.modelId, dtype: request.dtype, device: request.device, offline: true },
    { available: false, code: 'no_webgpu', detail: null },
    () => undefined,
    now,
  );
  // The app sends `ready` once the files still being written have ended (load-runner.ts): so does the timing.
  const loadedAt = now();
  await storage.takeOutcome();
  const totalMs = now() - loadStarted;
  const storeWaitMs = now() - loadedAt;
  session = loaded;
  const files = recorder.timings();
  const path = (f: FileTiming) => new URL(f.url, 'http://x/').pathname;
  // The session is created once the files are read; their puts run alongside (recording-cache.ts).
  const ended = (f: FileTiming) => f.bodyEndAtMs;
  const started = (f: FileTiming) => f.bodyEndAtMs - f.bodyMs - f.headersMs;
  // Model and runtime files are read before the session is created; tokenizer files after it.
  const beforeSession = files.filter((f) => /\.onnx(_data)?$|\/ort\//.test(path(f)) && f.bytes > 0);
  const runtime = files.filter((f) => path(f).startsWith('/ort/'));
  const tokenizerFiles = files.filter((f) => /tokenizer|vocab|merges|special_tokens/.test(path(f)));
  const readEnd = beforeSession.length ? Math.max(...beforeSession.map(ended)) : null;
  const tokenizerStart = tokenizerFiles.length ? Math.min(...tokenizerFiles.map(started)) : null;
  const wasmBytes = await (await fetch(ORT_WASM_PATHS.wasm)).arrayBuffer();
  const compileStarted = now();
  await WebAssembly.compile(wasmBytes);
  const wasmCompileMs = now() - compileStarted;
  const breakdown: LoadBreakdown = {
    totalMs,
    loadMs: loaded.info.loadMs,
    warmupMs: loaded.info.warmupMs,
    storeWaitMs,
    files,
    cacheMatchMs: recorder.cacheMatchMs,
    runtimeFilesMs: runtime.reduce((sum, f) => sum + f.headersMs + f.bodyMs + (f.cachePutMs ?? 0), 0),
    // The model object exists before the tokenizer's files are asked for (model-loader.ts loads the model first).
    sessionMs: readEnd !== null && tokenizerStart !== null ? tokenizerStart - readEnd : null,
    wasmCompileMs,
    crossOriginIsolated: self.crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
    numThreads: typeof wasm?.numThreads === 'number' ? wasm.numThreads : null,
    proxy: typeof wasm?.proxy === 'boolean' ? wasm.proxy : null,
  };
  post({ type: 'loaded', info: loaded.info, breakdown });
}

async function run(request: Extract<ToBenchWorker, { type: 'run' }>): Promise<void> {
  if (!session) throw new Error('No model is loaded.');
  const { model, tokenizer } = session;
  // `all`: our loop gets every position's logits, the baseline of `--logits` (the app asks for the
  // last only). transformers.js's generate() always asks for the last one: it drops the input if given.
  const lm = started.logits === 'all' ? new TransformersLm(model, session.lm, PREFILL_CHUNK, 0) : session.lm;
  const promptIds = tokenizer.encode(request.prompt, { add_special_tokens: false }).map((id) => tokenId(id));
  const { config } = request;
  const sample =
    config.kind === 'generate'
      ? await runGenerate(model, tokenizer, promptIds, config.tokens)
      : await runOurs(lm, tokenDecoder(tokenizer), promptIds, mixedPanels(config.panels, config.tokens), yieldToHost);
  if (config.collectGarbage) {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error('collectGarbage needs Chromium started with --js-flags=--expose-gc.');
    gc();
  }
  post({ type: 'ran', sample });
}

/** A single-token feed: one id, its mask and position, and an empty cache of the shape the model declares. */
function singleTokenFeed(session: ort.InferenceSession): Record<string, ort.Tensor> {
  const feed: Record<string, ort.Tensor> = {};
  for (const input of session.inputMetadata) {
    const { name } = input;
    if (name === 'input_ids' || name === 'attention_mask') feed[name] = new ort.Tensor('int64', BigInt64Array.of(name === 'input_ids' ? 0n : 1n), [1, 1]);
    else if (name === 'position_ids') feed[name] = new ort.Tensor('int64', BigInt64Array.of(0n), [1, 1]);
    else if (name === 'num_logits_to_keep') feed[name] = new ort.Tensor('int64', BigInt64Array.of(1n), []);
    else if (input.isTensor && name.startsWith('past_key_values')) {
      // [batch, heads, past, headDim]: the named dimensions become 1 and 0, the numbers stay.
      const dims = input.shape.map((d, i) => (typeof d === 'number' ? d : i === 0 ? 1 : 0));
      feed[name] = new ort.Tensor('float32', new Float32Array(0), dims);
    }
  }
  return feed;
}

async function sessions(request: Extract<ToBenchWorker, { type: 'sessions' }>): Promise<void> {
  const bytes = new Uint8Array(await (await fetch(request.url)).arrayBuffer());
  const timings: SessionTiming[] = [];
  for (const variant of request.variants) {
    const started = now();
    const created = await ort.InferenceSession.create(bytes, {
      executionProviders: ['wasm'],
      ...(variant.graphOptimizationLevel ? { graphOptimizationLevel: variant.graphOptimizationLevel } : {}),
      ...(variant.enableCpuMemArena !== undefined ? { enableCpuMemArena: variant.enableCpuMemArena } : {}),
      ...(variant.config ? { extra: { session: Object.fromEntries(Object.entries(variant.config).map(([k, v]) => [k.replace(/^session\./, ''), v])) } } : {}),
    });
    const createMs = now() - started;
    const runStarted = now();
    await created.run(singleTokenFeed(created));
    timings.push({ label: variant.label, createMs, firstRunMs: now() - runStarted });
    await created.release();
  }
  post({ type: 'sessions', timings });
}

/** How long each layout runs before it is timed. */
const LAYOUT_WARM_UP_MS = 3000;

async function layout(request: Extract<ToBenchWorker, { type: 'layout' }>): Promise<void> {
  // Takes effect on the worker's first session: the benchmark runs each layout in a fresh worker.
  if (wasm && request.numThreads !== null) wasm.numThreads = request.numThreads;
  const bytes = new Uint8Array(await (await fetch(request.url)).arrayBuffer());
  const started = now();
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], ...(request.config ? { extra: { session: request.config } } : {}) });
  const createMs = now() - started;
  const width = 768;
  const x = new ort.Tensor('float32', Float32Array.from({ length: width }, (_, i) => Math.sin(i) * 0.5), [1, 1, width]);
  // Warm up for a while, not once: V8 first runs the runtime's WebAssembly unoptimised (Liftoff) and
  // tiers hot functions up in the background; timing the first runs measured that, not the kernels.
  const warmUntil = now() + LAYOUT_WARM_UP_MS;
  for (let i = 0; i < 3 || now() < warmUntil; i++) await session.run({ x });
  const runMs: number[] = [];
  for (let i = 0; i < request.runs; i++) {
    const t = now();
    await session.run({ x });
    runMs.push(now() - t);
  }
  await session.release();
  post({ type: 'layout', createMs, runMs });
}

async function dispose(): Promise<void> {
  const current = session;
  session = null;
  if (current) {
    await current.lm.release();
    await current.model.dispose();
  }
  post({ type: 'disposed' });
}

self.onmessage = async (event: MessageEvent<ToBenchWorker>) => {
  const message = event.data;
  try {
    switch (message.type) {
      case 'load':
        return await load(message);
      case 'run':
        return await run(message);
      case 'dispose':
        return await dispose();
      case 'sessions':
        return await sessions(message);
      case 'layout':
        return await layout(message);
      default: {
        const unknown: never = message;
        throw new Error(`Unknown message ${JSON.stringify(unknown)}`);
      }
    }
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error) });
  }
};
