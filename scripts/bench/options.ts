/**
 * Command-line options of `npm run bench`, parsed and validated without touching the model, so a
 * typo fails in milliseconds with a message that says what to type instead.
 */
import { parseArgs } from 'node:util';
import { GenerateError, parseDtype, parseFamily, parseSize } from '../models/generate.ts';
import type { Dtype, Family } from '../../src/onnx/spec.ts';
import type { Size } from '../models/weights.ts';

export const DEFAULT_PROMPT = 'The old lighthouse keeper climbed the stairs one last time, counting each step as the storm rolled in from the sea, and';
export const DEFAULT_TOKENS = 64;
/**
 * 5, not 3: on a shared 2-core machine one run in three is often slowed by other work, and a median
 * of 5 survives two such runs. A full default run (gpt2-124m q8) still takes about a minute.
 */
export const DEFAULT_REPEATS = 5;

export interface BenchOptions {
  readonly size: Size;
  readonly family: Family;
  /** Benchmarked one after another, each in its own table. */
  readonly dtypes: readonly Dtype[];
  /** New tokens per panel per run. */
  readonly tokens: number;
  /** Measured runs per configuration, after one warm-up run; the tables report the median. */
  readonly repeats: number;
  readonly prompt: string;
}

export const USAGE = `Usage: npx tsx scripts/bench/bench.ts [options]
  --model   gpt2-124m | tiny     model size (default gpt2-124m; generated if missing)
  --family  gpt2 | gpt_neo       model family (default gpt2)
  --dtype   q8[,fp32,...]        weight formats to bench, one table each (default q8)
  --tokens  N                    new tokens per panel (default ${DEFAULT_TOKENS})
  --repeats R                    measured runs per configuration; the median is reported (default ${DEFAULT_REPEATS})
  --prompt  TEXT                 prompt (default: a ~25-token sentence)
  --help`;

/** A bad command line; the message names the option and what it accepts. */
export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

function positiveInteger(flag: string, value: string, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new BenchUsageError(`--${flag} must be a whole number from 1 to ${max}; got "${value}".`);
  }
  return Number(value);
}

/** Parses argv (without `node script`); returns `null` for `--help`. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions | null {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        model: { type: 'string', default: 'gpt2-124m' },
        family: { type: 'string', default: 'gpt2' },
        dtype: { type: 'string', default: 'q8' },
        tokens: { type: 'string', default: String(DEFAULT_TOKENS) },
        repeats: { type: 'string', default: String(DEFAULT_REPEATS) },
        prompt: { type: 'string', default: DEFAULT_PROMPT },
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
    const dtypes = [...new Set(values.dtype.split(',').map((s) => s.trim()).filter(Boolean))].map(parseDtype);
    if (dtypes.length === 0) throw new BenchUsageError('--dtype needs at least one of fp32, fp16, q8, q4.');
    if (values.prompt.trim() === '') throw new BenchUsageError('--prompt must not be empty.');
    return {
      size: parseSize(values.model),
      family: parseFamily(values.family),
      dtypes,
      tokens: positiveInteger('tokens', values.tokens, 1000),
      repeats: positiveInteger('repeats', values.repeats, 100),
      prompt: values.prompt,
    };
  } catch (error) {
    if (error instanceof GenerateError) throw new BenchUsageError(error.message.replace(/^Unknown size/, 'Unknown model'));
    throw error;
  }
}
