import type { StateCreator } from 'zustand';
import type { FinishReason } from '../../engine/decode-loop.ts';
import type { SamplingSettings } from '../../engine/types.ts';
import type { RequestId, TokenSnapshot, WorkerErrorInfo } from '../../worker/protocol.ts';
import { DEFAULT_MAX_NEW_TOKENS, DEFAULT_PROMPT, DEFAULT_SEED, defaultSettings } from '../defaults.ts';
import type { Store } from '../store.ts';

export interface PanelMetrics {
  readonly timeToFirstTokenMs: number;
  readonly decodeTokensPerSecond: number;
  readonly generatedTokens: number;
}

export type PanelStatus = 'idle' | 'running' | 'done' | 'error';

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
}

export interface PanelsSlice {
  readonly prompt: string;
  readonly panels: readonly PanelState[];
  /** Panels draw the same random numbers, so their differences come from the settings alone. */
  readonly sharedSeed: boolean;
  readonly seed: number;
  readonly generateRequestId: RequestId | null;
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
    promptIds: [],
    promptTokenTexts: [],
    droppedPromptTokens: 0,
    generateError: null,
  };
}

export const createPanelsSlice: StateCreator<Store, [], [], PanelsSlice> = () => initialPanelsState();
