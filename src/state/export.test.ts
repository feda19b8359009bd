import { describe, expect, it } from 'vitest';
import { tokenId } from '../engine/types.ts';
import type { LoadedModel, TokenSnapshot } from '../worker/protocol.ts';
import { buildRunExport, exportFileName, hasFinishedRun, runToJson, runToMarkdown, type RunSource } from './export.ts';
import { initialPanel } from './slices/panels-slice.ts';

const NOW = new Date('2026-03-04T05:06:07.890Z');

/** GPT-2 ids: " Bob" = 5811, "." = 13. */
function snapshot(index: number, id: number, tokenText: string): TokenSnapshot {
  return {
    index,
    tokenText,
    textDelta: tokenText,
    candidateTexts: [tokenText],
    step: {
      tokenId: tokenId(id),
      rawProbability: 0.5,
      finalProbability: 0.625,
      rawRank: 0,
      uniform: 0.25,
      keptCount: 3,
      greedy: false,
      topCandidates: [{ id: tokenId(id), rawProbability: 0.5, finalProbability: 0.625, removedBy: null, penalized: false }],
    },
  };
}

const LOADED: LoadedModel = {
  modelId: 'local/gpt2-tiny',
  dtype: 'q8',
  device: 'wasm',
  fallbackReason: 'This browser has no WebGPU (navigator.gpu is missing).',
  adapter: { available: false, code: 'no_webgpu', reason: 'This browser has no WebGPU (navigator.gpu is missing).' },
  contextLength: 1024,
  vocabSize: 50257,
  eosTokenId: 50256,
  loadMs: 812.4,
  warmupMs: 35.6,
  storage: 'stored',
};

const SETTINGS_1 = { temperature: 0.7, greedy: false, topK: 50, topP: 0.95, minP: 0, repetitionPenalty: 1, noRepeatNgramSize: 0 };
const SETTINGS_2 = { temperature: 0, greedy: true, topK: 0, topP: 1, minP: 0, repetitionPenalty: 1.3, noRepeatNgramSize: 2 };

/** Two finished panels; with `sharedSeed` both drew from 42, else from their own 7 and 9. */
function finishedRun(overrides: Partial<RunSource> = {}, sharedSeed = true): RunSource {
  return {
    runPrompt: 'Hello, I am',
    promptIds: [15496, 11, 314, 716],
    promptTokenTexts: ['Hello', ',', ' I', ' am'],
    droppedPromptTokens: 0,
    loaded: LOADED,
    generateRequestId: null,
    panels: [
      initialPanel({
        settings: SETTINGS_1,
        seed: 7,
        maxNewTokens: 2,
        run: { settings: SETTINGS_1, seed: sharedSeed ? 42 : 7, sharedSeed, maxNewTokens: 2 },
        tokens: [snapshot(0, 5811, ' Bob'), snapshot(1, 13, '.')],
        text: ' Bob.',
        status: 'done',
        finishReason: 'max_tokens',
        metrics: { timeToFirstTokenMs: 120.4, decodeTokensPerSecond: 41.25, generatedTokens: 2 },
      }),
      initialPanel({
        settings: SETTINGS_2,
        seed: 9,
        maxNewTokens: 5,
        run: { settings: SETTINGS_2, seed: sharedSeed ? 42 : 9, sharedSeed, maxNewTokens: 5 },
        tokens: [snapshot(0, 50256, '')],
        text: 'has ```fences``` | pipes',
        status: 'done',
        finishReason: 'eos',
        metrics: { timeToFirstTokenMs: 120.4, decodeTokensPerSecond: 0, generatedTokens: 1 },
      }),
    ],
    ...overrides,
  };
}

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

  it('survives JSON: what is written is what is read back', () => {
    const run = buildRunExport(finishedRun(), NOW);
    if (!run) throw new Error('expected a run');
    expect(JSON.parse(runToJson(run))).toEqual(run);
  });
});

describe('runToMarkdown', () => {
  const run = buildRunExport(finishedRun(), NOW);
  if (!run) throw new Error('expected a run');
  const markdown = runToMarkdown(run);

  it('starts with a title and the model table', () => {
    expect(markdown.startsWith('# GPT Playground run\n\nExported 2026-03-04T05:06:07.890Z.\n\n| Model | Value |')).toBe(true);
    expect(markdown).toContain('| Id | local/gpt2-tiny |');
    expect(markdown).toContain('| Backend | wasm (fell back: This browser has no WebGPU (navigator.gpu is missing).) |');
    expect(markdown).toContain('| Load | 812 ms + 36 ms warm-up |');
  });

  it('shows the prompt, its ids and each panel’s settings and result', () => {
    expect(markdown).toContain('## Prompt\n\n```text\nHello, I am\n```');
    expect(markdown).toContain('Prompt token ids (4):\n\n```text\n15496 11 314 716\n```');
    expect(markdown).toContain('## Panel 1\n\n| Setting | Value |\n| --- | --- |\n| Temperature | 0.7 |\n| Top-k | 50 |\n| Top-p | 0.95 |');
    expect(markdown).toContain('| Seed | 42 (shared) |\n| Max new tokens | 2 |');
    expect(markdown).toContain('| Finish | reached the token limit |\n| Generated tokens | 2 |\n| Time to first token | 120 ms |\n| Decode speed | 41.3 tokens/s |');
    expect(markdown).toContain('### Text\n\n```text\n Bob.\n```');
    expect(markdown).toContain('### Token ids\n\n```text\n5811 13\n```');
    expect(markdown).toContain('| Temperature | 0 (greedy: on) |\n| Top-k | 0 (off) |\n| Top-p | 1 (off) |');
    expect(markdown).toContain('| Finish | the model ended the text |');
  });

  // Generated text is arbitrary: it must not be able to break out of its code block.
  it('fences text that itself holds backticks with a longer fence', () => {
    expect(markdown).toContain('### Text\n\n````text\nhas ```fences``` | pipes\n````');
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
