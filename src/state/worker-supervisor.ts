/**
 * Keeps the model worker alive for the page. A worker can end without a word: the browser kills
 * it, or ONNX Runtime aborts it when memory runs out; it can throw outside any request; and its
 * WebGPU device can be lost, after which its runtime is unusable. The supervisor notices each
 * (see below), settles every call in flight with that error, so no button waits forever, starts a
 * new worker, and tells the page once (`onDown`), which keeps what was written and asks for a
 * new Load.
 *
 * How a silent end is noticed: each worker is started with a unique name and, as it starts, takes
 * a Web Lock of that name and holds it for its whole life (src/worker/lifeline.ts). The page asks
 * for the same lock once the worker holds it; the browser grants it when the holder is gone,
 * whatever ended it. No polling of a busy worker, so a long forward pass is never taken for a
 * dead one.
 */
import type { ErrorParams, WorkerErrorInfo } from '../worker/protocol.ts';
import { connectWorkerClient, type SupervisedClient, type WorkerPort } from './worker-client.ts';

/** What the supervisor needs of a Worker (a fake in tests). */
export interface SpawnedWorker extends WorkerPort {
  terminate(): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
}

/** The part of `navigator.locks` the lifeline uses. */
export type Locks = Pick<LockManager, 'request' | 'query'>;

export interface SupervisorDeps {
  /** Starts a worker whose lifeline lock is named `name` (`new Worker(url, { name })`). */
  readonly spawn: (name: string) => SpawnedWorker;
  /** `navigator.locks`; without it a killed worker goes unnoticed (an uncaught error is still seen). */
  readonly locks: Locks | undefined;
  /** The loaded model, so the message can name it. */
  readonly context: () => ErrorParams;
  /** Once per worker that went down, after its calls were settled and a new worker started. */
  readonly onDown: (info: WorkerErrorInfo) => void;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Restarts allowed in {@link RESTART_WINDOW_MS}; past them the page stops restarting (a worker that cannot start). */
export const MAX_RESTARTS = 3;
export const RESTART_WINDOW_MS = 60_000;
/** How long a new worker may take to take its lock (a slow machine loading the module). */
const LIFELINE_WAIT_MS = 120_000;
const LIFELINE_POLL_MS = 50;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
let serial = 0;

/** The running worker, its client, and a way to replace it by hand (tests). */
export interface Supervisor {
  readonly client: () => SupervisedClient;
  /** Takes the current worker down with `info`, as if it had failed. */
  readonly fail: (info: WorkerErrorInfo) => void;
}

/** Starts a supervised worker and connects the app's client to it. */
export function superviseWorker(deps: SupervisorDeps): Supervisor {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  const restarts: number[] = [];
  let current: { client: SupervisedClient; fail: (info: WorkerErrorInfo) => void };

  const crash = (reason: 'worker_stopped' | 'worker_error', detail: string | null): WorkerErrorInfo => ({
    name: 'WorkerCrash',
    code: 'worker_crashed',
    params: { ...deps.context(), reason },
    detail,
  });

  function start(): void {
    const name = `gpt-playground-model-worker-${now().toString(36)}-${++serial}`;
    const worker = deps.spawn(name);
    const life = new AbortController();
    let down = false;
    const fail = (info: WorkerErrorInfo): void => {
      if (down) return;
      down = true;
      life.abort();
      worker.terminate();
      client.failAll(info);
      const t = now();
      while (restarts.length > 0 && t - restarts[0]! > RESTART_WINDOW_MS) restarts.shift();
      if (restarts.length < MAX_RESTARTS) {
        restarts.push(t);
        start();
      }
      deps.onDown(info);
    };
    const client = connectWorkerClient(worker, { onFatal: (info) => fail({ ...info, params: { ...deps.context(), ...info.params } }) });
    current = { client, fail };
    worker.addEventListener('error', (event) => {
      // An uncaught error in the worker: whatever it was doing is in an unknown state.
      event.preventDefault();
      fail(crash('worker_error', event.message || null));
    });
    if (deps.locks) {
      watchLifeline(name, deps.locks, life.signal, sleep, now).then(
        (ended) => {
          if (ended) fail(crash('worker_stopped', null));
        },
        () => undefined,
      );
    }
  }

  start();
  return { client: () => current.client, fail: (info) => current.fail(info) };
}

/**
 * Resolves true once the worker holding lock `name` is gone; false when it never took the lock
 * (then nothing can be known). Rejects when `signal` aborts (the page ended the worker itself).
 */
export async function watchLifeline(name: string, locks: Locks, signal: AbortSignal, sleep: (ms: number) => Promise<void>, now: () => number): Promise<boolean> {
  const until = now() + LIFELINE_WAIT_MS;
  for (;;) {
    signal.throwIfAborted();
    const state = await locks.query();
    if (state.held?.some((lock) => lock.name === name)) break;
    if (now() > until) return false;
    await sleep(LIFELINE_POLL_MS);
  }
  await locks.request(name, { signal }, () => undefined);
  return true;
}
