import { describe, expect, it } from 'vitest';
import { tokenId } from '../../src/engine/types.ts';
import type { RunSample } from './measure.ts';
import { compareIds, pairedRatios, roundOrder, summarizeRuns } from './report.ts';

const ids = (...values: number[]) => values.map(tokenId);

function sample(rate: number, tokenIds: number[][]): RunSample {
  return { timeToFirstTokenMs: 10, prefillMs: 8, decodeMs: 100, decodeTokensPerSecond: rate, perPanelTokensPerSecond: rate / tokenIds.length, tokenIds: tokenIds.map((t) => ids(...t)) };
}

describe('compareIds', () => {
  it('finds the first differing token', () => {
    expect(compareIds(ids(1, 2, 3), ids(1, 9, 3))).toMatchObject({ identical: false, firstDifference: 1, ours: 3, theirs: 3 });
  });

  it('calls a shorter run a difference with no differing token (one side stopped early)', () => {
    expect(compareIds(ids(1, 2), ids(1, 2, 3))).toMatchObject({ identical: false, firstDifference: null, ours: 2, theirs: 3 });
  });

  it('accepts equal lists', () => {
    expect(compareIds(ids(5, 6), ids(5, 6)).identical).toBe(true);
  });
});

describe('summarizeRuns', () => {
  it('reports medians over the measured runs only, and whether every run made the same ids', () => {
    const warmup = sample(1, [[1, 2]]);
    const result = summarizeRuns('ours', ['greedy'], warmup, [sample(30, [[1, 2]]), sample(50, [[1, 2]]), sample(40, [[1, 2]])]);
    expect(result.decodeTokensPerSecond.median).toBe(40);
    expect(result.tokensPerPanel).toEqual([2]);
    expect(result.sameIdsEveryRun).toBe(true);
    expect(summarizeRuns('ours', ['greedy'], warmup, [sample(30, [[1, 3]])]).sameIdsEveryRun).toBe(false);
  });
});

describe('pairedRatios', () => {
  it('divides run by run within each round, so a slow round slows both sides alike', () => {
    const ours = [sample(20, [[1]]), sample(50, [[1]]), sample(45, [[1]])];
    const theirs = [sample(25, [[1]]), sample(50, [[1]]), sample(50, [[1]])];
    const ratios = pairedRatios(ours, theirs, (s) => s.decodeTokensPerSecond);
    expect(ratios.samples).toEqual([0.8, 1, 0.9]);
    expect(ratios.median).toBe(0.9);
  });

  it('refuses lists of different lengths', () => {
    expect(() => pairedRatios([sample(1, [[1]])], [], (s) => s.decodeTokensPerSecond)).toThrow(RangeError);
  });
});

describe('roundOrder', () => {
  it('runs the configurations as listed, then reversed, so no configuration always runs first', () => {
    expect(roundOrder(3, 0)).toEqual([0, 1, 2]);
    expect(roundOrder(3, 1)).toEqual([2, 1, 0]);
    expect(roundOrder(3, 2)).toEqual([0, 1, 2]);
    const firsts = [0, 1, 2, 3].map((r) => roundOrder(4, r)[0]);
    expect(firsts).toEqual([0, 3, 0, 3]);
  });
});
