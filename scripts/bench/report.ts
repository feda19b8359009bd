/**
 * The benchmark's results as data (written to JSON) and as the tables it prints. Ratios are always
 * ours ÷ baseline from the same process: tokens/s above 1× is faster, TTFT below 1× is faster.
 * Two ratios are given: of the medians, and the median of per-round ratios ("same round"), which
 * pairs runs made seconds apart and so cancels more of the load that other work puts on the machine.
 */
import type { TokenId } from '../../src/engine/types.ts';
import { NOISY_SPREAD, summarize, type Summary } from './stats.ts';
import { formatNumber, formatRatio, formatSpread, formatTable } from './table.ts';
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
    [
      { header: '', align: 'left' },
      { header: 'TTFT ms', align: 'right' },
      { header: 'prefill ms', align: 'right' },
      { header: 'decode tok/s', align: 'right' },
      { header: 'tokens', align: 'right' },
      { header: 'tok/s spread', align: 'left' },
      { header: 'TTFT spread', align: 'left' },
    ],
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
    [
      { header: 'panels', align: 'right' },
      { header: 'aggregate tok/s', align: 'right' },
      { header: 'per-panel tok/s', align: 'right' },
      { header: 'TTFT ms', align: 'right' },
      { header: 'aggregate vs 1', align: 'right' },
      { header: 'per-panel vs 1', align: 'right' },
      { header: 'aggregate vs 1, same round', align: 'right' },
      { header: 'tokens', align: 'left' },
      { header: 'spread', align: 'left' },
    ],
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
