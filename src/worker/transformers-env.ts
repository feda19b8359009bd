/**
 * transformers.js settings for the browser: models served by the app under /models/, and ONNX
 * Runtime's WebAssembly from our own origin (the Vite plugin in scripts/vite/ort-assets.ts serves
 * it at /ort/), never from a CDN.
 */
import { env } from '@huggingface/transformers';
import type { TransformersCache } from './recording-cache.ts';

export const LOCAL_MODEL_PATH = '/models/';
export const ORT_WASM_PATHS = {
  mjs: '/ort/ort-wasm-simd-threaded.asyncify.mjs',
  wasm: '/ort/ort-wasm-simd-threaded.asyncify.wasm',
} as const;

/**
 * Points transformers.js at the app's models and runtime files, and at `cache` for storing
 * downloads (see recording-cache.ts).
 */
export function configureTransformersForBrowser(cache: TransformersCache): void {
  env.useCustomCache = true;
  env.customCache = cache;
  env.allowLocalModels = true;
  env.localModelPath = LOCAL_MODEL_PATH;
  const wasm = env.backends.onnx.wasm;
  if (!wasm) throw new Error('transformers.js has no ONNX Runtime WASM backend settings');
  wasm.wasmPaths = { ...ORT_WASM_PATHS };
}

/** The Cache Storage name transformers.js keeps downloaded files under. */
export const TRANSFORMERS_CACHE_NAME = (): string => env.cacheKey;

/** Whether the Hub may be contacted for the next load ("offline" keeps to models served by the app). */
export function allowHub(allowed: boolean): void {
  env.allowRemoteModels = allowed;
}
