/**
 * Command-line options of `npm run bench:browser`, parsed and checked before anything is built or
 * launched, so a typo fails at once with a message that says what to type instead.
 */
import { BenchUsageError, choices, integer, list, parseCommandLine, type BenchOptions } from '../options.ts';
import type { LogitsKept, PoolSpinning, RuntimeStart, WeightsHandover } from './protocol.ts';

export const DEFAULT_PORT = 5390;

export const DEFAULT_DIST = '.e2e-dist-bench';

/** A build folder the checkout ignores (`.e2e-dist*`): the build empties it first. */
function distFolder(value: string): string {
  if (!/^\.e2e-dist[\w-]*$/.test(value)) throw new BenchUsageError(`--dist must be a folder name starting with .e2e-dist (git ignores those; the build empties it); got "${value}".`);
  return value;
}

/** Every way of starting ONNX Runtime `--runtime` takes; `url` is the app's. */
export const RUNTIME_STARTS: readonly RuntimeStart[] = ['early', 'url', 'bytes'];

/** Every way of handing over the weights `--weights` takes; `once` is the app's. */
export const WEIGHTS_HANDOVERS: readonly WeightsHandover[] = ['once', 'copy'];

/** Every choice `--logits` takes; `last` is the app's. */
export const LOGITS_KEPT: readonly LogitsKept[] = ['last', 'all'];

/** Every choice `--spinning` takes; `on` is the app's (the runtime's default). */
export const POOL_SPINNING: readonly PoolSpinning[] = ['on', 'off'];

export interface BrowserBenchOptions extends BenchOptions {
  readonly backends: readonly ('wasm' | 'webgpu')[];
  /** Panel counts of the batching rows; 1 is always measured (the baseline and the generate() pair). */
  readonly panels: readonly number[];
  /** ONNX Runtime Web thread counts to measure; `null` is the library's default. */
  readonly threads: readonly (number | null)[];
  /** How the worker starts ONNX Runtime (protocol.ts `RuntimeStart`); each is measured. */
  readonly runtimes: readonly RuntimeStart[];
  /** How the worker hands the weights to ONNX Runtime (protocol.ts `WeightsHandover`); each is measured. */
  readonly weights: readonly WeightsHandover[];
  /** Which positions' logits the model computes (protocol.ts `LogitsKept`); each is measured. */
  readonly logits: readonly LogitsKept[];
  /** Whether the runtime's thread pool spins while it waits (protocol.ts `PoolSpinning`); each is measured. */
  readonly spinning: readonly PoolSpinning[];
  /** ms between starting a load's worker and asking it to load (the app's worker starts with the page). */
  readonly headStartMs: number;
  /** Generations in a row for the memory-drift check (0 skips it). */
  readonly memoryGenerations: number;
  readonly port: number;
  /** The build folder (git-ignored, `.e2e-dist*`), so two runs on one machine need not share one. */
  readonly dist: string;
  /** Build again even when the benchmark's build folder exists. */
  readonly rebuild: boolean;
  /** Run `npm run bench` in Node for the native figures. */
  readonly native: boolean;
  /** Only time ONNX Runtime Web's session creation under several session options, per dtype. */
  readonly sessions: boolean;
  /** Only time the weight-layout graphs of scripts/bench/layouts.ts (written by it into the build). */
  readonly layouts: boolean;
  /** Let `vite preview` gzip the model files, as it did before the fix (to measure the difference). */
  readonly compressModels: boolean;
}

export const BROWSER_USAGE = `Usage: npm run bench:browser -- [options]
  --model    gpt2-124m | tiny      model size (default gpt2-124m; generated if missing)
  --family   gpt2 | gpt_neo        model family (default gpt2)
  --dtype    fp32,q8,q4            weight formats (default fp32,q8,q4)
  --backend  wasm[,webgpu]         ONNX Runtime Web backends (default wasm)
  --panels   1,2,4                 panel counts of the batching rows (default 1,2,4)
  --tokens   N                     new tokens per panel (default 64)
  --repeats  R                     measured rounds; medians are reported (default 3)
  --threads  default,1,2           ONNX Runtime Web thread counts to compare (default: default)
  --runtime  early,url,bytes       how the worker starts ONNX Runtime, each measured (default url, the app's):
                                   early = at worker start, from its URL; url = at the first session, from
                                   its URL; bytes = at the first session, from bytes kept in Cache Storage
  --weights  once,copy             how the weights reach ONNX Runtime, each measured (default once, the app's):
                                   once = the file's bytes as their own external data (weights-once.ts);
                                   copy = the whole file copied into the WebAssembly heap (the library's way)
  --logits   last,all             positions whose logits the model computes, each measured (default last, the
                                   app's): last = num_logits_to_keep 1; all = every position, our loop only (the baseline)
  --spinning on,off                whether ONNX Runtime's thread pool spins while it waits for work, each
                                   measured (default on, the runtime's and the app's; off = its threads block)
  --head-start MS                  ms from a worker's start to its load request (default 300)
  --memory-generations N           generations in a row for the memory check (default 20; 0 skips)
  --prompt   TEXT
  --port     P                     port of vite preview (default ${DEFAULT_PORT})
  --dist     DIR                   build folder, .e2e-dist… (default ${DEFAULT_DIST})
  --rebuild                        build again even if the build folder exists
  --no-native                      skip the Node (onnxruntime-node) figures
  --layouts                        only time the weight layouts of scripts/bench/layouts.ts
  --sessions                       only time session creation under several session options
  --compress-models                let vite preview gzip model files (the behaviour before the fix)
  --help`;

/** Parses argv (without `node script`); returns `null` for `--help`. */
export function parseBrowserBenchArgs(argv: readonly string[]): BrowserBenchOptions | null {
  const flags = {
    backend: { type: 'string', default: 'wasm' },
    panels: { type: 'string', default: '1,2,4' },
    threads: { type: 'string', default: 'default' },
    runtime: { type: 'string', default: 'url' },
    weights: { type: 'string', default: 'once' },
    logits: { type: 'string', default: 'last' },
    spinning: { type: 'string', default: 'on' },
    'head-start': { type: 'string', default: '300' },
    'memory-generations': { type: 'string', default: '20' },
    port: { type: 'string', default: String(DEFAULT_PORT) },
    dist: { type: 'string', default: DEFAULT_DIST },
    rebuild: { type: 'boolean', default: false },
    'no-native': { type: 'boolean', default: false },
    'compress-models': { type: 'boolean', default: false },
    sessions: { type: 'boolean', default: false },
    layouts: { type: 'boolean', default: false },
  } as const;
  return parseCommandLine(argv, { dtype: 'fp32,q8,q4', tokens: 64, repeats: 3, minTokens: 2 }, flags, (shared, values) => {
    const backends = list(values.backend).map((b) => {
      if (b !== 'wasm' && b !== 'webgpu') throw new BenchUsageError(`--backend takes wasm and/or webgpu; got "${b}".`);
      return b;
    });
    const runtimes = choices('runtime', values.runtime, RUNTIME_STARTS);
    const weights = choices('weights', values.weights, WEIGHTS_HANDOVERS);
    const logits = choices('logits', values.logits, LOGITS_KEPT);
    const spinning = choices('spinning', values.spinning, POOL_SPINNING);
    const panels = [...new Set([1, ...list(values.panels).map((p) => integer('panels', p, 1, 4))])].sort((a, b) => a - b);
    const threads = list(values.threads).map((t) => (t === 'default' ? null : integer('threads', t, 1, 64)));
    return {
      ...shared,
      backends: backends.length ? backends : ['wasm'],
      panels,
      threads: threads.length ? threads : [null],
      runtimes: runtimes.length ? runtimes : ['url'],
      weights: weights.length ? weights : ['once'],
      logits: logits.length ? logits : ['last'],
      spinning: spinning.length ? spinning : ['on'],
      headStartMs: integer('head-start', values['head-start'], 0, 60_000),
      memoryGenerations: integer('memory-generations', values['memory-generations'], 0, 1000),
      port: integer('port', values.port, 1024, 65535),
      dist: distFolder(values.dist),
      rebuild: values.rebuild,
      native: !values['no-native'],
      compressModels: values['compress-models'],
      sessions: values.sessions,
      layouts: values.layouts,
    };
  });
}
