/**
 * The benchmark's results as data (written to JSON) and as the tables it prints. Ratios are always
 * ours ÷ baseline from the same process: tokens/s above 1× is faster, TTFT below 1× is faster.
 * Two ratios are given: of the medians, and the median of per-round ratios ("same round"), which
 * pairs runs made seconds apart and so cancels more of the load that other work puts on the machine.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TokenId } from '../../src/engine/types.ts';
import { NOISY_SPREAD, summarize, type Summary } from './stats.ts';
import { columns, formatNumber, formatRatio, formatSpread, formatTable, left } from './table.ts';
import type { RunSample } from './measure.ts';

export interface ConfigResult {
  readonly label: string;
  readonly panels: number;
  /** Each panel's settings and seed, as printed. */
  readonly panelSettings: readonly string[];
  readonly timeToFirstTokenMs: Summary;
  readonly prefillMs: Summary | null;
  readonly decodeTokensPerSecond: Summary;
  readonly perPanelTokensPerSecond: Summary;
  /** Tokens each panel generated in the last run. */
  readonly tokensPerPanel: readonly number[];
  /** Whether every measured run (and the warm-up) generated the same ids: the work was equal. */
  readonly sameIdsEveryRun: boolean;
}

export interface IdComparison {
  readonly identical: boolean;
  readonly ours: number;
  readonly theirs: number;
  /** Index of the first differing token; `null` when one list is a prefix of the other. */
  readonly firstDifference: number | null;
  readonly oursIds: readonly number[];
  readonly theirsIds: readonly number[];
}

export interface DtypeResult {
  readonly dtype: string;
  readonly loadMs: number;
  readonly warmupMs: number;
  readonly ours: ConfigResult;
  readonly generate: ConfigResult;
  readonly ids: IdComparison;
  /** 1, 2 and 4 panels; the first is the same run as `ours`. */
  readonly batches: readonly ConfigResult[];
  /** Ours ÷ generate() per round. */
  readonly sameRound: { readonly decodeTokensPerSecond: Summary; readonly timeToFirstTokenMs: Summary };
  /** Each batch's aggregate tok/s ÷ the 1-panel run's, per round; aligned with `batches`. */
  readonly sameRoundBatchVsOne: readonly Summary[];
}

/**
 * The order in which round `round` runs `count` configurations: as listed in even rounds, reversed
 * in odd ones, so no configuration always runs first (after the previous round's garbage, such as
 * the 4-panel run's) or always right after another. Use an even number of rounds for a balanced
 * comparison.
 */
export function roundOrder(count: number, round: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  return round % 2 === 0 ? order : order.reverse();
}

/** `numerator[i] ÷ denominator[i]` of one metric for each round, summarized. */
export function pairedRatios(numerator: readonly RunSample[], denominator: readonly RunSample[], metric: (s: RunSample) => number): Summary {
  if (numerator.length !== denominator.length) throw new RangeError(`Cannot pair ${numerator.length} runs with ${denominator.length}.`);
  return summarize(numerator.map((run, i) => metric(run) / metric(denominator[i] as RunSample)));
}

export function summarizeRuns(label: string, panelSettings: readonly string[], warmup: RunSample, runs: readonly RunSample[]): ConfigResult {
  const last = runs.at(-1) ?? warmup;
  const prefill = runs.map((r) => r.prefillMs);
  const key = (s: RunSample) => JSON.stringify(s.tokenIds);
  return {
    label,
    panels: last.tokenIds.length,
    panelSettings,
    timeToFirstTokenMs: summarize(runs.map((r) => r.timeToFirstTokenMs)),
    prefillMs: prefill.every((p): p is number => p !== null) ? summarize(prefill) : null,
    decodeTokensPerSecond: summarize(runs.map((r) => r.decodeTokensPerSecond)),
    perPanelTokensPerSecond: summarize(runs.map((r) => r.perPanelTokensPerSecond)),
    tokensPerPanel: last.tokenIds.map((ids) => ids.length),
    sameIdsEveryRun: runs.every((r) => key(r) === key(warmup)),
  };
}

/** A configuration as the rounds ran it: its label and its panels' settings, as printed. */
export interface ConfigLabel {
  readonly label: string;
  readonly panelSettings: readonly string[];
}

/**
 * One dtype's result from its configurations' runs, in the order both benchmarks run them: our
 * loop with one greedy panel, transformers.js's `generate()`, then our loop with more panels.
 */
export function dtypeResult(dtype: string, load: { readonly loadMs: number; readonly warmupMs: number }, configs: readonly ConfigLabel[], warmups: readonly RunSample[], runs: readonly (readonly RunSample[])[]): DtypeResult {
  const OURS = 0;
  const GENERATE = 1;
  const measured = (i: number) => runs[i] ?? [];
  const result = (i: number) => {
    const c = configs[i];
    const warmup = warmups[i];
    if (!c || !warmup) throw new Error(`No runs for configuration ${i}.`);
    return summarizeRuns(c.label, c.panelSettings, warmup, measured(i));
  };
  // Index 0 is both "ours" and the 1-panel batch: the same greedy panel, measured once.
  const batchIndices = [OURS, ...configs.map((_, i) => i).filter((i) => i > GENERATE)];
  const tokensPerSecond = (s: RunSample) => s.decodeTokensPerSecond;
  return {
    dtype,
    loadMs: load.loadMs,
    warmupMs: load.warmupMs,
    ours: result(OURS),
    generate: result(GENERATE),
    ids: compareIds(measured(OURS).at(-1)?.tokenIds[0] ?? [], measured(GENERATE).at(-1)?.tokenIds[0] ?? []),
    batches: batchIndices.map(result),
    sameRound: {
      decodeTokensPerSecond: pairedRatios(measured(OURS), measured(GENERATE), tokensPerSecond),
      timeToFirstTokenMs: pairedRatios(measured(OURS), measured(GENERATE), (s) => s.timeToFirstTokenMs),
    },
    sameRoundBatchVsOne: batchIndices.map((i) => pairedRatios(measured(i), measured(OURS), tokensPerSecond)),
  };
}

export function compareIds(ours: readonly TokenId[], theirs: readonly TokenId[]): IdComparison {
  const shared = Math.min(ours.length, theirs.length);
  let firstDifference: number | null = null;
  for (let i = 0; i < shared; i++) {
    if (ours[i] !== theirs[i]) {
      firstDifference = i;
      break;
    }
  }
  return {
    identical: firstDifference === null && ours.length === theirs.length,
    ours: ours.length,
    theirs: theirs.length,
    firstDifference,
    oursIds: [...ours],
    theirsIds: [...theirs],
  };
}

const spreadNote = (s: Summary) => formatSpread(s.spread) + (s.spread > NOISY_SPREAD ? ' (noisy)' : '');

/** Part 1: our loop against generate(), one greedy panel. */
export function comparisonTable(result: DtypeResult): string {
  const { ours, generate: theirs, ids } = result;
  const row = (c: ConfigResult) => [
    c.label,
    formatNumber(c.timeToFirstTokenMs.median),
    c.prefillMs ? formatNumber(c.prefillMs.median) : '—',
    formatNumber(c.decodeTokensPerSecond.median),
    String(c.tokensPerPanel[0] ?? 0),
    spreadNote(c.decodeTokensPerSecond),
    spreadNote(c.timeToFirstTokenMs),
  ];
  const table = formatTable(
    columns('', 'TTFT ms', 'prefill ms', 'decode tok/s', 'tokens', left('tok/s spread'), left('TTFT spread')),
    [
      row(ours),
      row(theirs),
      [
        'ours / generate()',
        formatRatio(ours.timeToFirstTokenMs.median / theirs.timeToFirstTokenMs.median),
        '',
        formatRatio(ours.decodeTokensPerSecond.median / theirs.decodeTokensPerSecond.median),
      ],
      [
        '  same round, median',
        formatRatio(result.sameRound.timeToFirstTokenMs.median),
        '',
        formatRatio(result.sameRound.decodeTokensPerSecond.median),
        '',
        spreadNote(result.sameRound.decodeTokensPerSecond),
        spreadNote(result.sameRound.timeToFirstTokenMs),
      ],
    ],
  );
  const idLine = ids.identical
    ? `token ids: identical (${ids.ours} of ${ids.theirs})`
    : `token ids: DIFFER — ours ${ids.ours} tokens, generate() ${ids.theirs}` +
      (ids.firstDifference !== null ? `, first difference at token ${ids.firstDifference} (ours ${ids.oursIds[ids.firstDifference]}, generate() ${ids.theirsIds[ids.firstDifference]})` : '');
  return `${table}\n${idLine}`;
}

/** Part 2: 1, 2 and 4 batched panels against 1. */
export function batchTable(batches: readonly ConfigResult[], sameRound: readonly Summary[]): string {
  const base = batches[0];
  if (!base) return '';
  const rows = batches.map((b, i) => [
    String(b.panels),
    formatNumber(b.decodeTokensPerSecond.median),
    formatNumber(b.perPanelTokensPerSecond.median),
    formatNumber(b.timeToFirstTokenMs.median),
    formatRatio(b.decodeTokensPerSecond.median / base.decodeTokensPerSecond.median),
    formatRatio(b.perPanelTokensPerSecond.median / base.perPanelTokensPerSecond.median),
    sameRound[i] ? formatRatio(sameRound[i].median) : 'n/a',
    b.tokensPerPanel.join('/'),
    spreadNote(b.decodeTokensPerSecond),
  ]);
  const table = formatTable(
    columns({ header: 'panels', align: 'right' }, 'aggregate tok/s', 'per-panel tok/s', 'TTFT ms', 'aggregate vs 1', 'per-panel vs 1', 'aggregate vs 1, same round', left('tokens'), left('spread')),
    rows,
  );
  const widest = batches.at(-1);
  const legend = widest ? `panel settings: ${widest.panelSettings.map((s, i) => `${i + 1}) ${s}`).join('  ')}` : '';
  return `${table}\n${legend}`;
}

/** Lines that warn about results a reader should not trust as they are. */
export function warnings(result: DtypeResult): string[] {
  const lines: string[] = [];
  const all = [result.ours, result.generate, ...result.batches.slice(1)];
  for (const c of all) {
    if (!c.sameIdsEveryRun) lines.push(`${c.label}: the runs did not all generate the same ids, so they did not do equal work.`);
    if (c.decodeTokensPerSecond.spread > NOISY_SPREAD) {
      lines.push(`${c.label}: tok/s repeats spread ${formatSpread(c.decodeTokensPerSecond.spread)} (${c.decodeTokensPerSecond.samples.map(formatNumber).join(', ')}) — likely other work on the machine; trust the median less, or rerun with more --repeats.`);
    }
  }
  return lines;
}

/**
 * Writes a run's JSON to `<root>/bench-results/<kind>-<start time>.json` and returns its path
 * relative to the working folder, as the benchmarks print it.
 */
export function writeResults(root: string, kind: string, started: Date, json: unknown): string {
  const file = path.join(root, 'bench-results', `${kind}-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
  return path.relative(process.cwd(), file);
}
