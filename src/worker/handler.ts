/**
 * The worker's logic, apart from the Worker itself so tests can drive it with a fake `post`.
 * Dispatches every request through one map of runners ({@link RUNNERS}, one per kind of
 * protocol.ts's `RequestMap`) and posts each request's one terminal message: `done` with what the
 * runner returned, or `error` with what it threw. Events a runner emits after that are dropped.
 *
 * Load, generate, dispose and the teaching modes' requests run one at a time; a new one first
 * cancels a running one. Stop and probe act at once. No ordinary error leaves the worker unable to
 * load again; a lost WebGPU device or a WebAssembly abort does, and then the page starts a new worker
 * (src/state/worker-supervisor.ts).
 */
import { autoBackend } from '../engine/gpu-probe.ts';
import { toWorkerError, WorkerError } from './errors.ts';
import type { WatchedDevice } from './gpu-device-watch.ts';
import { runConvert } from './convert-runner.ts';
import { runGenerate } from './generate-runner.ts';
import { runLab } from './lab-runner.ts';
import { runLoad } from './load-runner.ts';
import { requireSession, type HandlerDeps, type ModeContext, type Runner, type Running } from './mode-context.ts';
import type { LoadedSession } from './model-loader.ts';
import type { Done, ErrorParams, FromWorker, Request, RequestId, RequestKind, ResultOf, ToWorker } from './protocol.ts';
import { runStep } from './step-runner.ts';
import { runSuggest } from './suggest-runner.ts';
import { runTokenize } from './tokenize-runner.ts';

export type { HandlerDeps, ModeContext, Running };
export { TOKEN_FLUSH_MS } from './generate-runner.ts';

type Runners = { readonly [K in RequestKind]: Runner<K> };

/** How long a failed run on WebGPU waits to see whether its device was lost (then the error is that). */
const LOSS_GRACE_MS = 200;

/** How many ended requests the handler remembers; their events come within a step of their end. */
const ENDED_KEPT = 256;

/**
 * An error after which ONNX Runtime's WebAssembly is in an unknown state: it aborted (out of
 * memory, an assertion) or trapped. The worker ends itself; the page starts a new one.
 */
export function isRuntimeAbort(error: unknown): boolean {
  if (error instanceof WebAssembly.RuntimeError) return true;
  return error instanceof Error && /^Aborted\(/.test(error.message);
}

/** Requests that act at once instead of waiting for (and cancelling) the running one. */
const IMMEDIATE: ReadonlySet<RequestKind> = new Set<RequestKind>(['stop', 'probe']);

/** The request's model, so the page can name it in its own language. */
function errorContext(request: ToWorker, session: LoadedSession | null): ErrorParams {
  switch (request.type) {
    case 'load':
      return { modelId: request.modelId, dtype: request.dtype, device: request.device, offline: request.offline ?? false };
    case 'lab':
      return { modelId: request.modelId, device: request.device, offline: request.offline ?? false };
    case 'convert':
      return { modelId: request.modelId };
    default:
      return session ? { modelId: session.info.modelId, dtype: session.info.dtype, device: session.info.device } : {};
  }
}

export function createHandler(deps: HandlerDeps, post: (message: FromWorker) => void): (message: ToWorker) => Promise<void> {
  let session: LoadedSession | null = null;
  let running: Running | null = null;
  /** Requests waiting in the queue, and those of them stopped (whole) there: they stop as they start. */
  const queued = new Set<RequestId>();
  const stoppedBeforeStart = new Set<RequestId>();
  /** Requests that have posted their terminal message: nothing of theirs is posted after it. */
  const ended = new Set<RequestId>();
  let queue: Promise<void> = Promise.resolve();

  /** The WebGPU device under the loaded session, watched for its loss; the loss once it came. */
  let watched: WatchedDevice | null = null;
  let deviceLost: WorkerError | null = null;
  let failOnLoss: (error: WorkerError) => void = () => undefined;
  /** Rejects when the device is lost: a forward pass on a lost device may never settle, so runs race it. */
  const lossGate = new Promise<never>((_, reject) => (failOnLoss = reject));
  lossGate.catch(() => undefined);

  /** Devices whose loss was seen: one released with its session is never watched again. */
  const gone = new WeakSet<WatchedDevice>();

  function watchDevice(): void {
    if (deviceLost || session?.info.device !== 'webgpu') return;
    const device = deps.gpuDevice?.() ?? null;
    if (!device || device === watched || gone.has(device)) return;
    watched = device;
    void device.lost.then((info) => {
      gone.add(device);
      // A device released with its session (ONNX Runtime destroys it itself) is no loss.
      if (watched !== device) return;
      deviceLost = new WorkerError('gpu_device_lost', {}, `${info.reason}: ${info.message}`);
      failOnLoss(deviceLost);
    });
  }

  async function disposeSession(): Promise<void> {
    const old = session;
    session = null;
    watched = null;
    if (old) {
      await old.lm.release();
      await old.model.dispose();
    }
  }

  const RUNNERS: Runners = {
    probe: async () => {
      const probe = await deps.probeGpu();
      return { probe, auto: autoBackend(probe) };
    },
    load: runLoad,
    generate: runGenerate,
    stop: async (ctx, request) => ctx.stopRequest(request.target, request.panel),
    dispose: async () => disposeSession(),
    tokenize: runTokenize,
    step: runStep,
    suggest: runSuggest,
    lab: runLab,
    convert: runConvert,
  };

  function contextFor<K extends RequestKind>(request: Request<K>): ModeContext<K> {
    return {
      deps,
      emit: (event) => {
        if (!ended.has(request.requestId)) post(event as FromWorker);
      },
      session: () => session,
      requireSession: () => requireSession(session),
      async replaceSession(next) {
        // Free the old model (and its GPU buffers) before the new one takes memory.
        await disposeSession();
        session = await next();
        return session;
      },
      track(work) {
        running = work;
        if (stoppedBeforeStart.delete(work.requestId)) work.stop(null, 'stopped');
        return () => {
          if (running === work) running = null;
        };
      },
      stopRequest(target, panel) {
        // Acts at once (not queued): the running request sees it before its next step.
        if (running?.requestId === target) running.stop(panel, 'stopped');
        // Not running yet (queued behind another request): it is stopped as soon as it starts.
        else if (panel === null && queued.has(target)) stoppedBeforeStart.add(target);
      },
    };
  }

  /** Runs one request and posts its one terminal message. */
  async function run<K extends RequestKind>(request: Request<K>): Promise<void> {
    const runner: Runner<K> = RUNNERS[request.type];
    let end: FromWorker;
    const immediate = IMMEDIATE.has(request.type);
    try {
      // After a device loss nothing runs here again: the page starts a new worker.
      if (deviceLost && !immediate) throw deviceLost;
      watchDevice();
      const work = runner(contextFor(request), request);
      const result: ResultOf<K> = immediate ? await work : await Promise.race([work, lossGate]);
      watchDevice();
      end = { type: 'done', requestId: request.requestId, request: request.type, ...(result === undefined ? {} : { result }) } as Done;
    } catch (error) {
      // ONNX Runtime's own error can come a moment before the device's `lost` settles.
      if (!immediate && watched) await Promise.race([watched.lost, new Promise((resolve) => setTimeout(resolve, LOSS_GRACE_MS))]);
      // Whatever failed once the device was lost failed because of it.
      const cause = deviceLost && !immediate ? deviceLost : error;
      end = { type: 'error', requestId: request.requestId, error: toWorkerError(cause, errorContext(request as ToWorker, session)) };
      if (isRuntimeAbort(error)) setTimeout(() => deps.closeWorker?.(), 0);
    }
    markEnded(request.requestId);
    post(end);
  }

  /** Remembers the last {@link ENDED_KEPT} ended requests (a late event of theirs is dropped), not every one ever. */
  function markEnded(requestId: RequestId): void {
    ended.add(requestId);
    if (ended.size > ENDED_KEPT) ended.delete(ended.values().next().value as RequestId);
  }

  /** Runs `request` after the previous exclusive one; cancels a running one first. */
  const exclusive = (request: Request<RequestKind>): Promise<void> => {
    running?.stop(null, 'cancelled');
    const { requestId } = request;
    queued.add(requestId);
    const next = queue.then(async () => {
      queued.delete(requestId);
      try {
        await run(request);
      } finally {
        stoppedBeforeStart.delete(requestId);
      }
    });
    queue = next.catch(() => undefined);
    return next;
  };

  return (message: ToWorker) => {
    const request = message as Request<RequestKind>;
    return IMMEDIATE.has(request.type) ? run(request) : exclusive(request);
  };
}
