/**
 * Messages between the browser benchmark's page (bench-page.ts) and its worker (bench.worker.ts).
 * Types only. The worker loads with the app's own loader and runs the same measurements as
 * `npm run bench` does in Node (scripts/bench/measure.ts).
 */
import type { LoadedModel } from '../../../src/worker/protocol.ts';
import type { ModelDtype } from '../../../src/engine/backend-support.ts';
import type { RunSample } from '../measure.ts';

/**
 * How a benchmark worker starts ONNX Runtime (the page says so when it starts the worker):
 * - `early`: when the worker starts (runtime-start.ts `startRuntime`), from the runtime's URL —
 *   measured, and not what the app does: after that start, a session that fails (a damaged model)
 *   fails with ONNX Runtime's "ERROR_CODE: 0" and no message, so the page cannot say "damaged";
 * - `url`: at the first session, from its URL, as the app's worker does;
 * - `bytes`: at the first session, from the `.wasm`'s bytes that transformers.js fetches and keeps
 *   in Cache Storage (the library's default, used before issue 13).
 */
export type RuntimeStart = 'early' | 'url' | 'bytes';

/**
 * How a benchmark worker hands a model's weights to ONNX Runtime:
 * - `once`: as the app's worker does (src/worker/weights-once.ts), the file's bytes offered as its
 *   own external data behind a small ModelProto, so each tensor is copied once, into its place;
 * - `copy`: the library's way, the whole file copied into the WebAssembly heap and parsed there.
 */
export type WeightsHandover = 'once' | 'copy';

/**
 * Which positions' logits the model computes, for a model that takes `num_logits_to_keep`:
 * - `last`: only the last, as the app's loop and transformers.js's `generate()` ask;
 * - `all`: every position, as before the generated models took that input (the baseline); for our
 *   loop only: `generate()` always asks for the last position and drops the input if it is given.
 */
export type LogitsKept = 'last' | 'all';

/**
 * Whether ONNX Runtime's intra-op thread pool spins while it waits for work:
 * - `on`: the runtime's default, as the app's sessions are created;
 * - `off`: the pool's threads block instead (`session.intra_op.allow_spinning` 0).
 * With one thread there is no pool, and the two are the same.
 */
export type PoolSpinning = 'on' | 'off';

/** What a fresh worker is told when it starts (the page passes it as the worker's name). */
export interface WorkerStart {
  /** `null`: ONNX Runtime is started by whatever the worker does first (the experiments). */
  readonly runtime: RuntimeStart | null;
  /** ONNX Runtime Web's thread count; `null` keeps the library's default. Fixed once the runtime starts. */
  readonly numThreads: number | null;
  /** `null`: the app's way (`once`). */
  readonly weights?: WeightsHandover | null;
  /** `null`: the app's way (`last`). */
  readonly logits?: LogitsKept | null;
  /** `null`: the app's way (`on`). */
  readonly spinning?: PoolSpinning | null;
}

/** One timed run: our loop with 1–4 mixed panels, or transformers.js's greedy `generate()`. */
export interface RunConfig {
  readonly kind: 'ours' | 'generate';
  readonly panels: number;
  readonly tokens: number;
  /**
   * Collect the worker's JS garbage after the run (the memory check), so its samples show what is
   * kept, not what a major GC has yet to free. Needs Chromium's `--js-flags=--expose-gc`.
   */
  readonly collectGarbage?: boolean;
}

export type ToBenchWorker =
  | {
      readonly type: 'load';
      readonly modelId: string;
      readonly dtype: ModelDtype;
      readonly device: 'wasm' | 'webgpu';
      /** ONNX Runtime Web's thread count; `null` keeps the library's default. */
      readonly numThreads: number | null;
    }
  | { readonly type: 'run'; readonly config: RunConfig; readonly prompt: string }
  /**
   * Times ONNX Runtime Web's session creation alone on the model file's bytes (read once, outside
   * the clock) under each of `variants`, to see what graph optimisation and prepacking cost.
   */
  | { readonly type: 'sessions'; readonly url: string; readonly variants: readonly SessionVariant[] }
  /** Times single-token runs of a weight-layout graph (scripts/bench/layouts.ts): input `x` [1, 1, 768]. */
  | { readonly type: 'layout'; readonly url: string; readonly runs: number; readonly numThreads: number | null; readonly config?: Readonly<Record<string, string>> }
  | { readonly type: 'dispose' };

/** Session options to try (ONNX Runtime's `SessionOptions`, the subset the experiment varies). */
export interface SessionVariant {
  readonly label: string;
  readonly graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  readonly enableCpuMemArena?: boolean;
  /** ONNX Runtime session config entries, e.g. `session.disable_prepacking`. */
  readonly config?: Readonly<Record<string, string>>;
}

export interface SessionTiming {
  readonly label: string;
  readonly createMs: number;
  /** One single-token forward pass right after, to see whether a cheaper creation costs speed. */
  readonly firstRunMs: number;
}

/** One file the load read, from the network or from Cache Storage. */
export interface FileTiming {
  readonly url: string;
  readonly source: 'network' | 'cache';
  /** From the request to the response's headers (or the cache lookup's answer). */
  readonly headersMs: number;
  /** From the headers to the last byte read out of the body by transformers.js. */
  readonly bodyMs: number;
  /** When the body was fully read, ms after the load started. */
  readonly bodyEndAtMs: number;
  readonly bytes: number;
  readonly chunks: number;
  /** The response's Content-Length; without it transformers.js grows its buffer chunk by chunk. */
  readonly contentLength: number | null;
  readonly contentEncoding: string | null;
  /** Cache Storage `put` of this file after the read; null when not stored. */
  readonly cachePutMs: number | null;
  /** When the put ended, ms after the load started. */
  readonly cachePutEndAtMs: number | null;
}

/** Where the load's time went. */
export interface LoadBreakdown {
  /** From the request to a model ready to generate, warm-up included. */
  readonly totalMs: number;
  /** `loadSession` before the warm-up (the app's `loadMs`). */
  readonly loadMs: number;
  readonly warmupMs: number;
  /** After `loadSession`, waiting for the files still being written to Cache Storage (part of `totalMs`). */
  readonly storeWaitMs: number;
  readonly files: readonly FileTiming[];
  /** Cache Storage lookups (hits and misses), summed. */
  readonly cacheMatchMs: number;
  /** Fetching (or reading from the cache) ONNX Runtime's .wasm and .mjs, and storing them. */
  readonly runtimeFilesMs: number;
  /**
   * From the end of the model file's and the runtime's reads (their cache puts run alongside) to the model
   * object: compiling ONNX Runtime's WebAssembly, and creating the session (copy into wasm memory,
   * graph optimisation, kernel setup).
   */
  readonly sessionMs: number | null;
  /**
   * Compiling ONNX Runtime's .wasm alone (`WebAssembly.compile` of its bytes, after the load, not
   * part of `totalMs`): the share of `sessionMs` that is the runtime's compilation, not the model.
   */
  readonly wasmCompileMs: number;
  readonly crossOriginIsolated: boolean;
  readonly hardwareConcurrency: number;
  /** ONNX Runtime Web's thread count after the load (what it picked, or what we set). */
  readonly numThreads: number | null;
  readonly proxy: boolean | null;
}

export type FromBenchWorker =
  | { readonly type: 'loaded'; readonly info: LoadedModel; readonly breakdown: LoadBreakdown }
  | { readonly type: 'ran'; readonly sample: RunSample }
  | { readonly type: 'disposed' }
  | { readonly type: 'sessions'; readonly timings: readonly SessionTiming[] }
  | { readonly type: 'layout'; readonly createMs: number; readonly runMs: readonly number[] }
  | { readonly type: 'error'; readonly message: string };
