import { describe, expect, it } from 'vitest';
import { buildRunExport, exportFileName, hasFinishedRun, runToJson } from './export.ts';
import { initialPanel } from './slices/panels-slice.ts';
import { finishedRun, LOADED, NOW, SETTINGS_1 } from './testing/finished-run.ts';


describe('hasFinishedRun', () => {
  it('is false before any run and while one is running', () => {
    expect(hasFinishedRun({ panels: [initialPanel()], generateRequestId: null })).toBe(false);
    expect(hasFinishedRun({ ...finishedRun(), generateRequestId: 'generate-1' })).toBe(false);
    expect(buildRunExport({ ...finishedRun(), generateRequestId: 'generate-1' }, NOW)).toBeNull();
  });

  it('is true once a panel finished, also with an error', () => {
    expect(hasFinishedRun(finishedRun())).toBe(true);
    const run = { settings: SETTINGS_1, seed: 1, sharedSeed: true, maxNewTokens: 3 };
    expect(hasFinishedRun({ panels: [initialPanel({ status: 'error', run })], generateRequestId: null })).toBe(true);
  });
});

describe('buildRunExport', () => {
  it('holds the model, the prompt and each panel’s settings, ids, text, metrics and finish reason', () => {
    const run = buildRunExport(finishedRun(), NOW);
    expect(run).toMatchObject({
      format: 'gpt-playground-run',
      version: 1,
      exportedAt: '2026-03-04T05:06:07.890Z',
      model: { id: 'local/gpt2-tiny', dtype: 'q8', backend: 'wasm', contextLength: 1024, loadMs: 812.4, warmupMs: 35.6 },
      prompt: 'Hello, I am',
      promptTokenIds: [15496, 11, 314, 716],
      promptTokenTexts: ['Hello', ',', ' I', ' am'],
      sharedSeed: true,
    });
    expect(run?.panels).toHaveLength(2);
    expect(run?.panels[0]).toMatchObject({
      panel: 1,
      maxNewTokens: 2,
      tokenIds: [5811, 13],
      text: ' Bob.',
      finishReason: 'max_tokens',
      metrics: { timeToFirstTokenMs: 120.4, decodeTokensPerSecond: 41.25, generatedTokens: 2 },
    });
    expect(run?.panels[1]).toMatchObject({ panel: 2, tokenIds: [50256], finishReason: 'eos', settings: { greedy: true, repetitionPenalty: 1.3 } });
    expect(run?.panels[0]?.snapshots[1]?.step.topCandidates[0]?.id).toBe(13);
  });

  // With a shared seed every panel drew from the shared one; the panel's own seed was not used.
  it('reports the seed each panel actually drew from', () => {
    expect(buildRunExport(finishedRun(), NOW)?.panels.map((p) => p.seed)).toEqual([42, 42]);
    expect(buildRunExport(finishedRun({}, false), NOW)?.panels.map((p) => p.seed)).toEqual([7, 9]);
  });

  // Controls moved after the run must not rewrite its record; a panel added since has no run.
  it('records the settings and prompt the run was sent with, not the controls of now', () => {
    const state = finishedRun();
    const [first, second] = state.panels;
    if (!first || !second) throw new Error('expected two panels');
    const moved = {
      ...state,
      panels: [{ ...first, settings: { ...SETTINGS_1, temperature: 1.9 }, maxNewTokens: 200 }, second, initialPanel()],
    };
    const run = buildRunExport(moved, NOW);
    expect(run?.prompt).toBe('Hello, I am');
    expect(run?.panels.map((p) => p.panel)).toEqual([1, 2]);
    expect(run?.panels[0]).toMatchObject({ settings: { temperature: 0.7 }, maxNewTokens: 2 });
  });

  // A model loaded after the run did not write its text: the export names the one that did.
  it('names the model the run ran on, even after another one was loaded', async () => {
    const { resetStore, useStore } = await import('./store.ts');
    const { generate } = await import('./actions.ts');
    const { connectWorker } = await import('./worker-bridge.ts');
    resetStore();
    connectWorker({ postMessage: () => undefined, onmessage: null }, () => undefined);
    useStore.setState({ loadStatus: 'ready', loaded: LOADED });
    generate();
    useStore.setState({ loaded: { ...LOADED, modelId: 'local/gpt-neo-tiny', dtype: 'q4' } });
    expect(useStore.getState().runModel).toMatchObject({ modelId: 'local/gpt2-tiny', dtype: 'q8' });
  });

  it('survives JSON: what is written is what is read back', () => {
    const run = buildRunExport(finishedRun(), NOW);
    if (!run) throw new Error('expected a run');
    expect(JSON.parse(runToJson(run))).toEqual(run);
  });
});

describe('exportFileName', () => {
  it('is the export time with no characters file systems refuse', () => {
    const run = buildRunExport(finishedRun(), NOW);
    if (!run) throw new Error('expected a run');
    expect(exportFileName(run, 'json')).toBe('gpt-playground-2026-03-04T05-06-07.json');
    expect(exportFileName(run, 'md')).toBe('gpt-playground-2026-03-04T05-06-07.md');
  });
});
