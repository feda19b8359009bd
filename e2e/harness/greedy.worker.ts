/// <reference lib="webworker" />
/**
 * Test-only worker (not part of the app bundle): loads a generated model with transformers.js on
 * the device it is asked for, decodes greedily, reports the token ids and what it ran on, and
 * disposes the model. One worker per run, so a WebGPU device made by one run cannot leak into the
 * next, and the page can compare runs on `wasm` and `webgpu`.
 */
import { exhaustiveSwitchError } from '../../src/engine/exhaustive.ts';
import { AutoModelForCausalLM, AutoTokenizer, env, Tensor, TextStreamer } from '@huggingface/transformers';

/** The generated test models, under `public/models/`. */
export type HarnessModelId = 'local/gpt2-tiny' | 'local/gpt-neo-tiny';
/** The transformers.js devices this harness compares. */
export type HarnessDevice = 'wasm' | 'webgpu';

export type GreedyOptions = {
  readonly modelId: HarnessModelId;
  readonly device: HarnessDevice;
  readonly prompt: string;
  readonly maxNewTokens: number;
  /** Weight format (file `onnx/model{,_fp16,_quantized,_q4}.onnx`); default fp32. */
  readonly dtype?: 'fp32' | 'fp16' | 'q8' | 'q4';
  /** ORT's session log level, 0 (verbose: node placements) to 4 (fatal); default: transformers.js's. */
  readonly ortLogSeverity?: 0 | 1 | 2 | 3 | 4;
};

/** What one WebGPU adapter says about itself; null where there is none. */
export type AdapterSummary = { readonly vendor: string; readonly architecture: string; readonly description: string } | null;

/**
 * Nodes ONNX Runtime placed on one execution provider, read from its verbose session log.
 * `opCounts` is empty when ORT only says "All nodes placed on …" (one provider, no list).
 */
export type NodePlacement = {
  readonly provider: string;
  readonly nodeCount: number;
  readonly opCounts: Readonly<Record<string, number>>;
};

/** Evidence, gathered inside the worker, of where the model really ran. */
export type BackendEvidence = {
  /** What transformers.js recorded on the session it created (`session.config.device`). */
  readonly sessionDevice: string;
  /** The adapter behind the GPUDevice ONNX Runtime made (`env.webgpu.device.adapterInfo`); null: ORT made none. */
  readonly ortWebGpuAdapter: AdapterSummary;
  /** Where the KV cache tensors of the last step live: `gpu-buffer` on WebGPU, `cpu` on WebAssembly. */
  readonly kvCacheLocations: readonly string[];
  /** The adapter this worker gets when it asks `navigator.gpu` itself, whatever the device. */
  readonly adapterSeenByWorker: AdapterSummary;
  readonly crossOriginIsolated: boolean;
  readonly wasmNumThreads: number | null;
  /** ORT's `env.wasm.wasmPaths` after loading; with `env.useWasmCache` the mjs becomes a blob: URL. */
  readonly wasmPaths: unknown;
  /** ORT's node placements; null unless `ortLogSeverity` was 0 (verbose). */
  readonly nodePlacements: readonly NodePlacement[] | null;
  /** What transformers.js and ORT wrote to the console, less ORT's verbose and info lines. */
  readonly log: readonly string[];
};

export type Milliseconds = number;

export type GreedyTimings = {
  readonly loadMs: Milliseconds;
  readonly generateMs: Milliseconds;
  /** From the start of `generate()` to the first new token: the prefill plus one step. */
  readonly firstTokenMs: Milliseconds;
  /** Mean time of each token after the first. */
  readonly msPerLaterToken: Milliseconds | null;
};

export type GreedyRun = {
  readonly options: GreedyOptions;
  readonly promptIds: readonly number[];
  readonly generatedIds: readonly number[];
  /** The new tokens decoded on their own, special tokens kept. */
  readonly generatedText: string;
  readonly timings: GreedyTimings;
  readonly backend: BackendEvidence;
};

export type HarnessError = { readonly name: string; readonly message: string; readonly stack: string | null };

export type ToHarnessWorker = { readonly type: 'run'; readonly requestId: number; readonly options: GreedyOptions };
export type FromHarnessWorker =
  | { readonly type: 'done'; readonly requestId: number; readonly run: GreedyRun }
  | { readonly type: 'error'; readonly requestId: number; readonly error: HarnessError };

/** ONNX Runtime is served by our own dev server (scripts/vite/ort-assets.ts); never from a CDN. */
const ORT_WASM_PATHS = {
  mjs: '/ort/ort-wasm-simd-threaded.asyncify.mjs',
  wasm: '/ort/ort-wasm-simd-threaded.asyncify.wasm',
} as const;

env.allowLocalModels = true;
env.allowRemoteModels = false;
env.localModelPath = '/models/';
const onnxEnv = env.backends.onnx;
if (!onnxEnv.wasm) throw new Error('transformers.js exposes no ONNX Runtime wasm settings (env.backends.onnx.wasm).');
// transformers.js set a jsDelivr URL here when it was imported; this must replace it before any
// session exists. With env.useWasmCache (default) it then fetches these URLs itself.
onnxEnv.wasm.wasmPaths = { ...ORT_WASM_PATHS };

/** ORT's own severity tag in a log line: `[V:onnxruntime:…` verbose, `[I:…` info, `[W:…`, `[E:…`. */
const ORT_CHATTER = /\[[VI]:onnxruntime:/;
// eslint-disable-next-line no-control-regex -- matching the escape character is the point.
const ANSI_ESCAPE = /\x1b\[[0-9;]*m/g;
/** One worker serves one run, so everything logged here belongs to that run. */
const consoleLines: string[] = [];
for (const level of ['log', 'info', 'warn', 'error'] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    // ORT colours its lines with ANSI escapes; the run reports plain text.
    const line = `${level}: ${args.map(String).join(' ')}`.replace(ANSI_ESCAPE, '');
    consoleLines.push(line);
    // ORT's verbose log is hundreds of lines per session; the run reports what matters in it.
    if (!ORT_CHATTER.test(line)) original(...args);
  };
}

const PLACEMENT_HEADER = /(?:All nodes|Node\(s\)) placed on \[(\w+)\]\. Number of nodes: (\d+)/;
/** A node line under a header: `VerifyEachNodeIsAssignedToAnEp]   MatMul (transformer.h.0.attn.c_attn)`. */
const PLACED_NODE = /VerifyEachNodeIsAssignedToAnEp\]\s+(\w+) \(/;

function parseNodePlacements(lines: readonly string[]): NodePlacement[] | null {
  const placements: { provider: string; nodeCount: number; opCounts: Record<string, number> }[] = [];
  for (const line of lines) {
    const header = PLACEMENT_HEADER.exec(line);
    if (header) {
      placements.push({ provider: header[1] ?? '', nodeCount: Number(header[2]), opCounts: {} });
      continue;
    }
    const node = PLACED_NODE.exec(line);
    const current = placements.at(-1);
    if (node?.[1] && current) current.opCounts[node[1]] = (current.opCounts[node[1]] ?? 0) + 1;
  }
  return placements.length > 0 ? placements : null;
}

/** What `generate()` returns with `return_dict_in_generate` (its typings only say `ModelOutput`). */
type GenerateDict = { sequences: Tensor; past_key_values: Record<string, unknown> & { dispose?: () => Promise<void> } };

function isGenerateDict(output: unknown): output is GenerateDict {
  return typeof output === 'object' && output !== null && 'sequences' in output && output.sequences instanceof Tensor;
}

function summarizeAdapterInfo(info: GPUAdapterInfo | undefined): AdapterSummary {
  return info ? { vendor: info.vendor, architecture: info.architecture, description: info.description } : null;
}

async function adapterSeenByWorker(): Promise<AdapterSummary> {
  const adapter = await navigator.gpu?.requestAdapter();
  return summarizeAdapterInfo(adapter?.info);
}

/** The GPUDevice ONNX Runtime created for its WebGPU EP, if it created one in this worker. */
async function ortWebGpuAdapter(): Promise<AdapterSummary> {
  // ORT's typings say Promise<GPUDevice>; the WebGPU EP build assigns the device itself.
  const device: GPUDevice | undefined = await onnxEnv.webgpu?.device;
  return summarizeAdapterInfo(device?.adapterInfo);
}

function toNumbers(values: ArrayLike<bigint | number>): number[] {
  return Array.from(values, (value) => Number(value));
}

async function runGreedy(options: GreedyOptions): Promise<GreedyRun> {
  const loadStart = performance.now();
  const tokenizer = await AutoTokenizer.from_pretrained(options.modelId);
  const model = await AutoModelForCausalLM.from_pretrained(options.modelId, {
    device: options.device,
    dtype: options.dtype ?? 'fp32',
    ...(options.ortLogSeverity === undefined ? {} : { session_options: { logSeverityLevel: options.ortLogSeverity } }),
  });
  const loadMs = performance.now() - loadStart;
  try {
    const { input_ids, attention_mask } = tokenizer(options.prompt);
    const tokenTimes: number[] = [];
    const streamer = new TextStreamer(tokenizer, {
      skip_prompt: true,
      callback_function: () => {},
      token_callback_function: () => tokenTimes.push(performance.now()),
    });
    const generateStart = performance.now();
    // return_dict_in_generate keeps the KV cache alive, so we can see where its tensors live.
    const output = await model.generate({
      input_ids,
      attention_mask,
      max_new_tokens: options.maxNewTokens,
      do_sample: false,
      streamer,
      return_dict_in_generate: true,
    });
    const generateEnd = performance.now();
    if (!isGenerateDict(output)) throw new Error('generate() with return_dict_in_generate returned no `sequences` tensor.');
    const cache = output.past_key_values;
    const kvCacheLocations = [
      ...new Set(Object.values(cache).flatMap((value) => (value instanceof Tensor ? [value.location] : []))),
    ].sort();
    await cache.dispose?.();

    const promptIds = toNumbers(input_ids.data as BigInt64Array);
    const sequence = toNumbers(output.sequences.data as BigInt64Array);
    const generatedIds = sequence.slice(promptIds.length);
    const [firstTokenAt, ...laterTokenAt] = tokenTimes;
    const lastTokenAt = laterTokenAt.at(-1);
    const sessions = (model as unknown as { sessions: Record<string, { config?: { device?: string } }> }).sessions;

    return {
      options,
      promptIds,
      generatedIds,
      generatedText: tokenizer.decode(generatedIds, { skip_special_tokens: false }),
      timings: {
        loadMs,
        generateMs: generateEnd - generateStart,
        firstTokenMs: (firstTokenAt ?? generateEnd) - generateStart,
        msPerLaterToken:
          firstTokenAt !== undefined && lastTokenAt !== undefined
            ? (lastTokenAt - firstTokenAt) / laterTokenAt.length
            : null,
      },
      backend: {
        sessionDevice: sessions.model?.config?.device ?? 'unknown',
        ortWebGpuAdapter: await ortWebGpuAdapter(),
        kvCacheLocations,
        adapterSeenByWorker: await adapterSeenByWorker(),
        crossOriginIsolated: self.crossOriginIsolated,
        wasmNumThreads: onnxEnv.wasm?.numThreads ?? null,
        wasmPaths: onnxEnv.wasm?.wasmPaths ?? null,
        nodePlacements: parseNodePlacements(consoleLines),
        log: consoleLines.filter((line) => !ORT_CHATTER.test(line)),
      },
    };
  } finally {
    await model.dispose();
  }
}

function toHarnessError(error: unknown): HarnessError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack ?? null };
  return { name: 'NonError', message: String(error), stack: null };
}

self.onmessage = async (event: MessageEvent<ToHarnessWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'run': {
      let reply: FromHarnessWorker;
      try {
        reply = { type: 'done', requestId: message.requestId, run: await runGreedy(message.options) };
      } catch (error) {
        reply = { type: 'error', requestId: message.requestId, error: toHarnessError(error) };
      }
      self.postMessage(reply);
      break;
    }
    default:
      exhaustiveSwitchError(message.type);
  }
};
