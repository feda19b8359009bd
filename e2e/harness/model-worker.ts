/**
 * Script of the test-only harness page: each `runGreedy()` starts a fresh dedicated worker
 * (greedy.worker.ts), waits for its one terminal message, ends the worker and shows the run
 * in the table so a screenshot records it.
 */
import { exhaustiveSwitchError } from '../../src/engine/exhaustive.ts';
import type { FromHarnessWorker, GreedyOptions, GreedyRun, HarnessError, ToHarnessWorker } from './greedy.worker.ts';

/** A run's outcome; errors come back as data so the spec can print ORT's exact text. */
export type GreedyOutcome = { readonly ok: true; readonly run: GreedyRun } | { readonly ok: false; readonly error: HarnessError };

/** What this script adds to `window`, for `page.evaluate` in the page object. */
export type HarnessWindow = Window & { runGreedy?: (options: GreedyOptions) => Promise<GreedyOutcome> };

let nextRequestId = 1;

function runInNewWorker(options: GreedyOptions): Promise<GreedyOutcome> {
  const requestId = nextRequestId++;
  const worker = new Worker(new URL('./greedy.worker.ts', import.meta.url), { type: 'module', name: `greedy-${requestId}` });
  return new Promise<GreedyOutcome>((resolve) => {
    worker.onmessage = (event: MessageEvent<FromHarnessWorker>) => {
      const message = event.data;
      if (message.requestId !== requestId) return;
      switch (message.type) {
        case 'done':
          resolve({ ok: true, run: message.run });
          break;
        case 'error':
          resolve({ ok: false, error: message.error });
          break;
        default:
          exhaustiveSwitchError(message);
      }
    };
    // Fires when the worker's module fails to load or throws outside the handler.
    worker.onerror = (event) => {
      resolve({
        ok: false,
        error: { name: 'WorkerError', message: event.message || 'the worker failed to start (see the browser console)', stack: null },
      });
    };
    const request: ToHarnessWorker = { type: 'run', requestId, options };
    worker.postMessage(request);
  }).finally(() => worker.terminate());
}

function cell(row: HTMLTableRowElement, text: string, className?: string): void {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
}

function showOutcome(options: GreedyOptions, outcome: GreedyOutcome): void {
  const body = document.querySelector('table[aria-label="Greedy runs"] tbody');
  if (!(body instanceof HTMLTableSectionElement)) throw new Error('The harness page has no "Greedy runs" table.');
  const row = body.insertRow();
  cell(row, options.modelId);
  cell(row, options.device);
  if (!outcome.ok) {
    const td = row.insertCell();
    td.colSpan = 6;
    td.textContent = `${outcome.error.name}: ${outcome.error.message}`;
    return;
  }
  const { run } = outcome;
  const ranOn = run.backend.ortWebGpuAdapter
    ? `${run.backend.sessionDevice}, ORT WebGPU device on ${run.backend.ortWebGpuAdapter.vendor} / ${run.backend.ortWebGpuAdapter.architecture}`
    : `${run.backend.sessionDevice}, no ORT WebGPU device`;
  cell(row, run.promptIds.join(' '), 'ids');
  cell(row, run.generatedIds.join(' '), 'ids');
  cell(row, JSON.stringify(run.generatedText));
  cell(row, `${ranOn}; KV cache on ${run.backend.kvCacheLocations.join(', ')}`);
  cell(row, run.timings.loadMs.toFixed(0));
  cell(row, run.timings.generateMs.toFixed(0));
}

const status = document.querySelector('[role="status"]');
let running = 0;
function setStatus(): void {
  if (status) status.textContent = running > 0 ? 'running' : 'ready';
}

(window as HarnessWindow).runGreedy = async (options) => {
  running++;
  setStatus();
  try {
    const outcome = await runInNewWorker(options);
    showOutcome(options, outcome);
    return outcome;
  } finally {
    running--;
    setStatus();
  }
};
setStatus();
