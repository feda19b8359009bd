import type { StateCreator } from 'zustand';
import type { LruStats } from '../../engine/autocomplete/lru-cache.ts';
import type { Backend } from '../../engine/backend-support.ts';
import { DEFAULT_DEBOUNCE_MS } from '../../engine/autocomplete/debounce.ts';
import type { RequestId, SuggestResult, WorkerErrorInfo } from '../../worker/protocol.ts';
import type { Store } from '../store.ts';

/** The sampling knobs the autocomplete mode offers; the rest of the pipeline stays off. */
export interface AutocompleteSettings {
  readonly temperature: number;
  readonly topK: number;
  readonly topP: number;
}

/** The ghost text on screen: the alternatives for `text`, and which one is shown. */
export interface ShownSuggestion {
  /** The text the suggestion continues; always the editor's text while it is shown. */
  readonly text: string;
  readonly alternatives: readonly string[];
  readonly index: number;
  /** `cache`: found in the page's LRU cache, no model call. */
  readonly source: 'cache' | 'model';
  /** Leading tokens of the text the model did not see: the text was longer than the context leaves room for. */
  readonly droppedTokens: number;
}

/** What the model did for one suggestion (absent for cache hits: it did nothing). */
export type SuggestionWork = Pick<SuggestResult, 'promptTokens' | 'droppedTokens' | 'reusedTokens' | 'prefillKind' | 'prefillMs' | 'fullPrefill' | 'totalMs'>;

/**
 * One suggestion request, from the pause to its end. `hit`: served by the cache; `miss`: the
 * model computed it and it was shown; `stale`: the text changed first, so it was never shown.
 */
export interface SuggestionRecord {
  /** Increases with every pause that asked for a suggestion. */
  readonly id: number;
  /** The end of the text it was for (the list shows it, so a dropped one can be told apart). */
  readonly textTail: string;
  readonly outcome: 'hit' | 'miss' | 'stale';
  /** From the pause to the suggestion on screen (or, for `stale`, to its dropped answer). */
  readonly latencyMs: number;
  readonly device: Backend;
  readonly work: SuggestionWork | null;
}

/** The autocomplete teaching mode's state. */
export interface AutocompleteModeState {
  readonly text: string;
  readonly settings: AutocompleteSettings;
  /** Tokens per suggestion. */
  readonly maxNewTokens: number;
  /** How long typing must pause before a suggestion is asked for. */
  readonly pauseMs: number;
  /** `waiting`: typing paused too briefly yet; `running`: the model is computing one. */
  readonly status: 'idle' | 'waiting' | 'running';
  /** The request in flight, whose answer may still be shown. */
  readonly requestId: RequestId | null;
  readonly suggestion: ShownSuggestion | null;
  /** Newest first, at most {@link HISTORY_LIMIT}. */
  readonly history: readonly SuggestionRecord[];
  readonly cache: LruStats;
  readonly error: WorkerErrorInfo | null;
}

export interface AutocompleteSlice {
  readonly autocomplete: AutocompleteModeState;
}

/** Suggestions the page's LRU cache holds. */
export const SUGGESTION_CACHE_CAPACITY = 64;
/** Records kept for the latency list and its median and p95. */
export const HISTORY_LIMIT = 100;

export const DEFAULT_AUTOCOMPLETE_SETTINGS: AutocompleteSettings = { temperature: 0.8, topK: 40, topP: 0.95 };
export const DEFAULT_SUGGESTION_TOKENS = 5;

export function initialAutocompleteState(): AutocompleteSlice {
  return {
    autocomplete: {
      text: '',
      settings: DEFAULT_AUTOCOMPLETE_SETTINGS,
      maxNewTokens: DEFAULT_SUGGESTION_TOKENS,
      pauseMs: DEFAULT_DEBOUNCE_MS,
      status: 'idle',
      requestId: null,
      suggestion: null,
      history: [],
      cache: { size: 0, capacity: SUGGESTION_CACHE_CAPACITY, hits: 0, misses: 0, hitRate: 0, evictions: 0 },
      error: null,
    },
  };
}

export const createAutocompleteSlice: StateCreator<Store, [], [], AutocompleteSlice> = () => initialAutocompleteState();
