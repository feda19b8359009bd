/**
 * A finished run as data, and as a JSON file with everything (down to every token's sampling
 * snapshot) for analysis. Pure: the Markdown report (in the page's language) and the download
 * happen in the UI (src/ui/share).
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
    /** Why `auto` ran on WASM, as a code (the page words it); null when it did not fall back. */
    readonly fallbackReason: LoadedModel['fallbackReason'];
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
  'runPrompt' | 'panels' | 'promptIds' | 'promptTokenTexts' | 'droppedPromptTokens' | 'runModel' | 'generateRequestId'
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
  const loaded = state.runModel;
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

/** `gpt-playground-2026-01-31T12-00-00.json`: sorts by time, valid on every file system. */
export function exportFileName(run: RunExport, extension: 'json' | 'md'): string {
  return `gpt-playground-${run.exportedAt.slice(0, 19).replace(/:/g, '-')}.${extension}`;
}
