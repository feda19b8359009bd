/**
 * `npm run bench [-- --model gpt2-124m|tiny --family gpt2|gpt_neo --dtype q8,fp32 --tokens 64 --repeats 3 --prompt TEXT]`
 *
 * Measures, in one process on ONNX Runtime's CPU backend, on one generated model and prompt:
 *   1. our decoding loop (one greedy panel) against transformers.js's greedy `generate()`, with a
 *      check that both produced the same ids;
 *   2. our loop with 1, 2 and 4 batched panels of mixed settings.
 * Every configuration runs once to warm up, then R times; the rounds are interleaved (each round runs
 * every configuration once, in reversed order every other round) so a burst of load from elsewhere,
 * or the garbage of the run before, hits them all alike. Medians are
 * printed as fixed-width tables and everything is written to bench-results/bench-<timestamp>.json.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { env } from '@huggingface/transformers';
import type { PanelSpec } from '../../src/engine/decode-loop.ts';
import { loadSession, type LoadedSession } from '../../src/worker/model-loader.ts';
import { textCodec } from '../../src/worker/text-codec.ts';
import { createYield } from '../../src/worker/yield.ts';
import { modelName } from '../models/generate.ts';
import type { Dtype } from '../../src/onnx/spec.ts';
import { ensureModel } from './ensure-model.ts';
import { runGenerate, runOurs, type RunSample } from './measure.ts';
import { BenchUsageError, optionsOrExit, parseBenchArgs, runMain, USAGE, type BenchOptions } from './options.ts';
import { describeSettings, mixedPanels, PANEL_COUNTS } from './panels.ts';
import { batchTable, comparisonTable, dtypeResult, roundOrder, warnings, writeResults, type DtypeResult } from './report.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MODELS_DIR = path.join(root, 'public/models');

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    availableParallelism: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    transformersJs: packageVersion('@huggingface/transformers'),
    onnxruntimeNode: packageVersion('onnxruntime-node'),
  };
}

const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const loadAverageNumbers = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

/** A configuration the rounds run: a label, its panels' description, and one timed run. */
interface Config {
  readonly label: string;
  readonly panelSettings: readonly string[];
  run(): Promise<RunSample>;
}

async function benchDtype(options: BenchOptions, dtype: Dtype, log: (line: string) => void): Promise<DtypeResult> {
  const modelId = `local/${modelName(options.family, options.size)}`;
  const session: LoadedSession = await loadSession(
    { type: 'load', requestId: `bench-${dtype}`, modelId, dtype, device: 'wasm', offline: true },
    { available: false, code: 'no_webgpu', detail: 'Node' },
    () => undefined,
    () => performance.now(),
  );
  try {
    const { model, tokenizer, lm, info } = session;
    // The worker's one text codec: no special tokens added, ids decoded exactly as written.
    const codec = textCodec(tokenizer);
    const promptIds = codec.encode(options.prompt);
    if (promptIds.length + options.tokens > info.contextLength) {
      throw new BenchUsageError(`The prompt (${promptIds.length} tokens) and --tokens ${options.tokens} do not fit the model's context of ${info.contextLength}; ask for fewer tokens.`);
    }
    log(`\n=== ${modelId} ${dtype} — loaded in ${Math.round(info.loadMs)} ms, prompt ${promptIds.length} tokens, ${options.tokens} new tokens, median of ${options.repeats} ===`);
    const decoder = codec;
    const yieldToHost = createYield();
    const describe = (panels: readonly PanelSpec[]) => panels.map((p) => `${describeSettings(p.settings)} (seed ${p.seed})`);
    const ourConfig = (count: number): Config => {
      const panels = mixedPanels(count, options.tokens);
      return { label: count === 1 ? 'ours (decodeBatch)' : `ours, ${count} panels`, panelSettings: describe(panels), run: () => runOurs(lm, decoder, promptIds, panels, yieldToHost) };
    };
    // Index 0 is both part 1's "ours" and part 2's 1-panel row: the same greedy panel, measured once.
    const wider = PANEL_COUNTS.filter((n) => n > 1);
    const configs: Config[] = [
      ourConfig(1),
      { label: 'generate()', panelSettings: ['greedy'], run: () => runGenerate(model, tokenizer, promptIds, options.tokens) },
      ...wider.map(ourConfig),
    ];
    const warmups: RunSample[] = [];
    for (const config of configs) warmups.push(await config.run());
    const runs: RunSample[][] = configs.map(() => []);
    for (let round = 0; round < options.repeats; round++) {
      for (const i of roundOrder(configs.length, round)) runs[i]?.push(await (configs[i] as Config).run());
      log(`  round ${round + 1}/${options.repeats} done (load average ${loadAverage()})`);
    }
    // Configuration 0 is "ours" and 1 is generate(), as dtypeResult reads them.
    return dtypeResult(dtype, info, configs, warmups, runs);
  } finally {
    await session.lm.release();
    await session.model.dispose();
  }
}

async function main(argv: string[]): Promise<number> {
  const parsed = optionsOrExit(argv, parseBenchArgs, USAGE);
  if ('exitCode' in parsed) return parsed.exitCode;
  const { options } = parsed;
  const log = (line: string) => console.log(line);
  const started = new Date();
  ensureModel(path.join(MODELS_DIR, 'local'), options.family, options.size, options.dtypes, log);
  env.allowLocalModels = true;
  env.localModelPath = MODELS_DIR + path.sep;

  const host = machine();
  const loadAtStart = loadAverage();
  const loadNumbersAtStart = loadAverageNumbers();
  log(`machine: ${host.cpu}, ${host.cores} cores (${host.availableParallelism} available), ${host.memoryGiB} GiB, ${host.platform}`);
  log(`node ${host.node}, transformers.js ${host.transformersJs}, onnxruntime-node ${host.onnxruntimeNode}, backend: ONNX Runtime CPU`);
  log(`model: ${modelName(options.family, options.size)} (${options.family}), dtypes: ${options.dtypes.join(', ')}, N = ${options.tokens} new tokens, R = ${options.repeats} (+1 warm-up), load average ${loadAtStart}`);
  log(`prompt: ${JSON.stringify(options.prompt)}`);

  const results: DtypeResult[] = [];
  for (const dtype of options.dtypes) {
    const result = await benchDtype(options, dtype, log);
    results.push(result);
    log(`\n1. Our loop vs transformers.js generate() — 1 greedy panel (tok/s: higher is better; TTFT: lower is better)`);
    log(comparisonTable(result));
    log(`\n2. Batched panels — aggregate tok/s is the sum over panels; per-panel tok/s is forward steps per second`);
    log(batchTable(result.batches, result.sameRoundBatchVsOne));
    for (const line of warnings(result)) log(`warning: ${line}`);
  }

  const loadAtEnd = loadAverage();
  log(`\nload average: ${loadAtStart} at start, ${loadAtEnd} at end (1, 5, 15 min; ${host.cores} cores)`);
  const json = { startedAt: started.toISOString(), finishedAt: new Date().toISOString(), machine: host, loadAverage: { start: loadNumbersAtStart, end: loadAverageNumbers() }, options, results };
  log(`results: ${writeResults(root, 'bench', started, json)}`);
  return 0;
}

// Exits explicitly: the MessageChannel behind our yield keeps Node's event loop alive.
runMain(main);
