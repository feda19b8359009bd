/**
 * transformers.js settings for the browser: models served by the app under /models/, and ONNX
 * Runtime's WebAssembly from our own origin (the Vite plugin in scripts/vite/ort-assets.ts serves
 * it at /ort/), never from a CDN.
 */
import { env } from '@huggingface/transformers';
import { diskModelHost } from './disk-model-host.ts';
import { singleDownloads } from './single-download.ts';
import type { StoringCache } from './recording-cache.ts';

export const LOCAL_MODEL_PATH = '/models/';
export const ORT_WASM_PATHS = {
  mjs: '/ort/ort-wasm-simd-threaded.asyncify.mjs',
  wasm: '/ort/ort-wasm-simd-threaded.asyncify.wasm',
} as const;

/** Where Hub models come from when no other model host is asked for. */
export const DEFAULT_MODEL_HOST = env.remoteHost;

/** The cache of the last configuration, whose running puts a failed load waits for. */
let configuredCache: StoringCache | null = null;

/**
 * Points transformers.js at the app's models and runtime files, at `cache` for storing
 * downloads (see recording-cache.ts; stored in the background), and at the folders opened from disk
 * (disk-model-host.ts), which come before both; each file of a load is requested once
 * (single-download.ts).
 */
export function configureTransformersForBrowser(cache: StoringCache): void {
  configuredCache = cache;
  env.useCustomCache = true;
  env.customCache = diskModelHost.cache(cache);
  // One network request per file and load, however often transformers.js asks (single-download.ts).
  const networkFetch = singleDownloads.wrap(env.fetch);
  env.fetch = diskModelHost.fetch(networkFetch);
  env.allowLocalModels = true;
  env.localModelPath = LOCAL_MODEL_PATH;
  const wasm = env.backends.onnx.wasm;
  if (!wasm) throw new Error('transformers.js has no ONNX Runtime WASM backend settings');
  wasm.wasmPaths = { ...ORT_WASM_PATHS };
  // ONNX Runtime fetches its own .mjs and .wasm from /ort/ (the service worker keeps them offline)
  // and compiles the .wasm as it streams in, which V8's code cache can serve on a later visit. The
  // library's default read the 26 MB into bytes, stored a copy in Cache Storage and compiled from
  // bytes every time; measured slower (docs/speed.md, "Load and memory").
  env.useWasmCache = false;
}

let runtimeStart: Promise<void> = Promise.resolve();

/** Records a start of ONNX Runtime in progress (runtime-start.ts), which a WebGPU load waits for. */
export function runtimeStarting(start: Promise<void>): void {
  runtimeStart = start;
}

/**
 * Resolves once a runtime start (runtime-start.ts) has ended, at once when none was begun. A WebGPU
 * session must not be created while it runs: ONNX Runtime starts its WebAssembly only once.
 */
export function runtimeStarted(): Promise<void> {
  return runtimeStart;
}

/**
 * Resolves once the files being stored have been written (or refused). A failed load waits for it,
 * so that removing a damaged model's files (load-runner.ts) does not race a put still running.
 */
export function storedFilesSettled(): Promise<void> {
  return configuredCache?.settled() ?? Promise.resolve();
}

/** Whether the Hub may be contacted for the next load ("offline" keeps to models served by the app). */
export function allowHub(allowed: boolean): void {
  env.allowRemoteModels = allowed;
}

/**
 * Where Hub ids are downloaded from: `host` (a classroom mirror with the Hub's URL layout,
 * already checked by the page, src/state/model-host-url.ts), or the Hugging Face Hub when undefined.
 */
export function setModelHost(host: string | undefined): void {
  env.remoteHost = host ?? DEFAULT_MODEL_HOST;
}
