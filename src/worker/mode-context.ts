/**
 * What a request's runner gets from the handler (handler.ts), apart from both so neither imports
 * the other: every runner (`load-runner.ts`, `generate-runner.ts`, `tokenize-runner.ts`,
 * `step-runner.ts`, `suggest-runner.ts`, `lab-runner.ts`) is `(ctx, request) => Promise<result>`.
 * The runner returns its kind's result or throws; the handler posts the one terminal message.
 */
import type { GpuProbe } from '../engine/gpu-probe.ts';
import { WorkerError } from './errors.ts';
import type { WatchedDevice } from './gpu-device-watch.ts';
import type { FileProgress, LoadedSession } from './model-loader.ts';
import type { EventOf, LoadRequest, Request, RequestId, RequestKind, ResultOf, StorageOutcome } from './protocol.ts';

/** What the handler needs from its host: the real ones in engine.worker.ts, Node's in tests. */
export interface HandlerDeps {
  loadSession(request: LoadRequest, probe: GpuProbe, onProgress: (p: FileProgress) => void, now: () => number): Promise<LoadedSession>;
  probeGpu(): Promise<GpuProbe>;
  now(): number;
  /** Lets queued messages (a stop) run between decoding steps. */
  yieldToHost(): Promise<void>;
  /**
   * Removes a model's files from the browser's storage, so a damaged download is fetched again
   * on the next load instead of failing forever. Absent where nothing is stored (Node).
   */
  forgetModelFiles?(modelId: string): Promise<number>;
  /**
   * What the browser's storage did with the files since the last call, once the writes still
   * running have ended. Absent where there is none.
   */
  takeStorageOutcome?(): Promise<StorageOutcome>;
  /** ONNX Runtime's WebGPU device once it has one, to watch for its loss (gpu-device-watch.ts). Absent in Node. */
  gpuDevice?(): WatchedDevice | null;
  /**
   * Ends this worker, after an error that leaves its runtime unusable (a WebAssembly abort). The
   * page notices through its lifeline and starts a new worker. Absent in Node.
   */
  closeWorker?(): void;
}

/** Work in progress that a stop, or the next exclusive request, ends. */
export interface Running {
  readonly requestId: RequestId;
  /** Marks panels (all when `panel` is null) to stop before their next step. */
  stop(panel: number | null, reason: 'stopped' | 'cancelled'): void;
}

/** The handler as one request's runner sees it. */
export interface ModeContext<K extends RequestKind = RequestKind> {
  readonly deps: HandlerDeps;
  /** Streams one of the request's events; dropped once the request has ended. */
  emit(event: EventOf<K>): void;
  /** The model the playground loaded, or null. */
  session(): LoadedSession | null;
  /** The loaded model; throws `no_model_loaded` when there is none. */
  requireSession(): LoadedSession;
  /** Makes `session` the loaded model (a load), disposing the one before. */
  replaceSession(next: () => Promise<LoadedSession | null>): Promise<LoadedSession | null>;
  /**
   * Makes `work` the running request: a stop aimed at it, or the next exclusive request, calls
   * its `stop`. Returns the function that unregisters it (call it in a `finally`).
   */
  track(work: Running): () => void;
  /** Stops `target` (running, or queued and not started); the `stop` request's runner calls it. */
  stopRequest(target: RequestId, panel: number | null): void;
}

/** A request kind's runner: its result, or a throw that becomes the request's `error`. */
export type Runner<K extends RequestKind> = (ctx: ModeContext<K>, request: Request<K>) => Promise<ResultOf<K>>;

/** The one "no model loaded" check. */
export function requireSession(session: LoadedSession | null): LoadedSession {
  if (!session) throw new WorkerError('no_model_loaded');
  return session;
}
