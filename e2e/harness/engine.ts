/**
 * Script of the test-only engine harness page: starts the app's real model worker, records every
 * message both ways with the time it crossed, and shows them (log table, per-file progress bars,
 * streamed panel text, the loaded model) so a screenshot records what happened.
 * The spec drives it through `window.engine` (see e2e/fixtures/engine-harness.ts).
 */
import { exhaustiveSwitchError } from '../../src/engine/exhaustive.ts';
import type { FromWorker, LoadedModel, RequestId, ToWorker } from '../../src/worker/protocol.ts';

/** One message as it crossed the boundary; `atMs` is the page's `performance.now()`. */
export type LogEntry =
  | { readonly seq: number; readonly atMs: number; readonly direction: 'sent'; readonly message: ToWorker }
  | { readonly seq: number; readonly atMs: number; readonly direction: 'received'; readonly message: FromWorker };

/** What this page adds to `window`, for `page.evaluate` in the page object. */
export interface EngineHarness {
  send(message: ToWorker): void;
  /** Sends `message` from inside the page the moment the first `type` message of `requestId` arrives. */
  sendOnFirst(requestId: RequestId, type: FromWorker['type'], message: ToWorker): void;
  /** Resolves with the first `type` message of `requestId` (already received or still to come). */
  waitFor(requestId: RequestId, type: FromWorker['type']): Promise<FromWorker>;
  /** Resolves with the request's terminal message: its first `done` or `error`. */
  waitForEnd(requestId: RequestId): Promise<FromWorker>;
  log(): readonly LogEntry[];
  /** Errors of the Worker object itself (module failed to load, uncaught exception, bad message). */
  failures(): readonly string[];
}

export type EngineHarnessWindow = Window & { engine?: EngineHarness };

interface Waiter {
  readonly matches: (message: FromWorker) => boolean;
  readonly resolve: (message: FromWorker) => void;
  readonly reject: (error: Error) => void;
}

const log: LogEntry[] = [];
const failures: string[] = [];
let waiters: Waiter[] = [];
const triggers: { requestId: RequestId; type: FromWorker['type']; message: ToWorker }[] = [];
/** Requests sent and not yet ended, for the status line. */
const open = new Set<RequestId>();
/** What each request asked for, so an `error` or `done` can be shown against it. */
const kinds = new Map<RequestId, ToWorker['type']>();

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The engine harness page has no #${id}.`);
  return element as T;
}

const status = document.querySelector<HTMLElement>('[role="status"]');
const logRows = byId<HTMLTableSectionElement>('log-rows');
const progressFiles = byId<HTMLDivElement>('progress-files');
const panelsBox = byId<HTMLDivElement>('panels');
const loadedModel = byId<HTMLDListElement>('loaded-model');

function setStatus(): void {
  if (!status) return;
  if (failures.length > 0) status.textContent = `worker failed: ${failures.join(' | ')}`;
  else status.textContent = open.size > 0 ? `busy: ${[...open].join(', ')}` : 'idle';
}

const isTerminal = (message: FromWorker) => message.type === 'done' || message.type === 'error';

function summarize(message: ToWorker | FromWorker): string {
  switch (message.type) {
    case 'load':
      return `${message.modelId} dtype ${message.dtype} on ${message.device}${message.offline ? ', offline' : ''}`;
    case 'generate':
      return `${JSON.stringify(message.prompt)}, ${message.panels.length} panel(s), max ${message.panels.map((p) => p.maxNewTokens).join('/')} tokens`;
    case 'stop':
      return `stop ${message.target}, panel ${message.panel ?? 'all'}`;
    case 'dispose':
      return 'dispose the model';
    case 'probe':
      return 'probe the WebGPU adapter';
    case 'load_progress':
      return `${message.file}: ${message.done ? 'done' : `${message.loaded} / ${message.total ?? '?'} bytes`}`;
    case 'ready': {
      const m = message.model;
      const adapter = m.adapter.available ? `${m.adapter.vendor} / ${m.adapter.architecture}` : 'no adapter';
      return `${m.modelId} ${m.dtype} on ${m.device} (adapter ${adapter}); load ${m.loadMs.toFixed(0)} ms, warm-up ${m.warmupMs.toFixed(0)} ms`;
    }
    case 'tokens':
      return message.panels.map((p) => `panel ${p.panel + 1}: ${p.tokens.length} token(s) ${JSON.stringify(p.tokens.map((t) => t.tokenText).join(''))}`).join('; ');
    case 'tokenize':
    case 'step':
    case 'suggest':
    case 'lab':
    case 'convert':
      return `${message.type} request`;
    case 'panel_done':
      return `panel ${message.panel + 1} done: ${message.outcome.finishReason}, ${message.outcome.generatedTokens} tokens`;
    case 'lab_progress':
      return `lab ${message.dtype}: ${message.phase}`;
    case 'convert_progress':
      return `convert ${message.phase} ${message.file}: ${message.done}/${message.total}`;
    case 'lab_row':
      return `lab row ${message.row.dtype}: ${message.row.status}`;
    case 'done':
      if (message.request !== 'generate') return `${message.request} done`;
      return message.result.panels.map((p, i) => `panel ${i + 1}: ${p.finishReason}, ${p.generatedTokens} tokens`).join('; ');
    case 'error':
      return `${message.error.code} ${JSON.stringify(message.error.params)}${message.error.detail ? `: ${message.error.detail}` : ''}`;
    default:
      return exhaustiveSwitchError(message);
  }
}

function appendLogRow(entry: LogEntry): void {
  const row = logRows.insertRow();
  const type = entry.message.type;
  if (entry.direction === 'received' && (type === 'done' || type === 'error')) row.className = `received-${type}`;
  const cells = [String(entry.seq), entry.atMs.toFixed(0), entry.direction === 'sent' ? 'to worker' : 'from worker', entry.message.requestId, type, summarize(entry.message)];
  cells.forEach((text, i) => {
    const cell = row.insertCell();
    cell.textContent = text;
    if (i === cells.length - 1) cell.className = 'summary';
  });
}

/** A progress bar per file, named by the file (`role=progressbar`, accessible name = file). */
function showProgress(message: Extract<FromWorker, { type: 'load_progress' }>): void {
  let row = [...progressFiles.children].find((child): child is HTMLDivElement => child instanceof HTMLDivElement && child.dataset.file === message.file);
  if (!row) {
    row = document.createElement('div');
    row.className = 'file';
    row.dataset.file = message.file;
    const label = document.createElement('span');
    label.textContent = message.file;
    const bar = document.createElement('progress');
    bar.setAttribute('aria-label', message.file);
    const bytes = document.createElement('span');
    row.append(label, bar, bytes);
    progressFiles.append(row);
  }
  const bar = row.querySelector('progress');
  const bytes = row.querySelector('span:last-child');
  if (!bar || !bytes) return;
  if (message.done) {
    bar.max = bar.max || 1;
    bar.value = bar.max;
    bytes.textContent = `done (${bar.max} bytes)`;
  } else {
    if (message.total !== null) bar.max = message.total;
    bar.value = message.loaded;
    bytes.textContent = `${message.loaded} / ${message.total ?? '?'} bytes`;
  }
}

/** No model after a failed load (the worker frees the old one first) or a dispose. */
function showNoModel(why: string): void {
  const dt = document.createElement('dt');
  dt.textContent = 'model';
  const dd = document.createElement('dd');
  dd.textContent = `none (${why})`;
  loadedModel.replaceChildren(dt, dd);
}

function showModel(model: LoadedModel): void {
  const adapter = model.adapter.available ? `${model.adapter.vendor} / ${model.adapter.architecture}` : `none (${model.adapter.code})`;
  const rows: [string, string][] = [
    ['model', model.modelId],
    ['dtype', model.dtype],
    ['device', model.device],
    ['WebGPU adapter', adapter],
    ['context / vocabulary', `${model.contextLength} / ${model.vocabSize}`],
    ['load / warm-up', `${model.loadMs.toFixed(0)} ms / ${model.warmupMs.toFixed(0)} ms`],
  ];
  loadedModel.replaceChildren(...rows.flatMap(([term, value]) => {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value;
    return [dt, dd];
  }));
}

/** One box per panel of a generate request; its `<output>` is named "Panel N text". */
function startPanels(message: Extract<ToWorker, { type: 'generate' }>): void {
  panelsBox.replaceChildren(...message.panels.map((spec, i) => {
    const box = document.createElement('section');
    box.className = 'panel';
    box.setAttribute('aria-label', `Panel ${i + 1}`);
    const heading = document.createElement('h3');
    const s = spec.settings;
    heading.textContent = `Panel ${i + 1}: ${s.greedy ? 'greedy' : `T ${s.temperature}, top-k ${s.topK}, seed ${spec.seed}`}`;
    const text = document.createElement('output');
    text.setAttribute('aria-label', `Panel ${i + 1} text`);
    const finish = document.createElement('p');
    finish.dataset.role = 'finish';
    finish.textContent = 'running';
    box.append(heading, text, finish);
    return box;
  }));
}

function showTokens(message: Extract<FromWorker, { type: 'tokens' }>): void {
  for (const { panel, tokens } of message.panels) {
    const text = panelsBox.querySelector(`output[aria-label="Panel ${panel + 1} text"]`);
    if (text) text.textContent += tokens.map((t) => t.textDelta).join('');
  }
}

function showFinish(message: Extract<FromWorker, { type: 'done' }>): void {
  if (message.request !== 'generate') return;
  message.result.panels.forEach((p, i) => {
    const finish = panelsBox.querySelector(`section[aria-label="Panel ${i + 1}"] [data-role="finish"]`);
    if (finish) finish.textContent = `${p.finishReason} after ${p.generatedTokens} tokens`;
  });
}

function show(message: FromWorker): void {
  switch (message.type) {
    case 'load_progress':
      return showProgress(message);
    case 'ready':
      return showModel(message.model);
    case 'tokens':
      return showTokens(message);
    case 'done':
      if (kinds.get(message.requestId) === 'dispose') showNoModel('disposed');
      return showFinish(message);
    case 'error':
      if (kinds.get(message.requestId) === 'load') showNoModel(`load failed: ${message.error.code}`);
      return;
    case 'panel_done':
    case 'lab_progress':
    case 'lab_row':
    case 'convert_progress':
      return;
    default:
      return exhaustiveSwitchError(message);
  }
}

// Others edit src/ while specs run; Vite then reloads every page that imports the changed module,
// which would kill the worker and the log in the middle of a test. This page holds the reload
// back (Vite awaits these listeners before reloading); a test run sees the code it started with.
import.meta.hot?.on('vite:beforeFullReload', () => new Promise<never>(() => {}));

const worker = new Worker(new URL('/src/worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });

function send(message: ToWorker): void {
  const entry: LogEntry = { seq: log.length + 1, atMs: performance.now(), direction: 'sent', message };
  log.push(entry);
  appendLogRow(entry);
  kinds.set(message.requestId, message.type);
  if (message.type === 'load') progressFiles.replaceChildren();
  if (message.type === 'generate') startPanels(message);
  open.add(message.requestId);
  setStatus();
  worker.postMessage(message);
}

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  const entry: LogEntry = { seq: log.length + 1, atMs: performance.now(), direction: 'received', message };
  log.push(entry);
  appendLogRow(entry);
  show(message);
  if (isTerminal(message)) open.delete(message.requestId);
  setStatus();
  for (let i = triggers.length - 1; i >= 0; i--) {
    const trigger = triggers[i];
    if (trigger && trigger.requestId === message.requestId && trigger.type === message.type) {
      triggers.splice(i, 1);
      send(trigger.message);
    }
  }
  const matched = waiters.filter((w) => w.matches(message));
  waiters = waiters.filter((w) => !matched.includes(w));
  for (const w of matched) w.resolve(message);
};

function fail(text: string): void {
  failures.push(text);
  setStatus();
  for (const w of waiters) w.reject(new Error(`The engine worker failed: ${text}`));
  waiters = [];
}

// Fires when the worker's module fails to load or something throws outside the handler.
worker.onerror = (event) => {
  event.preventDefault();
  const where = event.filename ? ` (${event.filename}:${event.lineno}:${event.colno})` : '';
  fail(`${event.message || 'the worker failed to start (see the browser console)'}${where}`);
};
worker.onmessageerror = () => fail('a message from the worker could not be deserialized');

function waitUntil(matches: (message: FromWorker) => boolean): Promise<FromWorker> {
  const seen = log.find((entry) => entry.direction === 'received' && matches(entry.message));
  if (seen && seen.direction === 'received') return Promise.resolve(seen.message);
  if (failures.length > 0) return Promise.reject(new Error(`The engine worker failed: ${failures.join(' | ')}`));
  return new Promise((resolve, reject) => waiters.push({ matches, resolve, reject }));
}

(window as EngineHarnessWindow).engine = {
  send,
  sendOnFirst: (requestId, type, message) => {
    const seen = log.some((entry) => entry.direction === 'received' && entry.message.requestId === requestId && entry.message.type === type);
    if (seen) send(message);
    else triggers.push({ requestId, type, message });
  },
  waitFor: (requestId, type) => waitUntil((m) => m.requestId === requestId && m.type === type),
  waitForEnd: (requestId) => waitUntil((m) => m.requestId === requestId && isTerminal(m)),
  log: () => log,
  failures: () => failures,
};
setStatus();
