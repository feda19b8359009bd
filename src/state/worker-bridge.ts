/**
 * Connects the model worker to the store: sends requests, and turns its messages into state.
 * Token and progress messages are applied once per animation frame, so a fast model does not
 * re-render the page per token.
 */
import {
  exhaustiveSwitchError,
  type Done,
  type ErrorMessage,
  type FromWorker,
  type LoadProgress,
  type PanelDone,
  type PanelOutcome,
  type Tokens,
  type ToWorker,
} from '../worker/protocol.ts';
import type { PanelMetrics, PanelState } from './slices/panels-slice.ts';
import { refreshStoredModels } from './browser-storage.ts';
import { useStore } from './store.ts';

/** What the bridge needs of a Worker (a fake in tests). */
export interface WorkerPort {
  postMessage(message: ToWorker): void;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
}

type Schedule = (flush: () => void) => void;

let port: WorkerPort | null = null;
/** Requests of the teaching modes: each one's messages go to the listener it was sent with. */
const listeners = new Map<string, (message: FromWorker) => void>();
let pending: (Tokens | LoadProgress | PanelDone)[] = [];
let scheduled = false;
let schedule: Schedule = (flush) => requestAnimationFrame(flush);

/** Starts the app's model worker and connects it. */
export function startModelWorker(): void {
  const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });
  connectWorker(worker);
}

/** Connects a worker (or a fake); `frame` replaces requestAnimationFrame in tests. */
export function connectWorker(worker: WorkerPort, frame?: Schedule): void {
  port = worker;
  pending = [];
  scheduled = false;
  if (frame) schedule = frame;
  worker.onmessage = (event) => receive(event.data);
}

export function send(message: ToWorker): void {
  if (!port) throw new Error('The model worker is not started.');
  port.postMessage(message);
}

/**
 * Sends a request whose messages go to `listener` instead of the playground's slices, until its
 * terminal `done` or `error` (which the listener gets too). The teaching modes use it.
 */
export function sendWithListener(message: ToWorker, listener: (message: FromWorker) => void): void {
  listeners.set(message.requestId, listener);
  try {
    send(message);
  } catch (error) {
    listeners.delete(message.requestId);
    throw error;
  }
}

function receive(message: FromWorker): void {
  const listener = listeners.get(message.requestId);
  if (listener) {
    if (message.type === 'done' || message.type === 'error') listeners.delete(message.requestId);
    listener(message);
    return;
  }
  switch (message.type) {
    case 'lab_progress':
    case 'lab_row':
      // Only a listener's request has these; one that was dropped has nobody to tell.
      return;
    case 'tokens':
    case 'load_progress':
    case 'panel_done':
      // In arrival order: a panel_done lands after its panel's last tokens.
      pending.push(message);
      if (!scheduled) {
        scheduled = true;
        schedule(flushPending);
      }
      return;
    case 'ready':
      if (message.requestId === useStore.getState().loadRequestId) useStore.setState({ loaded: message.model });
      return;
    case 'done':
      flushPending();
      return finish(message);
    case 'error':
      flushPending();
      return fail(message);
    default:
      return exhaustiveSwitchError(message);
  }
}

/** Applies every queued token and progress message in one state update. */
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

function finish(message: Done): void {
  const state = useStore.getState();
  switch (message.request) {
    case 'load':
      if (message.requestId === state.loadRequestId) useStore.setState({ loadStatus: 'ready', loadRequestId: null });
      // The load has just stored its files (or found them stored).
      void refreshStoredModels();
      return;
    case 'generate': {
      if (message.requestId !== state.generateRequestId) return;
      const { result } = message;
      useStore.setState({
        generateRequestId: null,
        promptIds: result.promptIds,
        promptTokenTexts: result.promptTokenTexts,
        droppedPromptTokens: result.droppedPromptTokens,
        panels: state.panels.map((panel, i): PanelState => {
          const outcome = result.panels[i];
          return outcome ? finishedPanel(panel, outcome) : panel;
        }),
      });
      return;
    }
    case 'stop':
    case 'dispose':
      return;
    case 'tokenize':
    case 'step':
    case 'suggest':
    case 'lab':
      // Sent with a listener (sendWithListener), which got the message instead.
      return;
    default:
      return exhaustiveSwitchError(message);
  }
}

/** A panel as its generation left it: its own finish reason, final text and timings. */
function finishedPanel(panel: PanelState, outcome: PanelOutcome): PanelState {
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

function fail(message: ErrorMessage): void {
  const state = useStore.getState();
  if (message.requestId === state.loadRequestId) {
    useStore.setState({ loadStatus: 'error', loadRequestId: null, loadError: message.error, loaded: null });
    // A damaged model's files were dropped from storage.
    void refreshStoredModels();
  } else if (message.requestId === state.generateRequestId) {
    useStore.setState({
      generateRequestId: null,
      generateError: message.error,
      panels: state.panels.map((panel) => (panel.status === 'running' ? { ...panel, status: 'error' } : panel)),
    });
  }
}
