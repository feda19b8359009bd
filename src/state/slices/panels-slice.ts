import type { StateCreator } from 'zustand';
import type { FinishReason } from '../../engine/decode-loop.ts';
import type { SamplingSettings } from '../../engine/types.ts';
import type { LoadedModel, RequestId, TokenSnapshot, WorkerErrorInfo } from '../../worker/protocol.ts';
import { DEFAULT_MAX_NEW_TOKENS, DEFAULT_PROMPT, DEFAULT_SEED, defaultSettings } from '../defaults.ts';
import type { Store } from '../store.ts';

export interface PanelMetrics {
  readonly timeToFirstTokenMs: number;
  readonly decodeTokensPerSecond: number;
  readonly generatedTokens: number;
}

export type PanelStatus = 'idle' | 'running' | 'done' | 'error';

/** What a panel's last generation was asked for, exactly as sent: the output belongs to these. */
export interface PanelRun {
  readonly settings: SamplingSettings;
  readonly seed: number;
  readonly sharedSeed: boolean;
  readonly maxNewTokens: number;
}

export interface PanelState {
  /** Stable key for React and for URLs; not shown. */
  readonly id: string;
  readonly settings: SamplingSettings;
  /** Used when panels do not share the seed. */
  readonly seed: number;
  readonly maxNewTokens: number;
  readonly tokens: readonly TokenSnapshot[];
  readonly text: string;
  readonly status: PanelStatus;
  readonly finishReason: FinishReason | null;
  readonly metrics: PanelMetrics | null;
  /** The request behind `tokens` and `text`; null before the panel's first generation. */
  readonly run: PanelRun | null;
}

export interface PanelsSlice {
  readonly prompt: string;
  readonly panels: readonly PanelState[];
  /** Panels draw the same random numbers, so their differences come from the settings alone. */
  readonly sharedSeed: boolean;
  readonly seed: number;
  readonly generateRequestId: RequestId | null;
  /** The prompt of the last generation, as sent; null before the first. */
  readonly runPrompt: string | null;
  /** The model the last generation ran on (a later load does not change what it wrote with). */
  readonly runModel: LoadedModel | null;
  /** The prompt's token ids as the model saw them (after cropping to the context). */
  readonly promptIds: readonly number[];
  /** Each prompt token's text, aligned with `promptIds`. */
  readonly promptTokenTexts: readonly string[];
  readonly droppedPromptTokens: number;
  readonly generateError: WorkerErrorInfo | null;
}

let nextPanelId = 1;
export function newPanelId(): string {
  return `p${nextPanelId++}`;
}

export function initialPanel(overrides: Partial<PanelState> = {}): PanelState {
  return {
    id: newPanelId(),
    settings: defaultSettings(),
    seed: DEFAULT_SEED,
    maxNewTokens: DEFAULT_MAX_NEW_TOKENS,
    tokens: [],
    text: '',
    status: 'idle',
    finishReason: null,
    metrics: null,
    run: null,
    ...overrides,
  };
}

export function initialPanelsState(): PanelsSlice {
  return {
    prompt: DEFAULT_PROMPT,
    panels: [initialPanel()],
    sharedSeed: true,
    seed: DEFAULT_SEED,
    generateRequestId: null,
    runPrompt: null,
    runModel: null,
    promptIds: [],
    promptTokenTexts: [],
    droppedPromptTokens: 0,
    generateError: null,
  };
}

export const createPanelsSlice: StateCreator<Store, [], [], PanelsSlice> = () => initialPanelsState();
