/**
 * The page's one way to talk to the model worker: `workerClient.call(kind, payload, { onEvent,
 * signal })` sends one request of protocol.ts's `RequestMap` and resolves with its result (or
 * rejects with a {@link WorkerCallError} carrying the worker's `{ code, params, detail }`).
 * The client owns request ids, routes each message to its call, and keeps the protocol's rule:
 * a call's events stop at its one terminal message, which settles it. Aborting `signal` sends
 * the worker a `stop` for the request; the call still settles with what the worker answers
 * (a stopped generation's result, a cancelled suggestion).
 */
import type { EventOf, FromWorker, RequestId, RequestKind, RequestMap, ResultOf, ToWorker, WorkerErrorInfo } from '../worker/protocol.ts';

/** What the client needs of a Worker (a fake in tests). */
export interface WorkerPort {
  postMessage(message: ToWorker): void;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
}

export interface CallOptions<K extends RequestKind> {
  /** Each event the request streams, in order, before the call settles. */
  readonly onEvent?: (event: EventOf<K>) => void;
  /** Aborting it asks the worker to stop the request. */
  readonly signal?: AbortSignal;
}

/** A call in flight: the promise of its result, and its id (the store records it to drop stale answers). */
export type Call<K extends RequestKind> = Promise<ResultOf<K>> & { readonly requestId: RequestId };

/** The worker ended a request with an error. */
export class WorkerCallError extends Error {
  override readonly name = 'WorkerCallError';
  constructor(readonly info: WorkerErrorInfo) {
    super(`${info.code} ${JSON.stringify(info.params)}`);
  }
}

export interface WorkerClient {
  call<K extends RequestKind>(kind: K, payload: RequestMap[K]['request'], options?: CallOptions<K>): Call<K>;
}

/** The client of one worker, as its supervisor sees it. */
export interface SupervisedClient extends WorkerClient {
  /** Settles every call in flight, and every later one, with `info` (the worker is gone: no answer will come). */
  failAll(info: WorkerErrorInfo): void;
}

export interface ClientHooks {
  /**
   * A call ended with an error after which the worker cannot go on (a {@link FATAL_CODES} code):
   * the supervisor replaces the worker. Called after that call was rejected.
   */
  readonly onFatal?: (info: WorkerErrorInfo) => void;
}

/** Errors after which the worker's runtime is unusable: the WebGPU device it holds is gone. */
export const FATAL_CODES: ReadonlySet<WorkerErrorInfo['code']> = new Set(['gpu_device_lost']);

interface Pending {
  readonly onEvent: ((event: never) => void) | undefined;
  resolve(result: unknown): void;
  reject(error: WorkerCallError): void;
}

const noop = () => undefined;

/** A client on `port` (it takes over `port.onmessage`). */
export function createWorkerClient(port: WorkerPort, hooks: ClientHooks = {}): SupervisedClient {
  const pending = new Map<RequestId, Pending>();
  let counter = 0;
  const newRequestId = (kind: RequestKind): RequestId => `${kind}-${Date.now().toString(36)}-${++counter}`;

  port.onmessage = (event) => {
    const message = event.data;
    const call = pending.get(message.requestId);
    // A message for no call: its call settled already, or it was never ours. Nothing to do.
    if (!call) return;
    if (message.type === 'done') {
      pending.delete(message.requestId);
      call.resolve(message.result);
    } else if (message.type === 'error') {
      pending.delete(message.requestId);
      call.reject(new WorkerCallError(message.error));
      if (FATAL_CODES.has(message.error.code)) hooks.onFatal?.(message.error);
    } else {
      call.onEvent?.(message as never);
    }
  };

  /** Set once the worker is gone: later calls fail at once instead of waiting for an answer. */
  let goneWith: WorkerErrorInfo | null = null;

  function call<K extends RequestKind>(kind: K, payload: RequestMap[K]['request'], options: CallOptions<K> = {}): Call<K> {
    const requestId = newRequestId(kind);
    if (goneWith) return Object.assign(Promise.reject(new WorkerCallError(goneWith)), { requestId });
    const { signal } = options;
    const abort = () => {
      if (pending.has(requestId)) call('stop', { target: requestId, panel: null }).catch(noop);
    };
    const promise = new Promise<ResultOf<K>>((resolve, reject) => {
      const settled = () => signal?.removeEventListener('abort', abort);
      pending.set(requestId, {
        onEvent: options.onEvent as ((event: never) => void) | undefined,
        resolve: (result) => {
          settled();
          resolve(result as ResultOf<K>);
        },
        reject: (error) => {
          settled();
          reject(error);
        },
      });
      if (signal?.aborted) queueMicrotask(abort);
      else signal?.addEventListener('abort', abort, { once: true });
      try {
        port.postMessage({ type: kind, requestId, ...payload } as ToWorker);
      } catch (error) {
        pending.delete(requestId);
        throw error;
      }
    });
    return Object.assign(promise, { requestId });
  }

  function failAll(info: WorkerErrorInfo): void {
    goneWith = info;
    const calls = [...pending.values()];
    pending.clear();
    for (const each of calls) each.reject(new WorkerCallError(info));
  }

  return { call, failAll };
}

let connected: WorkerClient | null = null;

/** Connects the app's client to a worker (worker-bridge.ts's supervisor; a fake in tests). */
export function connectWorkerClient(port: WorkerPort, hooks?: ClientHooks): SupervisedClient {
  const client = createWorkerClient(port, hooks);
  connected = client;
  return client;
}

/** The app's client, on the worker connected last. */
export const workerClient: WorkerClient = {
  call(kind, payload, options) {
    if (!connected) throw new Error('The model worker is not started.');
    return connected.call(kind, payload, options);
  },
};

/** The worker's error behind a failed call; anything else (the worker not started) as `internal`. */
export function callErrorInfo(error: unknown): WorkerErrorInfo {
  if (error instanceof WorkerCallError) return error.info;
  return { name: error instanceof Error ? error.name : 'Error', code: 'internal', params: {}, detail: String(error) };
}
