/**
 * A finished run as a file: JSON with everything (down to every token's sampling snapshot) for
 * analysis, and Markdown for reading and pasting into notes or an issue. Pure: the download
 * itself happens in the UI.
 */
import type { FinishReason } from '../engine/decode-loop.ts';
import type { SamplingSettings } from '../engine/types.ts';
import type { LoadedModel, TokenSnapshot } from '../worker/protocol.ts';
import type { PanelMetrics, PanelStatus } from './slices/panels-slice.ts';
import type { Store } from './store.ts';

export const RUN_EXPORT_FORMAT = 'gpt-playground-run';
export const RUN_EXPORT_VERSION = 1;

export interface PanelExport {
  /** 1-based, as the page numbers panels. */
  readonly panel: number;
  readonly status: PanelStatus;
  readonly settings: SamplingSettings;
  /** The seed the panel drew from: the shared one when panels share it. */
  readonly seed: number;
  readonly maxNewTokens: number;
  readonly tokenIds: readonly number[];
  readonly text: string;
  readonly finishReason: FinishReason | null;
  readonly metrics: PanelMetrics | null;
  readonly snapshots: readonly TokenSnapshot[];
}

export interface RunExport {
  readonly format: typeof RUN_EXPORT_FORMAT;
  readonly version: typeof RUN_EXPORT_VERSION;
  /** ISO 8601. */
  readonly exportedAt: string;
  readonly model: {
    readonly id: string;
    readonly dtype: LoadedModel['dtype'];
    readonly backend: LoadedModel['device'];
    readonly fallbackReason: string | null;
    readonly contextLength: number;
    readonly loadMs: number;
    readonly warmupMs: number;
  } | null;
  readonly prompt: string;
  readonly promptTokenIds: readonly number[];
  readonly promptTokenTexts: readonly string[];
  /** Prompt tokens cut from the start because the prompt did not fit the context. */
  readonly droppedPromptTokens: number;
  readonly sharedSeed: boolean;
  readonly panels: readonly PanelExport[];
}

export type RunSource = Pick<
  Store,
  'runPrompt' | 'panels' | 'promptIds' | 'promptTokenTexts' | 'droppedPromptTokens' | 'loaded' | 'generateRequestId'
>;

/** Whether there is a run to export: nothing is running and at least one panel got to its end. */
export function hasFinishedRun(state: Pick<RunSource, 'panels' | 'generateRequestId'>): boolean {
  return state.generateRequestId === null && state.panels.some((p) => p.run !== null && (p.status === 'done' || p.status === 'error'));
}

/**
 * The run as data; null while there is none (see {@link hasFinishedRun}). Settings, seeds and the
 * prompt are the ones the run was sent with, not what the controls show now; panels added since
 * the run are left out.
 */
export function buildRunExport(state: RunSource, now: Date): RunExport | null {
  if (!hasFinishedRun(state)) return null;
  const { loaded } = state;
  const ran = state.panels.flatMap((p, i) => (p.run ? [{ panel: p, run: p.run, number: i + 1 }] : []));
  return {
    format: RUN_EXPORT_FORMAT,
    version: RUN_EXPORT_VERSION,
    exportedAt: now.toISOString(),
    model: loaded && {
      id: loaded.modelId,
      dtype: loaded.dtype,
      backend: loaded.device,
      fallbackReason: loaded.fallbackReason,
      contextLength: loaded.contextLength,
      loadMs: loaded.loadMs,
      warmupMs: loaded.warmupMs,
    },
    prompt: state.runPrompt ?? '',
    promptTokenIds: state.promptIds,
    promptTokenTexts: state.promptTokenTexts,
    droppedPromptTokens: state.droppedPromptTokens,
    sharedSeed: ran.every(({ run }) => run.sharedSeed),
    panels: ran.map(({ panel: p, run, number }) => ({
      panel: number,
      status: p.status,
      settings: run.settings,
      seed: run.seed,
      maxNewTokens: run.maxNewTokens,
      tokenIds: p.tokens.map((t) => t.step.tokenId),
      text: p.text,
      finishReason: p.finishReason,
      metrics: p.metrics,
      snapshots: p.tokens,
    })),
  };
}

export function runToJson(run: RunExport): string {
  return `${JSON.stringify(run, null, 2)}\n`;
}

// --- Markdown ---

const FINISH_REASONS: Readonly<Record<FinishReason, string>> = {
  max_tokens: 'reached the token limit',
  eos: 'the model ended the text',
  context_full: 'the context window is full',
  stopped: 'stopped by hand',
  cancelled: 'cancelled',
};

/** A fence longer than any backtick run in `text`, so generated text cannot close it early. */
function fenced(text: string): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

/** Table cells may not hold a raw `|` or a newline. */
const cell = (value: string): string => value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

const ms = (value: number): string => `${Math.round(value)} ms`;

function settingsRows(p: PanelExport, sharedSeed: boolean): string[][] {
  const s = p.settings;
  return [
    ['Temperature', s.greedy ? `${s.temperature} (greedy: on)` : String(s.temperature)],
    ['Top-k', s.topK === 0 ? '0 (off)' : String(s.topK)],
    ['Top-p', s.topP >= 1 ? '1 (off)' : String(s.topP)],
    ['Min-p', s.minP === 0 ? '0 (off)' : String(s.minP)],
    ['Repetition penalty', s.repetitionPenalty === 1 ? '1 (off)' : String(s.repetitionPenalty)],
    ['No-repeat n-gram size', s.noRepeatNgramSize === 0 ? '0 (off)' : String(s.noRepeatNgramSize)],
    ['Seed', sharedSeed ? `${p.seed} (shared)` : String(p.seed)],
    ['Max new tokens', String(p.maxNewTokens)],
  ];
}

function table(header: readonly [string, string], rows: readonly (readonly string[])[]): string {
  return [`| ${header[0]} | ${header[1]} |`, '| --- | --- |', ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

function panelMarkdown(p: PanelExport, sharedSeed: boolean): string {
  const parts = [`## Panel ${p.panel}`, table(['Setting', 'Value'], settingsRows(p, sharedSeed))];
  const result: string[][] = [['Finish', p.finishReason ? FINISH_REASONS[p.finishReason] : p.status]];
  if (p.metrics) {
    result.push(
      ['Generated tokens', String(p.metrics.generatedTokens)],
      ['Time to first token', ms(p.metrics.timeToFirstTokenMs)],
      ['Decode speed', `${p.metrics.decodeTokensPerSecond.toFixed(1)} tokens/s`],
    );
  }
  parts.push(table(['Result', 'Value'], result), '### Text', fenced(p.text));
  if (p.tokenIds.length > 0) parts.push('### Token ids', fenced(p.tokenIds.join(' ')));
  return parts.join('\n\n');
}

/** A readable report of the run. */
export function runToMarkdown(run: RunExport): string {
  const model = run.model
    ? table(
        ['Model', 'Value'],
        [
          ['Id', run.model.id],
          ['Dtype', run.model.dtype],
          ['Backend', run.model.fallbackReason ? `${run.model.backend} (fell back: ${run.model.fallbackReason})` : run.model.backend],
          ['Context', `${run.model.contextLength} tokens`],
          ['Load', `${ms(run.model.loadMs)} + ${ms(run.model.warmupMs)} warm-up`],
        ],
      )
    : 'No model was loaded.';
  const dropped = run.droppedPromptTokens > 0 ? `\n\n${run.droppedPromptTokens} prompt tokens were dropped from the start to fit the context.` : '';
  const sections = [
    '# GPT Playground run',
    `Exported ${run.exportedAt}.`,
    model,
    '## Prompt',
    fenced(run.prompt),
    `Prompt token ids (${run.promptTokenIds.length}):${dropped}`,
    fenced(run.promptTokenIds.join(' ')),
    ...run.panels.map((p) => panelMarkdown(p, run.sharedSeed)),
  ];
  return `${sections.join('\n\n')}\n`;
}

/** `gpt-playground-2026-01-31T12-00-00.json`: sorts by time, valid on every file system. */
export function exportFileName(run: RunExport, extension: 'json' | 'md'): string {
  return `gpt-playground-${run.exportedAt.slice(0, 19).replace(/:/g, '-')}.${extension}`;
}
