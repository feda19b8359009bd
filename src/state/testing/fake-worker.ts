/**
 * The app's worker client connected to a fake worker, for the action files' tests: what the page
 * sent, and a way to play the worker's answers.
 */
import type { FromWorker, ToWorker } from '../../worker/protocol.ts';
import { connectWorker, type WorkerPort } from '../worker-bridge.ts';

/**
 * Queued events are applied at once (no animation frame); `ticks` microtask turns follow each
 * answer, for the continuations of the calls it settles.
 */
export function connectFakeWorker({ ticks = 5 }: { readonly ticks?: number } = {}) {
  const sent: ToWorker[] = [];
  const port: WorkerPort = { postMessage: (m) => sent.push(m), onmessage: null };
  connectWorker(port, (flush) => flush());
  /** Plays one worker message, then lets the calls it settles run their continuations. */
  const reply = async (message: FromWorker) => {
    port.onmessage?.({ data: message } as MessageEvent<FromWorker>);
    for (let i = 0; i < ticks; i++) await Promise.resolve();
  };
  return { sent, reply };
}
