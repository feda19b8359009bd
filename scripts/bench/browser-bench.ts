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
import { BenchUsageError } from './options.ts';
import { describeSettings, mixedPanels } from './panels.ts';
import { batchTable, compareIds, comparisonTable, pairedRatios, summarizeRuns, type DtypeResult } from './report.ts';
import { formatNumber, formatRatio, formatTable } from './table.ts';
import { BROWSER_USAGE, parseBrowserBenchArgs, type BrowserBenchOptions } from './browser/options.ts';
import { sampleMemory, startMemoryWatch, type MemorySample } from './browser/process-memory.ts';
import type { FromBenchWorker, LoadBreakdown, RunConfig, SessionTiming, SessionVariant, ToBenchWorker } from './browser/protocol.ts';
import type { BenchWindow } from './browser/bench-page.ts';
import type { LoadedModel } from '../../src/worker/protocol.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = '.e2e-dist-bench';
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
  const have = (dtype: Dtype) => existsSync(path.join(root, DIST, 'models/local', name, 'onnx', ONNX_FILE[dtype]));
  const page = existsSync(path.join(root, DIST, PAGE));
  if (!options.rebuild && page && options.dtypes.every(have)) return;
  log(`Building the benchmark page into ${DIST}/ …`);
  const started = performance.now();
  run('npx', ['vite', 'build', '--config', VITE_CONFIG, '--outDir', DIST, '--emptyOutDir', '--logLevel', 'error']);
  log(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

async function startPreview(options: BrowserBenchOptions): Promise<ChildProcess> {
  const env = { ...process.env, BENCH_COMPRESS_MODELS: options.compressModels ? '1' : '0' };
  const server = spawn('npx', ['vite', 'preview', '--config', VITE_CONFIG, '--outDir', DIST, '--port', String(options.port), '--strictPort'], {
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
  return options;
}

/** The page's bench API, called from Node. */
function benchPage(page: Page) {
  return {
    start: () => page.evaluate(() => (window as BenchWindow).bench?.start()),
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

interface LoadMeasure {
  readonly info: LoadedModel;
  readonly breakdown: LoadBreakdown;
  /** The browser's memory just before the load (worker started, no model). */
  readonly before: MemorySample;
  readonly peak: MemorySample;
  readonly after: MemorySample;
}

async function measureLoad(bench: BenchPageApi, marker: string, request: Extract<ToBenchWorker, { type: 'load' }>): Promise<LoadMeasure> {
  await bench.start();
  await new Promise((r) => setTimeout(r, 300));
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

interface MemoryDrift {
  readonly generations: number;
  /** Total resident set after each generation, MiB. */
  readonly totalRssMiB: readonly number[];
  /** Last minus first, MiB. */
  readonly growthMiB: number;
}

export interface BrowserDtypeResult {
  readonly backend: 'wasm' | 'webgpu';
  readonly threads: number | null;
  readonly dtype: Dtype;
  readonly modelFileBytes: number;
  readonly cold: LoadMeasure;
  readonly warm: LoadMeasure;
  readonly decode: DtypeResult;
  readonly memory: MemoryDrift | null;
}

async function benchDtype(page: Page, marker: string, options: BrowserBenchOptions, backend: 'wasm' | 'webgpu', threads: number | null, dtype: Dtype): Promise<BrowserDtypeResult> {
  const bench = benchPage(page);
  const modelId = `local/${modelName(options.family, options.size)}`;
  const request = { type: 'load', modelId, dtype, device: backend, numThreads: threads } as const;
  const modelFileBytes = Number(readFileSync(path.join(root, 'public/models', modelId, 'onnx', ONNX_FILE[dtype])).byteLength);
  log(`\n=== ${modelId} ${dtype} on ${backend}, threads ${threads ?? 'default'} ===`);
  await bench.clearCache();
  const cold = await measureLoad(bench, marker, request);
  log(`  cold load ${formatNumber(cold.breakdown.totalMs)} ms (threads ${cold.breakdown.numThreads}, isolated ${cold.breakdown.crossOriginIsolated})`);
  await bench.stop();
  const warm = await measureLoad(bench, marker, request);
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
    for (const [i, c] of configs.entries()) runs[i]?.push(await runOnce(bench, c.config, options.prompt));
    log(`  round ${round + 1}/${options.repeats} done (load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  }
  const measured = (i: number) => runs[i] ?? [];
  const results = configs.map((c, i) =>
    summarizeRuns(c.label, mixedPanels(c.config.panels, c.config.tokens).map((p) => (c.config.kind === 'generate' ? 'greedy' : `${describeSettings(p.settings)} (seed ${p.seed})`)), warmups[i] as RunSample, measured(i)),
  );
  const batchIndices = [0, ...configs.map((_, i) => i).filter((i) => i > 1)];
  const tokensPerSecond = (s: RunSample) => s.decodeTokensPerSecond;
  const decode: DtypeResult = {
    dtype,
    loadMs: warm.info.loadMs,
    warmupMs: warm.info.warmupMs,
    ours: results[0] as DtypeResult['ours'],
    generate: results[1] as DtypeResult['generate'],
    ids: compareIds(measured(0).at(-1)?.tokenIds[0] ?? [], measured(1).at(-1)?.tokenIds[0] ?? []),
    batches: batchIndices.map((i) => results[i] as DtypeResult['ours']),
    sameRound: {
      decodeTokensPerSecond: pairedRatios(measured(0), measured(1), tokensPerSecond),
      timeToFirstTokenMs: pairedRatios(measured(0), measured(1), (s) => s.timeToFirstTokenMs),
    },
    sameRoundBatchVsOne: batchIndices.map((i) => pairedRatios(measured(i), measured(0), tokensPerSecond)),
  };

  let memory: MemoryDrift | null = null;
  if (options.memoryGenerations > 0) {
    const totals: number[] = [];
    for (let g = 0; g < options.memoryGenerations; g++) {
      await runOnce(bench, { kind: 'ours', panels: 1, tokens: Math.min(options.tokens, 32) }, options.prompt);
      totals.push(sampleMemory(marker).totalRss / MiB);
    }
    memory = { generations: totals.length, totalRssMiB: totals, growthMiB: (totals.at(-1) ?? 0) - (totals[0] ?? 0) };
    log(`  memory over ${totals.length} generations: ${formatNumber(totals[0] ?? 0)} → ${formatNumber(totals.at(-1) ?? 0)} MiB`);
  }
  await bench.call({ type: 'dispose' });
  await bench.stop();
  return { backend, threads, dtype, modelFileBytes, cold, warm, decode, memory };
}

const ms = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatNumber(v));
const mib = (bytes: number) => formatNumber(bytes / MiB);

/** One row per load: where the time went. */
function loadTable(results: readonly BrowserDtypeResult[]): string {
  const rows = results.flatMap((r) =>
    (['cold', 'warm'] as const).map((kind) => {
      const load = r[kind];
      const b = load.breakdown;
      // The read one: transformers.js may ask for a file twice and read it once.
      const modelFile = b.files.filter((f) => f.url.endsWith(ONNX_FILE[r.dtype])).sort((x, y) => y.bytes - x.bytes)[0];
      const otherFiles = b.files.filter((f) => f !== modelFile && !f.url.includes('/ort/'));
      const otherMs = otherFiles.reduce((sum, f) => sum + f.headersMs + f.bodyMs + (f.cachePutMs ?? 0), 0);
      return [
        `${r.dtype} ${kind}`,
        ms(b.totalMs),
        modelFile ? `${mib(modelFile.bytes)} MiB ${modelFile.source}${b.files.filter((f) => f.url === modelFile.url).length > 1 ? ' (asked 2×)' : ''}` : '—',
        modelFile ? ms(modelFile.headersMs) : '—',
        modelFile ? ms(modelFile.bodyMs) : '—',
        modelFile ? `${modelFile.contentLength === null ? 'none' : 'yes'}${modelFile.contentEncoding ? ` (${modelFile.contentEncoding})` : ''}` : '—',
        modelFile ? ms(modelFile.cachePutMs) : '—',
        ms(b.cacheMatchMs),
        ms(b.runtimeFilesMs),
        `${ms(b.sessionMs)} (${ms(b.wasmCompileMs)})`,
        ms(otherMs),
        ms(b.warmupMs),
        `${mib(load.peak.totalRss - load.before.totalRss)} (${formatRatio((load.peak.totalRss - load.before.totalRss) / r.modelFileBytes)})`,
      ];
    }),
  );
  return formatTable(
    [
      { header: 'load', align: 'left' },
      { header: 'total ms', align: 'right' },
      { header: 'model file', align: 'left' },
      { header: 'headers ms', align: 'right' },
      { header: 'body ms', align: 'right' },
      { header: 'length', align: 'left' },
      { header: 'cache put ms', align: 'right' },
      { header: 'cache match ms', align: 'right' },
      { header: 'ORT files ms', align: 'right' },
      { header: 'wasm+session ms (compile alone)', align: 'right' },
      { header: 'other files ms', align: 'right' },
      { header: 'warm-up ms', align: 'right' },
      { header: 'peak +MiB (× file)', align: 'right' },
    ],
    rows,
  );
}

/** What `npm run bench` measured in Node for one dtype. */
interface NativeResult {
  readonly dtype: string;
  readonly loadMs: number;
  readonly oursTokensPerSecond: number;
  readonly generateTokensPerSecond: number;
  readonly batchTokensPerSecond: readonly { panels: number; tokensPerSecond: number }[];
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

function nativeTable(results: readonly BrowserDtypeResult[], native: readonly NativeResult[]): string {
  const rows = results.map((r) => {
    const n = native.find((x) => x.dtype === r.dtype);
    const ours = r.decode.ours.decodeTokensPerSecond.median;
    const gen = r.decode.generate.decodeTokensPerSecond.median;
    const four = r.decode.batches.find((b) => b.panels === 4)?.decodeTokensPerSecond.median;
    const nFour = n?.batchTokensPerSecond.find((b) => b.panels === 4)?.tokensPerSecond;
    return [
      `${r.dtype} ${r.backend}${r.threads === null ? '' : ` ${r.threads}t`}`,
      formatNumber(ours),
      formatNumber(gen),
      n ? formatNumber(n.oursTokensPerSecond) : '—',
      n ? formatNumber(n.generateTokensPerSecond) : '—',
      n ? formatRatio(Math.max(ours, gen) / Math.max(n.oursTokensPerSecond, n.generateTokensPerSecond)) : '—',
      four !== undefined ? formatNumber(four) : '—',
      nFour !== undefined ? formatNumber(nFour) : '—',
      n ? formatNumber(n.loadMs) : '—',
      formatNumber(r.warm.breakdown.totalMs),
    ];
  });
  return formatTable(
    [
      { header: 'dtype', align: 'left' },
      { header: 'browser ours tok/s', align: 'right' },
      { header: 'browser generate()', align: 'right' },
      { header: 'node ours', align: 'right' },
      { header: 'node generate()', align: 'right' },
      { header: 'browser ÷ node (best)', align: 'right' },
      { header: 'browser 4 panels', align: 'right' },
      { header: 'node 4 panels', align: 'right' },
      { header: 'node load ms', align: 'right' },
      { header: 'browser warm load ms', align: 'right' },
    ],
    rows,
  );
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
  let options: BrowserBenchOptions | null;
  try {
    options = parseBrowserBenchArgs(argv);
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    console.error(`${error.message}\n\n${BROWSER_USAGE}`);
    return 2;
  }
  if (!options) {
    console.log(BROWSER_USAGE);
    return 0;
  }
  const started = new Date();
  ensureModel(path.join(root, 'public/models/local'), options.family, options.size, options.dtypes, log);
  ensureBuild(options);
  if (options.layouts) {
    const dir = path.join(root, DIST, 'models/layouts');
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
      const file = path.join(root, 'bench-results', `browser-layouts-${started.toISOString().replace(/[:.]/g, '-')}.json`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify({ startedAt: started.toISOString(), loadAverage: os.loadavg(), rows }, null, 2) + '\n');
      log(`results: ${path.relative(process.cwd(), file)}`);
      return 0;
    }
    if (options.sessions) {
      const experiments = [];
      for (const dtype of options.dtypes) experiments.push(await sessionExperiment(page, profile, options, dtype));
      const file = path.join(root, 'bench-results', `browser-sessions-${started.toISOString().replace(/[:.]/g, '-')}.json`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify({ startedAt: started.toISOString(), options, experiments }, null, 2) + '\n');
      log(`results: ${path.relative(process.cwd(), file)}`);
      return 0;
    }
    for (const backend of options.backends) {
      for (const threads of options.threads) {
        for (const dtype of options.dtypes) {
          const result = await benchDtype(page, profile, options, backend, threads, dtype);
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
  const memoryRows = results.filter((r) => r.memory).map((r) => `  ${r.dtype}: ${r.memory?.generations} generations, ${formatNumber(r.memory?.totalRssMiB[0] ?? 0)} → ${formatNumber(r.memory?.totalRssMiB.at(-1) ?? 0)} MiB (${formatNumber(r.memory?.growthMiB ?? 0)} MiB)`);
  if (memoryRows.length) log(`\nMemory over generations (browser total resident set):\n${memoryRows.join('\n')}`);

  const outDir = path.join(root, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `browser-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify({ startedAt: started.toISOString(), finishedAt: new Date().toISOString(), browser: browserVersion ?? 'unknown', cpus: os.cpus().length, loadAverage: os.loadavg(), options, results, native }, null, 2) + '\n',
  );
  log(`results: ${path.relative(process.cwd(), file)}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof BenchUsageError ? error.message : error);
    process.exit(1);
  },
);
