/**
 * The worker's logic, apart from the Worker itself so tests can drive it with a fake `post`.
 * Load, generate and dispose run one at a time; a new one first cancels a running generation.
 * Stop acts at once. Every request ends with exactly one `done` or `error`, and no error leaves the
 * worker unable to load again.
 */
import { decodeBatch, type GeneratedToken, type PanelReport } from '../engine/decode-loop.ts';
import { toWorkerError, WorkerError, type ErrorContext } from './errors.ts';
import { fileProgressReporter } from './file-progress.ts';
import { textCodec } from './text-codec.ts';
import type { GpuProbe } from './gpu-probe.ts';
import type { LoadedSession, FileProgress } from './model-loader.ts';
import type { StorageOutcome } from './recording-cache.ts';
import { runLab } from './lab-runner.ts';
import { exhaustiveSwitchError, type FromWorker, type GenerateRequest, type LoadRequest, type PanelOutcome, type RequestId, type TokenSnapshot, type ToWorker } from './protocol.ts';
import { runStep } from './step-runner.ts';
import { runSuggest } from './suggest-runner.ts';

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
  /** What the browser's storage did with the files since the last call. Absent where there is none. */
  takeStorageOutcome?(): StorageOutcome;
}

/** A panel's report as it crosses the boundary: its token ids went out in the streamed snapshots. */
function panelOutcome(report: PanelReport): PanelOutcome {
  return {
    finishReason: report.finishReason,
    generatedTokens: report.tokenIds.length,
    text: report.text,
    timeToFirstTokenMs: report.timeToFirstTokenMs,
    decodeTokensPerSecond: report.decodeTokensPerSecond,
  };
}

/** Tokens are flushed at most this often, so a fast model does not send a message per token. */
export const TOKEN_FLUSH_MS = 50;

/** Work in progress that a stop, or the next exclusive request, ends. */
export interface Running {
  readonly requestId: RequestId;
  /** Marks panels (all when `panel` is null) to stop before their next step. */
  stop(panel: number | null, reason: 'stopped' | 'cancelled'): void;
}

/** What a teaching mode's request runner gets from the handler (see step-runner.ts and the others). */
export interface ModeContext {
  readonly deps: HandlerDeps;
  post(message: FromWorker): void;
  /** The model the playground loaded, or null. */
  session(): LoadedSession | null;
  /**
   * Makes `work` the running request: a stop aimed at it, or the next exclusive request, calls
   * its `stop`. Returns the function that unregisters it (call it in a `finally`).
   */
  track(work: Running): () => void;
  /** Posts the request's terminal error, with a message a person can act on. */
  fail(requestId: RequestId, error: unknown, context?: ErrorContext): void;
}

export function createHandler(deps: HandlerDeps, post: (message: FromWorker) => void): (message: ToWorker) => Promise<void> {
  let session: LoadedSession | null = null;
  let running: Running | null = null;
  /** Requests waiting in the queue, and those of them stopped (whole) there: they stop as they start. */
  const queued = new Set<RequestId>();
  const stoppedBeforeStart = new Set<RequestId>();
  let queue: Promise<void> = Promise.resolve();

  /** Makes `work` the running request; one already stopped while queued stops at once. */
  const start = (work: Running): void => {
    running = work;
    if (stoppedBeforeStart.delete(work.requestId)) work.stop(null, 'stopped');
  };

  /** Runs `work` after the previous exclusive operation; cancels a running generation first. */
  const exclusive = (requestId: RequestId, work: () => Promise<void>): Promise<void> => {
    running?.stop(null, 'cancelled');
    queued.add(requestId);
    const next = queue.then(async () => {
      queued.delete(requestId);
      try {
        await work();
      } finally {
        stoppedBeforeStart.delete(requestId);
      }
    });
    queue = next.catch(() => undefined);
    return next;
  };

  const fail = (requestId: RequestId, error: unknown, context: ErrorContext = {}) =>
    post({ type: 'error', requestId, error: toWorkerError(error, context) });

  async function disposeSession(): Promise<void> {
    const old = session;
    session = null;
    if (old) {
      await old.lm.release();
      await old.model.dispose();
    }
  }

  async function load(request: LoadRequest): Promise<void> {
    const context = { modelId: request.modelId, dtype: request.dtype, device: request.device, offline: request.offline ?? false };
    // transformers.js may go on reading files after a failure; nothing follows the terminal message.
    let ended = false;
    try {
      // Free the old model (and its GPU buffers) before the new one takes memory.
      await disposeSession();
      const progress = fileProgressReporter(deps.now, (p) => {
        if (!ended) post({ type: 'load_progress', requestId: request.requestId, ...p });
      });
      const probe = await deps.probeGpu();
      deps.takeStorageOutcome?.();
      session = await deps.loadSession(request, probe, progress.onProgress, deps.now);
      ended = true;
      const outcome = deps.takeStorageOutcome?.() ?? session.info.storage;
      // A folder from disk is never copied into the browser: there is nothing stored to report.
      const storage = request.diskFiles ? 'not_cached' : outcome;
      post({ type: 'ready', requestId: request.requestId, model: { ...session.info, storage } });
      post({ type: 'done', requestId: request.requestId, request: 'load' });
    } catch (error) {
      ended = true;
      const info = toWorkerError(error, context);
      if (info.code === 'corrupt_model') await deps.forgetModelFiles?.(request.modelId);
      post({ type: 'error', requestId: request.requestId, error: info });
    }
  }

  async function generate(request: GenerateRequest): Promise<void> {
    const current = session;
    if (!current) {
      fail(request.requestId, new WorkerError('no_model_loaded', 'No model is loaded. Load a model first, then generate.'));
      return;
    }
    const stops = new Map<number, 'stopped' | 'cancelled'>();
    const me: Running = {
      requestId: request.requestId,
      stop: (panel, reason) => {
        for (let i = 0; i < request.panels.length; i++) {
          if ((panel === null || panel === i) && !stops.has(i)) stops.set(i, reason);
        }
      },
    };
    start(me);
    const buffered = new Map<number, TokenSnapshot[]>();
    let lastFlush = deps.now();
    const flush = () => {
      if (buffered.size === 0) return;
      post({ type: 'tokens', requestId: request.requestId, panels: [...buffered].map(([panel, tokens]) => ({ panel, tokens })) });
      buffered.clear();
      lastFlush = deps.now();
    };
    try {
      const { tokenizer, lm } = current;
      const decoder = textCodec(tokenizer);
      const promptIds = decoder.encode(request.prompt);
      const report = await decodeBatch(lm, decoder, promptIds, request.panels, {
        stopReason: (panel) => stops.get(panel) ?? null,
        yieldToHost: async () => {
          if (deps.now() - lastFlush >= TOKEN_FLUSH_MS) flush();
          await deps.yieldToHost();
        },
        onToken: (panel: number, token: GeneratedToken) => {
          const list = buffered.get(panel) ?? [];
          list.push({
            index: token.index,
            step: token.step,
            tokenText: token.tokenText,
            textDelta: token.textDelta,
            atMs: token.atMs,
            candidateTexts: token.step.topCandidates.map((c) => decoder.decode([c.id])),
          });
          buffered.set(panel, list);
        },
        onPanelFinish: (panel, panelReport) => {
          // Its last tokens first, so the page never shows a finished panel short of its text.
          flush();
          post({ type: 'panel_done', requestId: request.requestId, panel, outcome: panelOutcome(panelReport) });
        },
        now: deps.now,
      });
      flush();
      const { panels, ...timings } = report;
      post({
        type: 'done',
        requestId: request.requestId,
        request: 'generate',
        result: {
          ...timings,
          promptTokenTexts: report.promptIds.map((id) => decoder.decode([id])),
          panels: panels.map(panelOutcome),
        },
      });
    } catch (error) {
      flush();
      fail(request.requestId, error, { modelId: current.info.modelId, dtype: current.info.dtype, device: current.info.device });
    } finally {
      if (running === me) running = null;
    }
  }

  const modeContext: ModeContext = {
    deps,
    post,
    session: () => session,
    track(work) {
      start(work);
      return () => {
        if (running === work) running = null;
      };
    },
    fail,
  };

  async function tokenize(requestId: RequestId, text: string): Promise<void> {
    const current = session;
    if (!current) {
      fail(requestId, new WorkerError('no_model_loaded', 'No model is loaded. Load a model first.'));
      return;
    }
    try {
      const codec = textCodec(current.tokenizer);
      const ids = codec.encode(text);
      const texts = ids.map((id) => codec.decode([id]));
      post({ type: 'done', requestId, request: 'tokenize', result: { ids, texts } });
    } catch (error) {
      fail(requestId, error);
    }
  }

  return async (message: ToWorker) => {
    switch (message.type) {
      case 'tokenize':
        return exclusive(message.requestId, () => tokenize(message.requestId, message.text));
      case 'step':
        return exclusive(message.requestId, () => runStep(modeContext, message));
      case 'suggest':
        return exclusive(message.requestId, () => runSuggest(modeContext, message));
      case 'lab':
        return exclusive(message.requestId, () => runLab(modeContext, message));
      case 'load':
        return exclusive(message.requestId, () => load(message));
      case 'generate':
        return exclusive(message.requestId, () => generate(message));
      case 'dispose':
        return exclusive(message.requestId, async () => {
          try {
            await disposeSession();
            post({ type: 'done', requestId: message.requestId, request: 'dispose' });
          } catch (error) {
            fail(message.requestId, error);
          }
        });
      case 'stop':
        // Acts at once (not queued): the generation sees it before its next step.
        if (running?.requestId === message.target) running.stop(message.panel, 'stopped');
        // Not running yet (queued behind another request): it is stopped as soon as it starts.
        else if (message.panel === null && queued.has(message.target)) stoppedBeforeStart.add(message.target);
        post({ type: 'done', requestId: message.requestId, request: 'stop' });
        return;
      default:
        return exhaustiveSwitchError(message);
    }
  };
}
