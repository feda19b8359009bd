/// <reference lib="webworker" />
// Dedicated worker that reports the WebGPU adapter it sees: the model worker runs in the same kind of context.
import { probeWebGpu } from './gpu-probe.ts';

void probeWebGpu().then((probe) => self.postMessage(probe));
