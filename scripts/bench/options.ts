/**
 * Command-line options of `npm run bench`, parsed and validated without touching the model, so a
 * typo fails in milliseconds with a message that says what to type instead.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
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

/** A whole number in `[min, max]`, or a message naming the flag. */
export function integer(flag: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new BenchUsageError(`--${flag} must be a whole number from ${min} to ${max}; got "${value}".`);
  }
  return Number(value);
}

/** A comma-separated list, trimmed, without blanks or repeats. */
export const list = (value: string): string[] => [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))];

/** {@link list} of names each of which must be one of `allowed`, or a message naming the flag. */
export function choices<T extends string>(flag: string, value: string, allowed: readonly T[]): T[] {
  return list(value).map((name) => {
    if (!(allowed as readonly string[]).includes(name)) throw new BenchUsageError(`--${flag} takes ${allowed.join(', ')}; got "${name}".`);
    return name as T;
  });
}

/** What a benchmark's flags default to where the two differ. */
export interface SharedDefaults {
  readonly dtype: string;
  readonly tokens: number;
  readonly repeats: number;
  /** Fewest new tokens accepted (the browser benchmark needs a decode step after the first token). */
  readonly minTokens: number;
}

/** The flags every benchmark takes, for `parseArgs`. */
function sharedFlags(defaults: SharedDefaults) {
  return {
    model: { type: 'string', default: 'gpt2-124m' },
    family: { type: 'string', default: 'gpt2' },
    dtype: { type: 'string', default: defaults.dtype },
    tokens: { type: 'string', default: String(defaults.tokens) },
    repeats: { type: 'string', default: String(defaults.repeats) },
    prompt: { type: 'string', default: DEFAULT_PROMPT },
    help: { type: 'boolean', default: false },
  } as const;
}

type Flags = NonNullable<ParseArgsConfig['options']>;
type SharedValues = { readonly help: boolean } & Record<'model' | 'family' | 'dtype' | 'tokens' | 'repeats' | 'prompt', string>;
type Values<E extends Flags> = ReturnType<typeof parseArgs<{ options: ReturnType<typeof sharedFlags> & E; strict: true; allowPositionals: false }>>['values'];

/**
 * Parses argv (without `node script`) with the shared flags and `extra`: the shared options are
 * checked here, and `build` adds the benchmark's own from the parsed values. `null` for `--help`.
 * Every bad value throws {@link BenchUsageError} with a message that names the flag.
 */
export function parseCommandLine<E extends Flags, T>(argv: readonly string[], defaults: SharedDefaults, extra: E, build: (shared: BenchOptions, values: Values<E>) => T): T | null {
  let values: Values<E>;
  try {
    ({ values } = parseArgs({ args: [...argv], options: { ...sharedFlags(defaults), ...extra }, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new BenchUsageError((error as Error).message);
  }
  // TypeScript cannot narrow the generic result to the shared flags' part; every one has a default.
  const given = values as unknown as SharedValues;
  if (given.help) return null;
  try {
    const dtypes = list(given.dtype).map(parseDtype);
    if (dtypes.length === 0) throw new BenchUsageError('--dtype needs at least one of fp32, fp16, q8, q4.');
    if (given.prompt.trim() === '') throw new BenchUsageError('--prompt must not be empty.');
    const shared: BenchOptions = {
      size: parseSize(given.model),
      family: parseFamily(given.family),
      dtypes,
      tokens: integer('tokens', given.tokens, defaults.minTokens, 1000),
      repeats: integer('repeats', given.repeats, 1, 100),
      prompt: given.prompt,
    };
    return build(shared, values);
  } catch (error) {
    if (error instanceof GenerateError) throw new BenchUsageError(error.message.replace(/^Unknown size/, 'Unknown model'));
    throw error;
  }
}

/** Parses argv (without `node script`); returns `null` for `--help`. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions | null {
  return parseCommandLine(argv, { dtype: 'q8', tokens: DEFAULT_TOKENS, repeats: DEFAULT_REPEATS, minTokens: 1 }, {}, (shared) => shared);
}

/**
 * A benchmark's command line: its options, or the exit code after printing the usage (`--help`,
 * status 0) or what was wrong with the flags and the usage (status 2).
 */
export function optionsOrExit<T>(argv: readonly string[], parse: (argv: readonly string[]) => T | null, usage: string): { readonly options: T } | { readonly exitCode: number } {
  let options: T | null;
  try {
    options = parse(argv);
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    console.error(`${error.message}\n\n${usage}`);
    return { exitCode: 2 };
  }
  if (!options) {
    console.log(usage);
    return { exitCode: 0 };
  }
  return { options };
}

/**
 * Runs a benchmark's `main` and exits with its status: explicitly, since the MessageChannel behind
 * our yield keeps Node's event loop alive. A usage error prints its message alone.
 */
export function runMain(main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof BenchUsageError ? error.message : error);
      process.exit(1);
    },
  );
}
