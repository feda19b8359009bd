import { describe, expect, it } from 'vitest';
import { tokenId } from '../engine/types.ts';
import type { TokenSnapshot } from '../worker/protocol.ts';
import { liveMetrics } from './live-metrics.ts';

const token = (index: number, atMs: number): TokenSnapshot => ({
  index,
  atMs,
  tokenText: 'x',
  textDelta: 'x',
  candidateTexts: [],
  step: { tokenId: tokenId(1), rawProbability: 0.5, finalProbability: 0.5, rawRank: 0, uniform: 0.1, keptCount: 2, greedy: false, topCandidates: [] },
});

describe('liveMetrics', () => {
  // While a panel writes, its time to first token is known and its speed can be shown.
  it('takes the first token time and the rate of the tokens after it', () => {
    expect(liveMetrics([])).toBeNull();
    expect(liveMetrics([token(0, 120)])).toEqual({ timeToFirstTokenMs: 120, decodeTokensPerSecond: 0, generatedTokens: 1 });
    // Four tokens after the first in 40 ms: 100 tokens/s.
    expect(liveMetrics([120, 130, 140, 150, 160].map((t, i) => token(i, t)))).toEqual({ timeToFirstTokenMs: 120, decodeTokensPerSecond: 100, generatedTokens: 5 });
  });
});
