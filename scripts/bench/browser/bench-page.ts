/**
 * Script of the browser benchmark's page: one worker at a time (bench.worker.ts), driven by
 * scripts/bench/browser-bench.ts through `window.bench`. Each call waits for the worker's answer.
 */
import type { FromBenchWorker, ToBenchWorker, WorkerStart } from './protocol.ts';

/** What this page adds to `window`. */
export interface BenchPage {
  /** Starts a fresh worker (ending the previous one), telling it how to start ONNX Runtime. */
  start(how?: WorkerStart): void;
  call(message: ToBenchWorker): Promise<FromBenchWorker>;
  /** Ends the worker, freeing its memory at once. */
  stop(): void;
}
export type BenchWindow = Window & { bench?: BenchPage; crossOriginIsolated: boolean };

const status = document.querySelector('[role="status"]');
const log = document.getElementById('log');
let worker: Worker | null = null;

function show(line: string): void {
  if (log) log.textContent += `${line}\n`;
}

const bench: BenchPage = {
  start(how = { runtime: null, numThreads: null }) {
    worker?.terminate();
    // The name carries the settings: they must be in place before the worker's module runs.
    worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name: JSON.stringify(how) });
  },
  call(message) {
    const current = worker;
    if (!current) return Promise.reject(new Error('No worker: call start() first.'));
    if (status) status.textContent = `busy: ${message.type}`;
    show(`→ ${message.type}`);
    return new Promise<FromBenchWorker>((resolve) => {
      current.onmessage = (event: MessageEvent<FromBenchWorker>) => {
        show(`← ${event.data.type}`);
        if (status) status.textContent = 'idle';
        resolve(event.data);
      };
      current.onerror = (event) => resolve({ type: 'error', message: event.message || 'the worker failed to start (see the console)' });
      current.postMessage(message);
    });
  },
  stop() {
    worker?.terminate();
    worker = null;
  },
};
(window as BenchWindow).bench = bench;
if (status) status.textContent = 'idle';
