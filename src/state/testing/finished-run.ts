/** A finished two-panel run on GPT-2 ids, for the export tests (JSON here, Markdown in src/ui/share). */
import { tokenId } from '../../engine/types.ts';
import type { LoadedModel, TokenSnapshot } from '../../worker/protocol.ts';
import type { RunSource } from '../export.ts';
import { initialPanel } from '../slices/panels-slice.ts';

export const NOW = new Date('2026-03-04T05:06:07.890Z');

/** GPT-2 ids: " Bob" = 5811, "." = 13. */
function snapshot(index: number, id: number, tokenText: string): TokenSnapshot {
  return {
    index,
    tokenText,
    textDelta: tokenText,
    atMs: 120 + index * 24,
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

export const LOADED: LoadedModel = {
  modelId: 'local/gpt2-tiny',
  dtype: 'q8',
  device: 'wasm',
  fallbackReason: { code: 'no_webgpu' },
  adapter: { available: false, code: 'no_webgpu', detail: null },
  contextLength: 1024,
  vocabSize: 50257,
  eosTokenId: 50256,
  loadMs: 812.4,
  warmupMs: 35.6,
  storage: 'stored',
};

export const SETTINGS_1 = { temperature: 0.7, greedy: false, topK: 50, topP: 0.95, minP: 0, repetitionPenalty: 1, noRepeatNgramSize: 0 };
const SETTINGS_2 = { temperature: 0, greedy: true, topK: 0, topP: 1, minP: 0, repetitionPenalty: 1.3, noRepeatNgramSize: 2 };

/** Two finished panels; with `sharedSeed` both drew from 42, else from their own 7 and 9. */
export function finishedRun(overrides: Partial<RunSource> = {}, sharedSeed = true): RunSource {
  return {
    runPrompt: 'Hello, I am',
    promptIds: [15496, 11, 314, 716],
    promptTokenTexts: ['Hello', ',', ' I', ' am'],
    droppedPromptTokens: 0,
    runModel: LOADED,
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
