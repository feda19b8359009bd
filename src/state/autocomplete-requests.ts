/**
 * How a suggestion is asked for: after a pause in typing (debounce), first in the page's LRU
 * cache (a hit is shown at once, no model call), else from the worker, where only the latest
 * request may put its answer on screen (latest-request): typing again cancels the one in flight
 * (a `stop` to the worker), and an answer that still arrives for an older text is dropped.
 */
import { debounce, type Debounced } from '../engine/autocomplete/debounce.ts';
import { createLatestRequest, type LatestRequest } from '../engine/autocomplete/latest-request.ts';
import { createLruCache, suggestionKey, type LruCache } from '../engine/autocomplete/lru-cache.ts';
import { NEUTRAL_SAMPLING_SETTINGS, type SamplingSettings } from '../engine/types.ts';
import type { SuggestResult } from '../worker/protocol.ts';
import { clampSettings } from './settings-ranges.ts';
import { HISTORY_LIMIT, SUGGESTION_CACHE_CAPACITY, type AutocompleteModeState, type SuggestionRecord } from './slices/autocomplete-slice.ts';
import { useStore } from './store.ts';
import { callErrorInfo, workerClient } from './worker-client.ts';

/** One seed per alternative: three rows of one batch. Fixed, so a text always gets the same three. */
export const SUGGESTION_SEEDS: readonly number[] = [1, 2, 3];
/** Characters of the text each latency record keeps. */
const TAIL_CHARS = 24;

/** A cached suggestion keeps how much of its text was cropped, so a hit can say it too. */
let cache: LruCache<string, Pick<SuggestResult, 'alternatives' | 'droppedTokens'>> = createLruCache(SUGGESTION_CACHE_CAPACITY);
let latest: LatestRequest = createLatestRequest();
let pending: Debounced<[string]> | null = null;
let pendingDelay = -1;
let nextRecordId = 1;
/** The suggestion in flight: aborting it sends the worker a stop for its request. */
let inFlight: AbortController | null = null;

const now = () => performance.now();

function update(change: (state: AutocompleteModeState) => Partial<AutocompleteModeState>): void {
  useStore.setState((s) => ({ autocomplete: { ...s.autocomplete, ...change(s.autocomplete) } }));
}

function record(entry: Omit<SuggestionRecord, 'textTail'> & { text: string }): SuggestionRecord {
  const { text, ...rest } = entry;
  return { ...rest, textTail: text.slice(-TAIL_CHARS) };
}

function pushRecord(entry: SuggestionRecord): void {
  update((a) => ({ history: [entry, ...a.history].slice(0, HISTORY_LIMIT), cache: cache.stats() }));
}

/** The settings a suggestion is sampled with: the mode's three knobs, every other stage off. */
export function suggestionSettings(state: AutocompleteModeState): SamplingSettings {
  return clampSettings({ ...NEUTRAL_SAMPLING_SETTINGS, ...state.settings });
}

/** Waits `pauseMs` of no typing, then asks for a suggestion for `text` (replacing any wait under way). */
export function scheduleSuggestion(text: string): void {
  const delay = useStore.getState().autocomplete.pauseMs;
  if (!pending || pendingDelay !== delay) {
    pending?.cancel();
    pending = debounce(suggestNow, delay);
    pendingDelay = delay;
  }
  pending.call(text);
  update(() => ({ status: 'waiting' }));
}

/**
 * Drops the wait and the request in flight (the text changed, or the suggestion was dismissed).
 * The worker is told to stop; if its answer comes anyway it is recorded as stale, never shown.
 */
export function cancelSuggestion(): void {
  pending?.cancel();
  latest.cancel();
  if (useStore.getState().autocomplete.requestId) inFlight?.abort();
  inFlight = null;
  update(() => ({ status: 'idle', requestId: null }));
}

/** Asks for a suggestion for `text` now: the cache first, then the model. The pause ends here. */
export function suggestNow(text: string): void {
  const state = useStore.getState();
  const { loaded } = state;
  const mode = state.autocomplete;
  if (state.loadStatus !== 'ready' || !loaded || text !== mode.text) {
    update(() => ({ status: 'idle' }));
    return;
  }
  const pausedAt = now();
  const settings = suggestionSettings(mode);
  const key = suggestionKey({
    modelId: loaded.modelId,
    dtype: loaded.dtype,
    backend: loaded.device,
    settings: { temperature: settings.temperature, topK: settings.topK, topP: settings.topP, maxNewTokens: mode.maxNewTokens, seeds: SUGGESTION_SEEDS.length, seed: SUGGESTION_SEEDS[0] ?? 0 },
    text,
  });
  const id = nextRecordId++;
  const hit = cache.get(key);
  if (hit) {
    update(() => ({ status: 'idle', error: null, suggestion: { text, alternatives: hit.alternatives, index: 0, source: 'cache', droppedTokens: hit.droppedTokens } }));
    pushRecord(record({ id, text, outcome: 'hit', latencyMs: now() - pausedAt, device: loaded.device, work: null }));
    return;
  }
  update(() => ({ cache: cache.stats() }));
  const ticket = latest.begin(text);
  const finish = (result: SuggestResult) => {
    const latencyMs = now() - pausedAt;
    // A complete answer is right for its own text even when that text is gone: keep it.
    if (!result.cancelled) cache.set(key, { alternatives: result.alternatives, droppedTokens: result.droppedTokens });
    const shown = latest.settle(ticket, result);
    const work = { promptTokens: result.promptTokens, droppedTokens: result.droppedTokens, reusedTokens: result.reusedTokens, prefillKind: result.prefillKind, prefillMs: result.prefillMs, fullPrefill: result.fullPrefill, totalMs: result.totalMs };
    const fresh = shown !== null && !shown.cancelled && useStore.getState().autocomplete.text === text;
    if (fresh) update(() => ({ status: 'idle', requestId: null, error: null, suggestion: { text, alternatives: result.alternatives, index: 0, source: 'model', droppedTokens: result.droppedTokens } }));
    else if (shown !== null) update(() => ({ status: 'idle', requestId: null }));
    pushRecord(record({ id, text, outcome: fresh ? 'miss' : 'stale', latencyMs, device: loaded.device, work }));
  };
  const controller = new AbortController();
  inFlight = controller;
  const call = workerClient.call('suggest', { text, settings, seeds: SUGGESTION_SEEDS, maxNewTokens: mode.maxNewTokens }, { signal: controller.signal });
  update(() => ({ status: 'running', requestId: call.requestId }));
  call.then(finish, (error: unknown) => {
    const info = callErrorInfo(error);
    if (latest.settle(ticket, info) !== null) update(() => ({ status: 'idle', requestId: null, error: info }));
  });
}

/** Forgets the cache, its counters and anything pending (tests; the store's reset). */
export function resetAutocompleteRequests(): void {
  pending?.cancel();
  pending = null;
  pendingDelay = -1;
  latest.cancel();
  latest = createLatestRequest();
  cache = createLruCache(SUGGESTION_CACHE_CAPACITY);
  nextRecordId = 1;
}
