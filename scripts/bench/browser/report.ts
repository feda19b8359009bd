/**
 * The browser benchmark's results as data (written to JSON) and the tables only it prints: the load
 * breakdown, and the browser against Node. The decoding tables are `npm run bench`'s (../report.ts).
 */
import type { LoadedModel } from '../../../src/worker/protocol.ts';
import { ONNX_FILE, type Dtype } from '../../../src/onnx/spec.ts';
import type { DtypeResult } from '../report.ts';
import { columns, formatNumber, formatRatio, formatTable, left } from '../table.ts';
import type { MemorySample } from './process-memory.ts';
import type { LoadBreakdown, LogitsKept, PoolSpinning, RuntimeStart, WeightsHandover } from './protocol.ts';

const MiB = 2 ** 20;

export interface LoadMeasure {
  readonly info: LoadedModel;
  readonly breakdown: LoadBreakdown;
  /** The browser's memory just before the load (worker started, no model). */
  readonly before: MemorySample;
  readonly peak: MemorySample;
  readonly after: MemorySample;
}

export interface MemoryDrift {
  readonly generations: number;
  /** Total resident set after each generation, MiB. */
  readonly totalRssMiB: readonly number[];
  /** Last minus first, MiB. */
  readonly growthMiB: number;
}

export interface BrowserDtypeResult {
  readonly backend: 'wasm' | 'webgpu';
  readonly threads: number | null;
  readonly runtime: RuntimeStart;
  readonly weights: WeightsHandover;
  readonly logits: LogitsKept;
  readonly spinning: PoolSpinning;
  readonly dtype: Dtype;
  readonly modelFileBytes: number;
  readonly cold: LoadMeasure;
  readonly warm: LoadMeasure;
  readonly decode: DtypeResult;
  readonly memory: MemoryDrift | null;
}

/** What `npm run bench` measured in Node for one dtype. */
export interface NativeResult {
  readonly dtype: string;
  readonly loadMs: number;
  readonly oursTokensPerSecond: number;
  readonly generateTokensPerSecond: number;
  readonly batchTokensPerSecond: readonly { panels: number; tokensPerSecond: number }[];
}

const ms = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatNumber(v));
const mib = (bytes: number) => formatNumber(bytes / MiB);

/** One row per load: where the time went, and the memory it took. */
export function loadTable(results: readonly BrowserDtypeResult[]): string {
  const rows = results.flatMap((r) =>
    (['cold', 'warm'] as const).map((kind) => {
      const load = r[kind];
      const b = load.breakdown;
      // The read one: transformers.js may ask for a file twice and read it once.
      const modelFile = b.files.filter((f) => f.url.endsWith(ONNX_FILE[r.dtype])).sort((x, y) => y.bytes - x.bytes)[0];
      const otherFiles = b.files.filter((f) => f !== modelFile && !f.url.includes('/ort/'));
      const otherMs = otherFiles.reduce((sum, f) => sum + f.headersMs + f.bodyMs, 0);
      const peak = load.peak.totalRss - load.before.totalRss;
      return [
        `${r.dtype} ${kind} ${r.runtime} ${r.weights} ${r.logits} spin ${r.spinning}`,
        ms(b.totalMs),
        modelFile ? `${mib(modelFile.bytes)} MiB ${modelFile.source}${b.files.filter((f) => f.url === modelFile.url).length > 1 ? ' (asked 2×)' : ''}` : '—',
        modelFile ? ms(modelFile.headersMs) : '—',
        modelFile ? ms(modelFile.bodyMs) : '—',
        modelFile ? `${modelFile.contentLength === null ? 'none' : 'yes'}${modelFile.contentEncoding ? ` (${modelFile.contentEncoding})` : ''}` : '—',
        modelFile ? ms(modelFile.cachePutMs) : '—',
        ms(b.storeWaitMs),
        ms(b.cacheMatchMs),
        ms(b.runtimeFilesMs),
        `${ms(b.sessionMs)} (${ms(b.wasmCompileMs)})`,
        ms(otherMs),
        ms(b.warmupMs),
        `${mib(peak)} (${formatRatio(peak / r.modelFileBytes)})`,
      ];
    }),
  );
  return formatTable(
    columns(
      'load',
      'total ms',
      left('model file'),
      'headers ms',
      'body ms',
      left('length'),
      'cache put ms',
      'put wait ms',
      'cache match ms',
      'ORT files ms',
      'wasm+session ms (compile alone)',
      'other files ms',
      'warm-up ms',
      'peak +MiB (× file)',
    ),
    rows,
  );
}

/** The browser's decoding speed against Node's on the same model and prompt. */
export function nativeTable(results: readonly BrowserDtypeResult[], native: readonly NativeResult[]): string {
  const rows = results.map((r) => {
    const n = native.find((x) => x.dtype === r.dtype);
    const ours = r.decode.ours.decodeTokensPerSecond.median;
    const gen = r.decode.generate.decodeTokensPerSecond.median;
    const four = r.decode.batches.find((b) => b.panels === 4)?.decodeTokensPerSecond.median;
    const nFour = n?.batchTokensPerSecond.find((b) => b.panels === 4)?.tokensPerSecond;
    return [
      `${r.dtype} ${r.backend}${r.threads === null ? '' : ` ${r.threads}t`} ${r.runtime} ${r.weights} ${r.logits} spin ${r.spinning}`,
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
    columns('dtype', 'browser ours tok/s', 'browser generate()', 'node ours', 'node generate()', 'browser ÷ node (best)', 'browser 4 panels', 'node 4 panels', 'node load ms', 'browser warm load ms'),
    rows,
  );
}

/** One line per dtype: the browser's total resident set over the generations in a row. */
export function memoryLines(results: readonly BrowserDtypeResult[]): string[] {
  return results.flatMap((r) =>
    r.memory ? [`  ${r.dtype} ${r.runtime} ${r.weights} ${r.logits} spin ${r.spinning}: ${r.memory.generations} generations, ${formatNumber(r.memory.totalRssMiB[0] ?? 0)} → ${formatNumber(r.memory.totalRssMiB.at(-1) ?? 0)} MiB (${formatNumber(r.memory.growthMiB)} MiB)`] : [],
  );
}
