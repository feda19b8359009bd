// The autocomplete flow against a fake worker: the pause, the cache, and above all that an answer
// for a text that has since changed is never shown, whichever order the answers come in.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SuggestRequest, SuggestResult } from '../worker/protocol.ts';
import { acceptSuggestion, cycleAlternative, dismissSuggestion, setAutocompleteSettings, setAutocompleteText, setPauseMs } from './autocomplete-actions.ts';
import { resetAutocompleteRequests, SUGGESTION_SEEDS } from './autocomplete-requests.ts';
import { resetStore, useStore } from './store.ts';
import { connectFakeWorker } from './testing/fake-worker.ts';

function fakeWorker() {
  const { sent, reply } = connectFakeWorker();
  const suggests = () => sent.filter((m): m is SuggestRequest => m.type === 'suggest');
  return { sent, reply, suggests };
}

const result = (alternatives: string[], overrides: Partial<SuggestResult> = {}): SuggestResult => ({
  alternatives,
  promptTokens: 4,
  droppedTokens: 0,
  reusedTokens: 0,
  prefillKind: 'fresh',
  prefillMs: 3,
  fullPrefill: { tokens: 4, ms: 3 },
  totalMs: 9,
  cancelled: false,
  ...overrides,
});

const ac = () => useStore.getState().autocomplete;

beforeEach(() => {
  vi.useFakeTimers();
  resetStore();
  resetAutocompleteRequests();
  useStore.setState({ loadStatus: 'ready', loaded: { modelId: 'local/gpt2-tiny', dtype: 'fp32', device: 'wasm', contextLength: 256 } as never });
});
afterEach(() => vi.useRealTimers());

describe('autocomplete', () => {
  it('asks once, after the pause, with three seeds in one request', async () => {
    const { suggests } = fakeWorker();
    setAutocompleteText('O');
    vi.advanceTimersByTime(200);
    setAutocompleteText('On');
    vi.advanceTimersByTime(249);
    expect(suggests()).toHaveLength(0);
    expect(ac().status).toBe('waiting');
    vi.advanceTimersByTime(1);
    expect(suggests()).toHaveLength(1);
    expect(suggests()[0]).toMatchObject({ text: 'On', seeds: SUGGESTION_SEEDS, maxNewTokens: 5, settings: { temperature: 0.8, topK: 40, topP: 0.95, repetitionPenalty: 1 } });
    expect(SUGGESTION_SEEDS).toHaveLength(3);
    expect(ac().status).toBe('running');
  });

  it('shows the answer with its latency from the pause, and a repeated text is an instant cache hit', async () => {
    const { suggests, reply } = fakeWorker();
    setAutocompleteText('Once');
    vi.advanceTimersByTime(250);
    const request = suggests()[0]!;
    vi.advanceTimersByTime(40); // the model takes 40 ms
    await reply({ type: 'done', requestId: request.requestId, request: 'suggest', result: result([' upon', ' more', ' again']) });
    expect(ac().suggestion).toEqual({ text: 'Once', alternatives: [' upon', ' more', ' again'], index: 0, source: 'model', droppedTokens: 0 });
    expect(ac().history[0]).toMatchObject({ outcome: 'miss', latencyMs: 40, textTail: 'Once', device: 'wasm', work: { promptTokens: 4, prefillMs: 3 } });
    expect(ac().status).toBe('idle');

    setAutocompleteText('Once ');
    expect(ac().suggestion).toBeNull();
    setAutocompleteText('Once');
    vi.advanceTimersByTime(250);
    expect(suggests()).toHaveLength(1); // no second request: the cache answered
    expect(ac().suggestion).toMatchObject({ alternatives: [' upon', ' more', ' again'], source: 'cache' });
    expect(ac().history[0]).toMatchObject({ outcome: 'hit', latencyMs: 0, work: null });
    expect(ac().cache).toMatchObject({ size: 1, hits: 1, misses: 1, hitRate: 0.5 });
  });

  // A text past the context: the shown suggestion says how many leading tokens the model did not
  // see, and so does the same suggestion served again from the cache.
  it('carries the cropped token count to the suggestion, the history and a cache hit', async () => {
    const { suggests, reply } = fakeWorker();
    const long = 'hola '.repeat(5000);
    setAutocompleteText(long);
    vi.advanceTimersByTime(250);
    await reply({ type: 'done', requestId: suggests()[0]!.requestId, request: 'suggest', result: result([' a', ' b', ' c'], { promptTokens: 251, droppedTokens: 9750 }) });
    expect(ac().suggestion).toMatchObject({ source: 'model', droppedTokens: 9750 });
    expect(ac().history[0]?.work).toMatchObject({ promptTokens: 251, droppedTokens: 9750 });
    setAutocompleteText(`${long}x`);
    setAutocompleteText(long);
    vi.advanceTimersByTime(250);
    expect(suggests()).toHaveLength(1);
    expect(ac().suggestion).toMatchObject({ source: 'cache', alternatives: [' a', ' b', ' c'], droppedTokens: 9750 });
  });

  it('keys the cache on the settings: other settings ask the model again', async () => {
    const { suggests, reply } = fakeWorker();
    setAutocompleteText('Once');
    vi.advanceTimersByTime(250);
    await reply({ type: 'done', requestId: suggests()[0]!.requestId, request: 'suggest', result: result(['a', 'b', 'c']) });
    setAutocompleteSettings({ temperature: 1.3 });
    setAutocompleteText('Once');
    vi.advanceTimersByTime(250);
    expect(suggests()).toHaveLength(2);
    expect(suggests()[1]?.settings.temperature).toBe(1.3);
  });

  describe.each([
    ['the stale answer arrives last', false],
    ['the stale answer arrives first', true],
  ])('typing during a request: %s', (_, staleFirst) => {
    it('stops the request in flight and never shows its answer', async () => {
      const { sent, suggests, reply } = fakeWorker();
      setAutocompleteText('Once');
      vi.advanceTimersByTime(250);
      const stale = suggests()[0]!;
      setAutocompleteText('Once upon');
      expect(sent.at(-1)).toMatchObject({ type: 'stop', target: stale.requestId, panel: null });
      expect(ac().requestId).toBeNull();
      vi.advanceTimersByTime(250);
      const current = suggests()[1]!;
      expect(current.text).toBe('Once upon');
      const staleAnswer = () => reply({ type: 'done', requestId: stale.requestId, request: 'suggest', result: result([' STALE', ' STALE', ' STALE']) });
      if (staleFirst) {
        await staleAnswer();
        expect(ac().suggestion).toBeNull();
        expect(ac().status).toBe('running'); // still waiting for the current one
      }
      await reply({ type: 'done', requestId: current.requestId, request: 'suggest', result: result([' a time', ' the', ' it']) });
      if (!staleFirst) await staleAnswer();
      expect(ac().suggestion).toMatchObject({ text: 'Once upon', alternatives: [' a time', ' the', ' it'] });
      expect(ac().status).toBe('idle');
      expect(ac().history.map((r) => [r.textTail, r.outcome])).toEqual(
        staleFirst
          ? [['Once upon', 'miss'], ['Once', 'stale']]
          : [['Once', 'stale'], ['Once upon', 'miss']],
      );
    });
  });

  it('drops an answer the worker cut short, and an error of a stale request', async () => {
    const { suggests, reply } = fakeWorker();
    setAutocompleteText('Once');
    vi.advanceTimersByTime(250);
    const first = suggests()[0]!;
    setAutocompleteText('Once upon');
    await reply({ type: 'done', requestId: first.requestId, request: 'suggest', result: result([' up'], { cancelled: true }) });
    await reply({ type: 'error', requestId: 'unrelated', error: { name: 'E', code: 'internal', params: {}, detail: 'x' } });
    vi.advanceTimersByTime(250);
    const second = suggests()[1]!;
    await reply({ type: 'error', requestId: second.requestId, error: { name: 'E', code: 'internal', params: {}, detail: 'The model failed.' } });
    expect(ac()).toMatchObject({ suggestion: null, status: 'idle', error: { detail: 'The model failed.' } });
    // The cut-short answer was not cached: the same text asks the model again.
    setAutocompleteText('Once');
    vi.advanceTimersByTime(250);
    expect(suggests()).toHaveLength(3);
  });

  it('accepts with Tab, cycles the alternatives both ways, and dismisses', async () => {
    const { sent, suggests, reply } = fakeWorker();
    setAutocompleteText('Hi');
    vi.advanceTimersByTime(250);
    await reply({ type: 'done', requestId: suggests()[0]!.requestId, request: 'suggest', result: result([' there', ' you', ' all']) });
    expect(cycleAlternative(1)).toBe(true);
    expect(ac().suggestion?.index).toBe(1);
    cycleAlternative(-1);
    cycleAlternative(-1);
    expect(ac().suggestion?.index).toBe(2); // wrapped from 0 to the last one
    expect(acceptSuggestion()).toBe(true);
    expect(ac().text).toBe('Hi all');
    expect(ac().suggestion).toBeNull();
    vi.advanceTimersByTime(250);
    expect(suggests().at(-1)?.text).toBe('Hi all'); // the accepted text gets its own suggestion
    expect(dismissSuggestion()).toBe(true);
    expect(sent.at(-1)).toMatchObject({ type: 'stop', target: suggests().at(-1)?.requestId });
    expect(acceptSuggestion()).toBe(false);
    expect(cycleAlternative(1)).toBe(false);
  });

  it('waits the chosen pause, and asks nothing without a model or text', async () => {
    const { suggests } = fakeWorker();
    setPauseMs(600);
    setAutocompleteText('Hi');
    vi.advanceTimersByTime(599);
    expect(suggests()).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(suggests()).toHaveLength(1);
    setAutocompleteText('');
    vi.advanceTimersByTime(1000);
    useStore.setState({ loadStatus: 'loading', loaded: null });
    setAutocompleteText('Hello');
    vi.advanceTimersByTime(1000);
    expect(suggests()).toHaveLength(1);
    expect(ac().status).toBe('idle');
  });
});
