/**
 * Starts the model worker and connects the app's {@link workerClient} to it, and applies the
 * playground's streamed events to the store: token, panel and file-progress events are queued
 * and applied once per animation frame, so a fast model does not re-render the page per token.
 * The playground's load and generate are sent here (actions.ts records their ids); the teaching
 * modes call `workerClient` from their own action files.
 */
import type { GeneratePayload, LoadPayload, LoadProgress, PanelDone, PanelOutcome, RequestId, Tokens, WorkerErrorInfo } from '../worker/protocol.ts';
import { refreshStoredModels } from './browser-storage.ts';
import type { PanelMetrics, PanelState } from './slices/panels-slice.ts';
import { useStore } from './store.ts';
import { callErrorInfo, connectWorkerClient, workerClient, type WorkerPort } from './worker-client.ts';
import { superviseWorker } from './worker-supervisor.ts';

export { workerClient, type WorkerPort };

type Schedule = (flush: () => void) => void;

/** The playground's events that are applied per frame. */
export type FrameEvent = Tokens | LoadProgress | PanelDone;

let pending: FrameEvent[] = [];
let scheduled = false;
let schedule: Schedule = (flush) => requestAnimationFrame(flush);

/**
 * Starts the app's model worker under a supervisor (worker-supervisor.ts): when the worker dies
 * or its WebGPU device is lost, a new one is started and {@link workerWentDown} tells the page.
 */
export function startModelWorker(): void {
  superviseWorker({
    // `name` is the lifeline lock's name (src/worker/lifeline.ts).
    spawn: (name) => new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module', name }),
    locks: typeof navigator === 'undefined' ? undefined : navigator.locks,
    context: () => {
      const model = useStore.getState().loaded;
      return model ? { modelId: model.modelId, dtype: model.dtype, device: model.device } : {};
    },
    onDown: workerWentDown,
  });
  pending = [];
  scheduled = false;
}

/**
 * The model worker went down and a new one started without the model: the store forgets the
 * loaded model and shows why next to Load. The panels keep what they wrote: the calls in flight
 * were settled with the same error, which marks a running generation as failed.
 */
export function workerWentDown(info: WorkerErrorInfo): void {
  flushPending();
  useStore.setState({ loaded: null, loadStatus: 'error', loadError: info, loadRequestId: null });
}

/** Connects a worker (or a fake); `frame` replaces requestAnimationFrame in tests. */
export function connectWorker(worker: WorkerPort, frame?: Schedule): void {
  connectWorkerClient(worker);
  pending = [];
  scheduled = false;
  if (frame) schedule = frame;
}

/** Queues a playground event for the next frame; in arrival order, so a panel_done lands after its panel's last tokens. */
export function queueForFrame(event: FrameEvent): void {
  pending.push(event);
  if (!scheduled) {
    scheduled = true;
    schedule(flushPending);
  }
}

/** Applies every queued event in one state update (also called before a terminal message is applied). */
export function flushPending(): void {
  scheduled = false;
  if (pending.length === 0) return;
  const batch = pending;
  pending = [];
  useStore.setState((state) => {
    let files = state.files;
    let panels = state.panels;
    for (const message of batch) {
      if (message.type === 'load_progress') {
        if (message.requestId !== state.loadRequestId) continue;
        const before = files[message.file];
        files = {
          ...files,
          [message.file]: message.done
            ? { loaded: before?.total ?? before?.loaded ?? 0, total: before?.total ?? before?.loaded ?? null, done: true }
            : { loaded: message.loaded, total: message.total, done: false },
        };
      } else if (message.type === 'panel_done') {
        if (message.requestId !== state.generateRequestId) continue;
        panels = panels.map((panel, i) => (i === message.panel ? finishedPanel(panel, message.outcome) : panel));
      } else {
        if (message.requestId !== state.generateRequestId) continue;
        panels = panels.map((panel, i) => {
          const update = message.panels.find((p) => p.panel === i);
          if (!update) return panel;
          return {
            ...panel,
            tokens: [...panel.tokens, ...update.tokens],
            text: panel.text + update.tokens.map((t) => t.textDelta).join(''),
          };
        });
      }
    }
    return { files, panels };
  });
}

/** A panel as its generation left it: its own finish reason, final text and timings. */
export function finishedPanel(panel: PanelState, outcome: PanelOutcome): PanelState {
  const metrics: PanelMetrics | null =
    outcome.timeToFirstTokenMs === null
      ? null
      : { timeToFirstTokenMs: outcome.timeToFirstTokenMs, decodeTokensPerSecond: outcome.decodeTokensPerSecond, generatedTokens: outcome.generatedTokens };
  return {
    ...panel,
    status: 'done',
    finishReason: outcome.finishReason,
    // The final text also holds bytes that were waiting to complete a character.
    text: outcome.text,
    metrics,
  };
}

/**
 * Sends the playground's load. Its file progress is applied per frame, `ready` puts the model in
 * the store, and the store leaves `loading` only when the request ends. Answers for a load that
 * is no longer the store's `loadRequestId` are dropped.
 */
export function sendLoad(payload: LoadPayload): RequestId {
  const isCurrent = (id: RequestId) => id === useStore.getState().loadRequestId;
  const call = workerClient.call('load', payload, {
    onEvent: (event) => {
      if (event.type !== 'ready') queueForFrame(event);
      else if (isCurrent(event.requestId)) useStore.setState({ loaded: event.model });
    },
  });
  const { requestId } = call;
  call.then(
    () => {
      flushPending();
      if (isCurrent(requestId)) useStore.setState({ loadStatus: 'ready', loadRequestId: null });
      // The load has just stored its files (or found them stored).
      void refreshStoredModels();
    },
    (error: unknown) => {
      flushPending();
      if (!isCurrent(requestId)) return;
      useStore.setState({ loadStatus: 'error', loadRequestId: null, loadError: callErrorInfo(error), loaded: null });
      // A damaged model's files were dropped from storage.
      void refreshStoredModels();
    },
  );
  return requestId;
}

/**
 * Sends the playground's generation. Tokens and finished panels are applied per frame; the end
 * puts each panel's own outcome and the prompt's tokens in the store. Answers for a generation
 * that is no longer the store's `generateRequestId` are dropped.
 */
export function sendGenerate(payload: GeneratePayload): RequestId {
  const isCurrent = (id: RequestId) => id === useStore.getState().generateRequestId;
  const call = workerClient.call('generate', payload, { onEvent: queueForFrame });
  const { requestId } = call;
  call.then(
    (result) => {
      flushPending();
      if (!isCurrent(requestId)) return;
      useStore.setState((state) => ({
        generateRequestId: null,
        promptIds: result.promptIds,
        promptTokenTexts: result.promptTokenTexts,
        droppedPromptTokens: result.droppedPromptTokens,
        panels: state.panels.map((panel, i): PanelState => {
          const outcome = result.panels[i];
          return outcome ? finishedPanel(panel, outcome) : panel;
        }),
      }));
    },
    (error: unknown) => {
      flushPending();
      if (!isCurrent(requestId)) return;
      useStore.setState((state) => ({
        generateRequestId: null,
        generateError: callErrorInfo(error),
        panels: state.panels.map((panel) => (panel.status === 'running' ? { ...panel, status: 'error' } : panel)),
      }));
    },
  );
  return requestId;
}

/** Stops one panel of a generation, or all of it when `panel` is null. */
export function sendStop(target: RequestId, panel: number | null): void {
  workerClient.call('stop', { target, panel }).catch(() => undefined);
}
