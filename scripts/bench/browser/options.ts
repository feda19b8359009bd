/**
 * Command-line options of `npm run bench:browser`, parsed and checked before anything is built or
 * launched, so a typo fails at once with a message that says what to type instead.
 */
import { parseArgs } from 'node:util';
import { GenerateError, parseDtype, parseFamily, parseSize } from '../../models/generate.ts';
import type { Dtype, Family } from '../../../src/onnx/spec.ts';
import type { Size } from '../../models/weights.ts';
import { BenchUsageError, DEFAULT_PROMPT } from '../options.ts';

export const DEFAULT_PORT = 5390;

export interface BrowserBenchOptions {
  readonly size: Size;
  readonly family: Family;
  readonly dtypes: readonly Dtype[];
  readonly backends: readonly ('wasm' | 'webgpu')[];
  /** Panel counts of the batching rows; 1 is always measured (the baseline and the generate() pair). */
  readonly panels: readonly number[];
  readonly tokens: number;
  readonly repeats: number;
  /** ONNX Runtime Web thread counts to measure; `null` is the library's default. */
  readonly threads: readonly (number | null)[];
  /** Generations in a row for the memory-drift check (0 skips it). */
  readonly memoryGenerations: number;
  readonly prompt: string;
  readonly port: number;
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
  --memory-generations N           generations in a row for the memory check (default 20; 0 skips)
  --prompt   TEXT
  --port     P                     port of vite preview (default ${DEFAULT_PORT})
  --rebuild                        build again even if .e2e-dist-bench exists
  --no-native                      skip the Node (onnxruntime-node) figures
  --layouts                        only time the weight layouts of scripts/bench/layouts.ts
  --sessions                       only time session creation under several session options
  --compress-models                let vite preview gzip model files (the behaviour before the fix)
  --help`;

function integer(flag: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new BenchUsageError(`--${flag} must be a whole number from ${min} to ${max}; got "${value}".`);
  }
  return Number(value);
}

const list = (value: string) => [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))];

/** Parses argv (without `node script`); returns `null` for `--help`. */
export function parseBrowserBenchArgs(argv: readonly string[]): BrowserBenchOptions | null {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        model: { type: 'string', default: 'gpt2-124m' },
        family: { type: 'string', default: 'gpt2' },
        dtype: { type: 'string', default: 'fp32,q8,q4' },
        backend: { type: 'string', default: 'wasm' },
        panels: { type: 'string', default: '1,2,4' },
        tokens: { type: 'string', default: '64' },
        repeats: { type: 'string', default: '3' },
        threads: { type: 'string', default: 'default' },
        'memory-generations': { type: 'string', default: '20' },
        prompt: { type: 'string', default: DEFAULT_PROMPT },
        port: { type: 'string', default: String(DEFAULT_PORT) },
        rebuild: { type: 'boolean', default: false },
        'no-native': { type: 'boolean', default: false },
        'compress-models': { type: 'boolean', default: false },
        sessions: { type: 'boolean', default: false },
        layouts: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new BenchUsageError((error as Error).message);
  }
  if (values.help) return null;
  try {
    const backends = list(values.backend).map((b) => {
      if (b !== 'wasm' && b !== 'webgpu') throw new BenchUsageError(`--backend takes wasm and/or webgpu; got "${b}".`);
      return b;
    });
    const panels = [...new Set([1, ...list(values.panels).map((p) => integer('panels', p, 1, 4))])].sort((a, b) => a - b);
    const threads = list(values.threads).map((t) => (t === 'default' ? null : integer('threads', t, 1, 64)));
    if (values.prompt.trim() === '') throw new BenchUsageError('--prompt must not be empty.');
    return {
      size: parseSize(values.model),
      family: parseFamily(values.family),
      dtypes: list(values.dtype).map(parseDtype),
      backends: backends.length ? backends : ['wasm'],
      panels,
      tokens: integer('tokens', values.tokens, 2, 1000),
      repeats: integer('repeats', values.repeats, 1, 100),
      threads: threads.length ? threads : [null],
      memoryGenerations: integer('memory-generations', values['memory-generations'], 0, 1000),
      prompt: values.prompt,
      port: integer('port', values.port, 1024, 65535),
      rebuild: values.rebuild,
      native: !values['no-native'],
      compressModels: values['compress-models'],
      sessions: values.sessions,
      layouts: values.layouts,
    };
  } catch (error) {
    if (error instanceof GenerateError) throw new BenchUsageError(error.message.replace(/^Unknown size/, 'Unknown model'));
    throw error;
  }
}
