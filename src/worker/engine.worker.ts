/// <reference lib="webworker" />
// The model worker: owns transformers.js, the model and its KV cache. Logic lives in handler.ts.
import { probeWebGpu } from './gpu-probe.ts';
import { createHandler } from './handler.ts';
import { forgetModelFiles } from './model-cache.ts';
import { createRecordingCache } from './recording-cache.ts';
import { loadSession } from './model-loader.ts';
import type { ToWorker } from './protocol.ts';
import { configureTransformersForBrowser, TRANSFORMERS_CACHE_NAME } from './transformers-env.ts';
import { createYield } from './yield.ts';

const storage = createRecordingCache(TRANSFORMERS_CACHE_NAME(), self.caches);
configureTransformersForBrowser(storage.cache);
const handle = createHandler(
  {
    loadSession,
    probeGpu: () => probeWebGpu(),
    now: () => performance.now(),
    yieldToHost: createYield(),
    forgetModelFiles: (modelId) => forgetModelFiles(modelId, TRANSFORMERS_CACHE_NAME()),
    takeStorageOutcome: () => storage.takeOutcome(),
  },
  (message) => self.postMessage(message),
);
self.onmessage = (event: MessageEvent<ToWorker>) => void handle(event.data);
