import { beforeEach, describe, expect, it } from 'vitest';
import { NEUTRAL_SAMPLING_SETTINGS, tokenId, type SamplingStep } from '../engine/types.ts';
import type { FromWorker, ToWorker } from '../worker/protocol.ts';
import { addPanel, generate, loadModel, stop } from './actions.ts';
import { resetStore, useStore } from './store.ts';
import { connectWorker, type WorkerPort } from './worker-bridge.ts';

const step = (id: number): SamplingStep => ({
  tokenId: tokenId(id),
  rawProbability: 0.5,
  finalProbability: 0.6,
  rawRank: 0,
  uniform: 0.1,
  keptCount: 3,
  greedy: false,
  topCandidates: [],
});

/** A fake worker: records what the page sends; the test plays the worker's answers. */
function fakeWorker() {
  const sent: ToWorker[] = [];
  const frames: (() => void)[] = [];
  const port: WorkerPort = { postMessage: (m) => sent.push(m), onmessage: null };
  connectWorker(port, (flush) => frames.push(flush));
  /** Plays one worker message, then lets the calls it settles run their continuations. */
  const reply = async (message: FromWorker) => {
    port.onmessage?.({ data: message } as MessageEvent<FromWorker>);
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { sent, frames, reply };
}

beforeEach(() => resetStore());

describe('worker bridge', () => {
  it('leaves loading only on the terminal message, and shows per-file progress', async () => {
    const { sent, frames, reply } = fakeWorker();
    loadModel();
    const load = sent[0];
    if (load?.type !== 'load') throw new Error('no load sent');
    expect(useStore.getState().loadStatus).toBe('loading');
    await reply({ type: 'load_progress', requestId: load.requestId, file: 'onnx/model.onnx', loaded: 10, total: 100, done: false });
    expect(useStore.getState().files).toEqual({}); // applied on the next frame, not per message
    frames.shift()?.();
    expect(useStore.getState().files['onnx/model.onnx']).toEqual({ loaded: 10, total: 100, done: false });
    await reply({ type: 'ready', requestId: load.requestId, model: { contextLength: 256 } as never });
    expect(useStore.getState().loadStatus).toBe('loading');
    await reply({ type: 'done', requestId: load.requestId, request: 'load' });
    expect(useStore.getState().loadStatus).toBe('ready');
  });

  // Fast models send many token messages; the page must apply them once per frame, in order.
  it('batches token messages per frame and routes them to their panels', async () => {
    const { sent, frames, reply } = fakeWorker();
    useStore.setState({ loadStatus: 'ready', loaded: { contextLength: 256 } as never });
    addPanel();
    generate();
    const request = sent.at(-1);
    if (request?.type !== 'generate') throw new Error('no generate sent');
    expect(request.panels).toHaveLength(2);
    expect(request.panels.every((p) => p.seed === useStore.getState().seed)).toBe(true); // shared seed by default
    const snapshot = (index: number, id: number, text: string) => ({ index, step: step(id), tokenText: text, textDelta: text, candidateTexts: [], atMs: 10 + index });
    await reply({ type: 'tokens', requestId: request.requestId, panels: [{ panel: 0, tokens: [snapshot(0, 1, 'Hi')] }] });
    await reply({ type: 'tokens', requestId: request.requestId, panels: [{ panel: 1, tokens: [snapshot(0, 2, 'Yo')] }, { panel: 0, tokens: [snapshot(1, 3, '!')] }] });
    expect(frames).toHaveLength(1);
    frames.shift()?.();
    const [a, b] = useStore.getState().panels;
    expect(a?.text).toBe('Hi!');
    expect(a?.tokens.map((t) => t.step.tokenId)).toEqual([1, 3]);
    expect(b?.text).toBe('Yo');

    stop(1);
    expect(sent.at(-1)).toMatchObject({ type: 'stop', target: request.requestId, panel: 1 });
    // The stopped panel is done with its own numbers while the other one still writes.
    await reply({
      type: 'panel_done',
      requestId: request.requestId,
      panel: 1,
      outcome: { finishReason: 'stopped', generatedTokens: 1, text: 'Yo', timeToFirstTokenMs: 12, decodeTokensPerSecond: 0 },
    });
    frames.shift()?.();
    expect(useStore.getState().panels.map((p) => [p.status, p.finishReason, p.metrics?.timeToFirstTokenMs ?? null])).toEqual([
      ['running', null, null],
      ['done', 'stopped', 12],
    ]);
    await reply({
      type: 'done',
      requestId: request.requestId,
      request: 'generate',
      result: {
        promptIds: [tokenId(15496)],
        promptTokenTexts: ['Hello'],
        promptTokens: 1,
        droppedPromptTokens: 0,
        timeToFirstTokenMs: 12,
        prefillMs: 10,
        prefillTokensPerSecond: 100,
        decodeMs: 20,
        decodeStepsPerSecond: 50,
        decodeTokensPerSecond: 100,
        panels: [
          { finishReason: 'max_tokens', generatedTokens: 2, text: 'Hi!', timeToFirstTokenMs: 12, decodeTokensPerSecond: 50 },
          { finishReason: 'stopped', generatedTokens: 1, text: 'Yo', timeToFirstTokenMs: 12, decodeTokensPerSecond: 0 },
        ],
      },
    });
    const state = useStore.getState();
    expect(state.generateRequestId).toBeNull();
    expect(state.panels.map((p) => [p.status, p.finishReason, p.metrics?.decodeTokensPerSecond])).toEqual([
      ['done', 'max_tokens', 50],
      ['done', 'stopped', 0],
    ]);
    expect(state.promptTokenTexts).toEqual(['Hello']);
  });

  it('ignores messages of requests the page no longer waits for', async () => {
    const { reply, frames } = fakeWorker();
    await reply({ type: 'tokens', requestId: 'old', panels: [{ panel: 0, tokens: [{ index: 0, step: step(5), tokenText: 'x', textDelta: 'x', candidateTexts: [], atMs: 10 }] }] });
    frames.shift()?.();
    expect(useStore.getState().panels[0]?.text).toBe('');
  });

  it('shows a load error and leaves no model loaded', async () => {
    const { sent, reply } = fakeWorker();
    loadModel();
    const load = sent[0];
    if (load?.type !== 'load') throw new Error('no load sent');
    await reply({ type: 'error', requestId: load.requestId, error: { name: 'E', code: 'model_not_found', params: { modelId: 'x' }, detail: null } });
    expect(useStore.getState()).toMatchObject({ loadStatus: 'error', loaded: null, loadError: { code: 'model_not_found' } });
  });

  it('sends settings clamped into range', async () => {
    const { sent } = fakeWorker();
    useStore.setState({ loadStatus: 'ready', loaded: { contextLength: 256 } as never });
    useStore.setState((s) => ({ panels: s.panels.map((p) => ({ ...p, settings: { ...NEUTRAL_SAMPLING_SETTINGS, temperature: 9, topP: 0 }, maxNewTokens: 5000 })) }));
    generate();
    const request = sent.at(-1);
    if (request?.type !== 'generate') throw new Error('no generate sent');
    expect(request.panels[0]?.settings.temperature).toBe(2);
    expect(request.panels[0]?.settings.topP).toBeGreaterThan(0);
    expect(request.panels[0]?.maxNewTokens).toBe(256);
  });
});
