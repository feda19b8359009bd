import type { GpuProbe } from '../worker/gpu-probe.ts';

/** Starts a dedicated worker, asks it which WebGPU adapter it gets, and ends it. */
export function probeWebGpuInWorker(): Promise<GpuProbe> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('../worker/gpu-probe.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<GpuProbe>) => {
      resolve(event.data);
      worker.terminate();
    };
    worker.onerror = (event) => {
      resolve({ available: false, code: 'probe_failed', reason: `The probe worker failed: ${event.message}` });
      worker.terminate();
    };
  });
}
