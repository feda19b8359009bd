/**
 * transformers.js settings for the browser: models served by the app under /models/, and ONNX
 * Runtime's WebAssembly from our own origin (the Vite plugin in scripts/vite/ort-assets.ts serves
 * it at /ort/), never from a CDN.
 */
import { env } from '@huggingface/transformers';
import { diskModelHost } from './disk-model-host.ts';
import { singleDownloads } from './single-download.ts';
import type { TransformersCache } from './recording-cache.ts';
import { MODEL_CACHE_NAME } from '../engine/model-cache.ts';

export const LOCAL_MODEL_PATH = '/models/';
export const ORT_WASM_PATHS = {
  mjs: '/ort/ort-wasm-simd-threaded.asyncify.mjs',
  wasm: '/ort/ort-wasm-simd-threaded.asyncify.wasm',
} as const;

/** Where Hub models come from when no other model host is asked for. */
export const DEFAULT_MODEL_HOST = env.remoteHost;

/**
 * Points transformers.js at the app's models and runtime files, at `cache` for storing
 * downloads (see recording-cache.ts), and at the folders opened from disk (disk-model-host.ts),
 * which come before both; each file of a load is requested once (single-download.ts).
 */
export function configureTransformersForBrowser(cache: TransformersCache): void {
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
}

/** @deprecated Import `MODEL_CACHE_NAME` from src/engine/model-cache.ts (the one definition). */
export const TRANSFORMERS_CACHE_NAME = (): string => MODEL_CACHE_NAME;

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
