import { describe, expect, it } from 'vitest';
import { cropPromptForRun, cropToContext } from './context-window.ts';

describe('cropToContext', () => {
  it('keeps a sequence shorter than the context whole', () => {
    expect(cropToContext([1, 2, 3], 4)).toEqual({ ids: [1, 2, 3], cropStart: 0 });
  });

  it('keeps the last contextLength − 1 ids once the sequence reaches the context, room for the new token', () => {
    expect(cropToContext([1, 2, 3, 4], 4)).toEqual({ ids: [2, 3, 4], cropStart: 1 });
    expect(cropToContext([1, 2, 3, 4, 5, 6], 4)).toEqual({ ids: [4, 5, 6], cropStart: 3 });
  });

  it('keeps one id even for a context of one position', () => {
    expect(cropToContext([1, 2, 3], 1)).toEqual({ ids: [3], cropStart: 2 });
  });
});

describe('cropPromptForRun', () => {
  it('keeps the last contextLength − maxNewTokens ids so the run can write what was asked', () => {
    expect(cropPromptForRun([1, 2, 3, 4, 5, 6], 6, 2)).toEqual({ ids: [3, 4, 5, 6], cropStart: 2 });
    expect(cropPromptForRun([1, 2, 3], 6, 2)).toEqual({ ids: [1, 2, 3], cropStart: 0 });
  });

  it('keeps one id when the run asks for the whole context', () => {
    expect(cropPromptForRun([1, 2, 3], 4, 10)).toEqual({ ids: [3], cropStart: 2 });
  });
});
