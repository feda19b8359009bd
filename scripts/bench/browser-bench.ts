/**
 * `npm run bench:browser [-- --model gpt2-124m --dtype fp32,q8,q4 --backend wasm --panels 1,2,4]`
 *
 * Measures the app's model worker code in Chromium on a production build, and the same model in
 * Node (onnxruntime-node through `npm run bench`) in the same run, so the ratios compare like with like:
 *   1. the load, cold (nothing in Cache Storage) and warm (from Cache Storage), split into its phases
 *      (fetch, body read, cache write, session creation, warm-up), with the browser's peak memory;
 *   2. decoding: our loop (1 greedy panel) against transformers.js's `generate()` in the same page,
 *      and 2 / 4 batched panels against 1;
 *   3. memory over many generations in a row (should stay flat);
 *   4. the Node figures for the same dtypes, and the browser ÷ Node ratios.
 * It builds the benchmark page (scripts/bench/browser/) into `.e2e-dist-bench/` (reused while its
 * models are there; `--rebuild` forces it), serves it with `vite preview` on its own port, and drives
 * /usr/bin/chromium with Playwright using the e2e tests' launch flags. JSON goes to bench-results/.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import playwrightConfig from '../../playwright.config.ts';
import { modelName } from '../models/generate.ts';
import { ONNX_FILE, type Dtype } from '../../src/onnx/spec.ts';
import { ensureModel } from './ensure-model.ts';
import { LAYOUTS } from './layouts-list.ts';
import { buildLayoutModel } from './layouts.ts';
import type { RunSample } from './measure.ts';
import { optionsOrExit, runMain } from './options.ts';
import { describeSettings, mixedPanels } from './panels.ts';
import { batchTable, comparisonTable, dtypeResult, roundOrder, writeResults, type DtypeResult } from './report.ts';
import { formatNumber } from './table.ts';
import { BROWSER_USAGE, parseBrowserBenchArgs, type BrowserBenchOptions } from './browser/options.ts';
import { sampleMemory, startMemoryWatch } from './browser/process-memory.ts';
import type { FromBenchWorker, RunConfig, RuntimeStart, SessionTiming, SessionVariant, ToBenchWorker, WeightsHandover, WorkerStart, LogitsKept, PoolSpinning } from './browser/protocol.ts';
import type { BenchWindow } from './browser/bench-page.ts';
import { loadTable, memoryLines, nativeTable, type BrowserDtypeResult, type LoadMeasure, type MemoryDrift, type NativeResult } from './browser/report.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VITE_CONFIG = 'scripts/bench/browser/vite.config.ts';
const PAGE = '/scripts/bench/browser/bench.html';
const MiB = 2 ** 20;

const log = (line: string) => console.log(line);

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with status ${result.status}.`);
}

/** Builds the benchmark page unless a build with the asked models is there already. */
function ensureBuild(options: BrowserBenchOptions): void {
  const name = modelName(options.family, options.size);
  const have = (dtype: Dtype) => existsSync(path.join(root, options.dist, 'models/local', name, 'onnx', ONNX_FILE[dtype]));
  const page = existsSync(path.join(root, options.dist, PAGE));
  if (!options.rebuild && page && options.dtypes.every(have)) return;
  log(`Building the benchmark page into ${options.dist}/ …`);
  const started = performance.now();
  run('npx', ['vite', 'build', '--config', VITE_CONFIG, '--outDir', options.dist, '--emptyOutDir', '--logLevel', 'error']);
  log(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

async function startPreview(options: BrowserBenchOptions): Promise<ChildProcess> {
  const env = { ...process.env, BENCH_COMPRESS_MODELS: options.compressModels ? '1' : '0' };
  const server = spawn('npx', ['vite', 'preview', '--config', VITE_CONFIG, '--outDir', options.dist, '--port', String(options.port), '--strictPort'], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  server.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const url = `http://localhost:${options.port}${PAGE}`;
  for (let i = 0; i < 300; i++) {
    if (server.exitCode !== null) throw new Error(`vite preview exited (${server.exitCode}): ${stderr.trim()} — is port ${options.port} taken? Pass --port.`);
    try {
      if ((await fetch(url)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`vite preview did not answer on ${url} within 30 s: ${stderr.trim()}`);
}

function stopProcessGroup(child: ChildProcess): void {
  if (child.pid !== undefined && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

/** The e2e tests' Chromium launch options (playwright.config.ts), so the bench runs the same browser the same way. */
function launchOptions() {
  const project = playwrightConfig.projects?.find((p) => p.name === 'production');
  const options = project?.use?.launchOptions;
  if (!options) throw new Error('playwright.config.ts has no production project with launchOptions.');
  // `gc()` in the worker, for the memory check's samples (RunConfig.collectGarbage).
  return { ...options, args: [...(options.args ?? []), '--js-flags=--expose-gc'] };
}

/** The page's bench API, called from Node. */
function benchPage(page: Page) {
  return {
    start: (how?: WorkerStart) => page.evaluate((h) => (window as BenchWindow).bench?.start(h), how),
    stop: () => page.evaluate(() => (window as BenchWindow).bench?.stop()),
    async call(message: ToBenchWorker): Promise<FromBenchWorker> {
      const answer = await page.evaluate((m) => {
        const bench = (window as BenchWindow).bench;
        if (!bench) throw new Error('The benchmark page did not start (no window.bench).');
        return bench.call(m);
      }, message);
      if (answer.type === 'error') throw new Error(`The benchmark worker failed: ${answer.message}`);
      return answer;
    },
    clearCache: () => page.evaluate(async () => Promise.all((await caches.keys()).map((k) => caches.delete(k)))),
  };
}
type BenchPageApi = ReturnType<typeof benchPage>;

async function measureLoad(bench: BenchPageApi, marker: string, request: Extract<ToBenchWorker, { type: 'load' }>, how: WorkerStart, headStartMs: number): Promise<LoadMeasure> {
  await bench.start(how);
  // The app starts its worker with the page, and a Load comes later: this is that gap.
  await new Promise((r) => setTimeout(r, headStartMs));
  const before = sampleMemory(marker);
  const watch = startMemoryWatch(marker);
  const answer = await bench.call(request);
  const { peak, last } = watch.stop();
  if (answer.type !== 'loaded') throw new Error(`Expected "loaded", got "${answer.type}".`);
  return { info: answer.info, breakdown: answer.breakdown, before, peak, after: last };
}

async function runOnce(bench: BenchPageApi, config: RunConfig, prompt: string): Promise<RunSample> {
  const answer = await bench.call({ type: 'run', config, prompt });
  if (answer.type !== 'ran') throw new Error(`Expected "ran", got "${answer.type}".`);
  return answer.sample;
}

async function benchDtype(page: Page, marker: string, options: BrowserBenchOptions, backend: 'wasm' | 'webgpu', threads: number | null, runtime: RuntimeStart, weights: WeightsHandover, logits: LogitsKept, spinning: PoolSpinning, dtype: Dtype): Promise<BrowserDtypeResult> {
  const bench = benchPage(page);
  const modelId = `local/${modelName(options.family, options.size)}`;
  const request = { type: 'load', modelId, dtype, device: backend, numThreads: threads } as const;
  const modelFileBytes = Number(readFileSync(path.join(root, 'public/models', modelId, 'onnx', ONNX_FILE[dtype])).byteLength);
  const how: WorkerStart = { runtime, numThreads: threads, weights, logits, spinning };
  log(`\n=== ${modelId} ${dtype} on ${backend}, threads ${threads ?? 'default'}, runtime started ${runtime}, weights ${weights}, logits ${logits}, spinning ${spinning} ===`);
  await bench.clearCache();
  const cold = await measureLoad(bench, marker, request, how, options.headStartMs);
  log(`  cold load ${formatNumber(cold.breakdown.totalMs)} ms (threads ${cold.breakdown.numThreads}, isolated ${cold.breakdown.crossOriginIsolated})`);
  await bench.stop();
  const warm = await measureLoad(bench, marker, request, how, options.headStartMs);
  log(`  warm load ${formatNumber(warm.breakdown.totalMs)} ms`);

  const configs: { label: string; config: RunConfig }[] = [
    { label: 'ours (decodeBatch)', config: { kind: 'ours', panels: 1, tokens: options.tokens } },
    { label: 'generate()', config: { kind: 'generate', panels: 1, tokens: options.tokens } },
    ...options.panels.filter((n) => n > 1).map((n) => ({ label: `ours, ${n} panels`, config: { kind: 'ours', panels: n, tokens: options.tokens } as RunConfig })),
  ];
  const warmups: RunSample[] = [];
  for (const c of configs) warmups.push(await runOnce(bench, c.config, options.prompt));
  const runs: RunSample[][] = configs.map(() => []);
  for (let round = 0; round < options.repeats; round++) {
    for (const i of roundOrder(configs.length, round)) runs[i]?.push(await runOnce(bench, (configs[i] as (typeof configs)[number]).config, options.prompt));
    log(`  round ${round + 1}/${options.repeats} done (load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  }
  const labels = configs.map((c) => ({
    label: c.label,
    panelSettings: mixedPanels(c.config.panels, c.config.tokens).map((p) => (c.config.kind === 'generate' ? 'greedy' : `${describeSettings(p.settings)} (seed ${p.seed})`)),
  }));
  const decode: DtypeResult = dtypeResult(dtype, warm.info, labels, warmups, runs);

  let memory: MemoryDrift | null = null;
  if (options.memoryGenerations > 0) {
    const totals: number[] = [];
    for (let g = 0; g < options.memoryGenerations; g++) {
      await runOnce(bench, { kind: 'ours', panels: 1, tokens: Math.min(options.tokens, 32), collectGarbage: true }, options.prompt);
      totals.push(sampleMemory(marker).totalRss / MiB);
    }
    memory = { generations: totals.length, totalRssMiB: totals, growthMiB: (totals.at(-1) ?? 0) - (totals[0] ?? 0) };
    log(`  memory over ${totals.length} generations: ${formatNumber(totals[0] ?? 0)} → ${formatNumber(totals.at(-1) ?? 0)} MiB`);
  }
  await bench.call({ type: 'dispose' });
  await bench.stop();
  return { backend, threads, runtime, weights, logits, spinning, dtype, modelFileBytes, cold, warm, decode, memory };
}

function runNative(options: BrowserBenchOptions, dtype: Dtype): NativeResult {
  const args = ['tsx', 'scripts/bench/bench.ts', '--model', options.size, '--family', options.family, '--dtype', dtype, '--tokens', String(options.tokens), '--repeats', String(options.repeats), '--prompt', options.prompt];
  const result = spawnSync('npx', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * MiB });
  if (result.status !== 0) throw new Error(`npm run bench failed: ${result.stderr}`);
  const file = /results: (.+\.json)/.exec(result.stdout)?.[1];
  if (!file) throw new Error(`npm run bench wrote no results file:\n${result.stdout}`);
  const json = JSON.parse(readFileSync(path.resolve(root, file.trim()), 'utf8')) as { results: DtypeResult[] };
  const r = json.results[0];
  if (!r) throw new Error(`No results in ${file}.`);
  return {
    dtype,
    loadMs: r.loadMs + r.warmupMs,
    oursTokensPerSecond: r.ours.decodeTokensPerSecond.median,
    generateTokensPerSecond: r.generate.decodeTokensPerSecond.median,
    batchTokensPerSecond: r.batches.map((b) => ({ panels: b.panels, tokensPerSecond: b.decodeTokensPerSecond.median })),
  };
}

/**
 * Session options compared by `--sessions`, each in the same worker after a session of the tiny
 * model (which pays for compiling and starting the runtime), so the first row shows what the first
 * large session costs beyond that, and the others what each option changes.
 */
const SESSION_VARIANTS: readonly SessionVariant[] = [
  { label: 'all (first of this model)', graphOptimizationLevel: 'all' },
  { label: 'all (default)', graphOptimizationLevel: 'all' },
  { label: 'extended', graphOptimizationLevel: 'extended' },
  { label: 'basic', graphOptimizationLevel: 'basic' },
  { label: 'disabled', graphOptimizationLevel: 'disabled' },
  { label: 'all, no prepacking', graphOptimizationLevel: 'all', config: { 'session.disable_prepacking': '1' } },
  { label: 'all, no CPU memory arena', graphOptimizationLevel: 'all', enableCpuMemArena: false },
  { label: 'basic, no prepacking', graphOptimizationLevel: 'basic', config: { 'session.disable_prepacking': '1' } },
];

async function sessionExperiment(page: Page, marker: string, options: BrowserBenchOptions, dtype: Dtype): Promise<{ dtype: Dtype; timings: readonly (SessionTiming & { peakMiB: number })[] }> {
  const bench = benchPage(page);
  const url = `/models/local/${modelName(options.family, options.size)}/onnx/${ONNX_FILE[dtype]}`;
  const timings: (SessionTiming & { peakMiB: number })[] = [];
  await bench.start();
  const tiny = `/models/local/${modelName(options.family, 'tiny')}/onnx/${ONNX_FILE.fp32}`;
  const steps = [{ url: tiny, variant: { label: 'tiny model first (compiles and starts the runtime)' } }, ...SESSION_VARIANTS.map((variant) => ({ url, variant }))];
  for (const { url, variant } of steps) {
    const before = sampleMemory(marker);
    const watch = startMemoryWatch(marker);
    const answer = await bench.call({ type: 'sessions', url, variants: [variant] });
    const { peak } = watch.stop();
    if (answer.type !== 'sessions') throw new Error(`Expected "sessions", got "${answer.type}".`);
    for (const t of answer.timings) {
      timings.push({ ...t, peakMiB: (peak.totalRss - before.totalRss) / MiB });
      log(`  ${dtype} ${t.label}: create ${formatNumber(t.createMs)} ms, first run ${formatNumber(t.firstRunMs)} ms, peak +${formatNumber((peak.totalRss - before.totalRss) / MiB)} MiB`);
    }
  }
  await bench.stop();
  return { dtype, timings };
}

/** Single-token runs of each weight layout in ONNX Runtime Web (the files scripts/bench/layouts.ts wrote). */
async function layoutExperiment(page: Page, options: BrowserBenchOptions): Promise<{ label: string; threads: number | null; createMs: number; msPerToken: number }[]> {
  const bench = benchPage(page);
  const rows: { label: string; threads: number | null; createMs: number; msPerToken: number }[] = [];
  for (const threads of options.threads) for (const layout of LAYOUTS) {
    await bench.start();
    const answer = await bench.call({ type: 'layout', url: `/models/layouts/${encodeURIComponent(layout.label)}.onnx`, runs: Math.max(5, options.repeats * 5), numThreads: threads, ...(layout.sessionConfig ? { config: layout.sessionConfig } : {}) });
    if (answer.type !== 'layout') throw new Error(`Expected "layout", got "${answer.type}".`);
    const sorted = [...answer.runMs].sort((a, b) => a - b);
    const msPerToken = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
    rows.push({ label: layout.label, threads, createMs: answer.createMs, msPerToken });
    log(`  ${layout.label.padEnd(22)} threads ${threads ?? 'default'}  create ${formatNumber(answer.createMs).padStart(6)} ms   ${formatNumber(msPerToken).padStart(6)} ms/token   ${formatNumber(1000 / msPerToken).padStart(6)} tok/s`);
    await bench.stop();
  }
  return rows;
}

async function main(argv: string[]): Promise<number> {
  const command = optionsOrExit(argv, parseBrowserBenchArgs, BROWSER_USAGE);
  if ('exitCode' in command) return command.exitCode;
  const { options } = command;
  const started = new Date();
  ensureModel(path.join(root, 'public/models/local'), options.family, options.size, options.dtypes, log);
  ensureBuild(options);
  if (options.layouts) {
    const dir = path.join(root, options.dist, 'models/layouts');
    mkdirSync(dir, { recursive: true });
    log(`Writing the layout graphs (4 layers + head) into ${path.relative(root, dir)}/ …`);
    for (const layout of LAYOUTS) writeFileSync(path.join(dir, `${layout.label}.onnx`), buildLayoutModel(layout, 4));
  }
  const server = await startPreview(options);
  const profile = mkdtempSync(path.join(os.tmpdir(), 'bench-browser-profile-'));
  let context: BrowserContext | null = null;
  const results: BrowserDtypeResult[] = [];
  let browserVersion: string | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, { ...launchOptions(), headless: true });
    browserVersion = context.browser()?.version() ?? (await context.pages()[0]?.evaluate(() => navigator.userAgent)) ?? 'unknown';
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') log(`  [browser] ${m.text()}`);
    });
    await page.goto(`http://localhost:${options.port}${PAGE}`);
    await page.waitForFunction(() => Boolean((window as BenchWindow).bench));
    const isolated = await page.evaluate(() => crossOriginIsolated);
    log(`browser: ${browserVersion}, page cross-origin isolated: ${isolated}, hardwareConcurrency ${await page.evaluate(() => navigator.hardwareConcurrency)}`);
    if (options.layouts) {
      log(`ONNX Runtime Web, WASM; graphs of scripts/bench/layouts.ts (4 layers of GPT-2 small's linear layers + the head)`);
      const rows = await layoutExperiment(page, options);
      log(`results: ${writeResults(root, 'browser-layouts', started, { startedAt: started.toISOString(), loadAverage: os.loadavg(), rows })}`);
      return 0;
    }
    if (options.sessions) {
      const experiments = [];
      for (const dtype of options.dtypes) experiments.push(await sessionExperiment(page, profile, options, dtype));
      log(`results: ${writeResults(root, 'browser-sessions', started, { startedAt: started.toISOString(), options, experiments })}`);
      return 0;
    }
    for (const backend of options.backends) {
      for (const threads of options.threads) {
        for (const runtime of options.runtimes) for (const weights of options.weights) for (const logits of options.logits) for (const spinning of options.spinning) for (const dtype of options.dtypes) {
          const result = await benchDtype(page, profile, options, backend, threads, runtime, weights, logits, spinning, dtype);
          results.push(result);
          log(`\n1. Our loop vs generate() in the page — ${dtype} on ${backend}`);
          log(comparisonTable(result.decode));
          log(`\n2. Batched panels — ${dtype} on ${backend}`);
          log(batchTable(result.decode.batches, result.decode.sameRoundBatchVsOne));
        }
      }
    }
  } finally {
    await context?.close();
    stopProcessGroup(server);
    rmSync(profile, { recursive: true, force: true });
  }

  log(`\nLoad breakdown (ms; peak = the browser's resident memory above its level before the load, and that ÷ the model file)`);
  log(loadTable(results));

  const native: NativeResult[] = [];
  if (options.native) {
    log(`\nNode (onnxruntime-node through npm run bench), same model, same prompt …`);
    for (const dtype of options.dtypes) native.push(runNative(options, dtype));
    log(nativeTable(results, native));
  }
  const memoryRows = memoryLines(results);
  if (memoryRows.length) log(`\nMemory over generations (browser total resident set):\n${memoryRows.join('\n')}`);

  const json = { startedAt: started.toISOString(), finishedAt: new Date().toISOString(), browser: browserVersion ?? 'unknown', cpus: os.cpus().length, loadAverage: os.loadavg(), options, results, native };
  log(`results: ${writeResults(root, 'browser', started, json)}`);
  return 0;
}

runMain(main);
