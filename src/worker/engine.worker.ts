/// <reference lib="webworker" />
// The model worker: owns transformers.js, the model and its KV cache. Logic lives in handler.ts.
import { probeWebGpu } from '../engine/gpu-probe.ts';
import { forgetModelFiles, MODEL_CACHE_NAME } from '../engine/model-cache.ts';
import { ortGpuDevice } from './gpu-device-watch.ts';
import { createHandler } from './handler.ts';
import { holdLifeline } from './lifeline.ts';
import { createRecordingCache } from './recording-cache.ts';
import { loadSession } from './model-loader.ts';
import type { ToWorker } from './protocol.ts';
import { configureTransformersForBrowser } from './transformers-env.ts';
import { handWeightsOnce } from './weights-once.ts';
import { createYield } from './yield.ts';

// First: the page learns of this worker's end, whatever ends it, through this lock (worker-supervisor.ts).
holdLifeline(self.name, self.navigator.locks);
const storage = createRecordingCache(MODEL_CACHE_NAME, self.caches);
configureTransformersForBrowser(storage.cache);
// Each model's weights are copied once, into their place, not with the whole file first (weights-once.ts).
handWeightsOnce();
const handle = createHandler(
  {
    loadSession,
    probeGpu: () => probeWebGpu(self.navigator),
    now: () => performance.now(),
    yieldToHost: createYield(),
    forgetModelFiles: (modelId) => forgetModelFiles(modelId, MODEL_CACHE_NAME, self.caches),
    takeStorageOutcome: () => storage.takeOutcome(),
    gpuDevice: ortGpuDevice,
    closeWorker: () => self.close(),
  },
  (message) => self.postMessage(message),
);
self.onmessage = (event: MessageEvent<ToWorker>) => void handle(event.data);
