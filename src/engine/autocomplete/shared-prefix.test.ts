import { describe, expect, it } from 'vitest';
import { planPrefill, sharedPrefixLength } from './shared-prefix.ts';

describe('sharedPrefixLength', () => {
  it('counts the leading ids two sequences share', () => {
    expect(sharedPrefixLength([464, 2068, 7586], [464, 2068, 7586, 21831])).toBe(3);
    expect(sharedPrefixLength([464, 2068, 7586], [464, 2068, 1110])).toBe(2);
    expect(sharedPrefixLength([464], [2068])).toBe(0);
    expect(sharedPrefixLength([], [464])).toBe(0);
    expect(sharedPrefixLength(new Int32Array([1, 2]), [1, 2])).toBe(2);
  });
});

describe('planPrefill', () => {
  it('extends the cache when text was only added', () => {
    expect(planPrefill([464, 2068, 7586], [464, 2068, 7586, 21831, 625])).toEqual({
      kind: 'extend',
      sharedTokens: 3,
      extendsCache: true,
      reusedTokens: 3,
      prefillTokens: 2,
    });
  });

  it('crops the cache to the shared prefix when the last token was retokenised', () => {
    // " walk" → " walks": BPE replaced the last token, so only the first two positions are valid.
    expect(planPrefill([464, 2068, 2513], [464, 2068, 11114])).toEqual({
      kind: 'crop',
      sharedTokens: 2,
      extendsCache: false,
      reusedTokens: 2,
      prefillTokens: 1,
    });
  });

  it('still prefills the last token of an unchanged text, since the cache holds no logits', () => {
    expect(planPrefill([464, 2068, 7586], [464, 2068, 7586])).toEqual({
      kind: 'crop',
      sharedTokens: 3,
      extendsCache: true,
      reusedTokens: 2,
      prefillTokens: 1,
    });
  });

  it('crops when the text got shorter', () => {
    expect(planPrefill([464, 2068, 7586], [464, 2068])).toMatchObject({ kind: 'crop', reusedTokens: 1, prefillTokens: 1 });
  });

  it('starts fresh when nothing is shared or there was no cache', () => {
    expect(planPrefill([464, 2068], [2068, 464])).toEqual({
      kind: 'fresh',
      sharedTokens: 0,
      extendsCache: false,
      reusedTokens: 0,
      prefillTokens: 2,
    });
    expect(planPrefill([], [464, 2068])).toMatchObject({ kind: 'fresh', extendsCache: true, prefillTokens: 2 });
    expect(planPrefill([464], [])).toMatchObject({ kind: 'fresh', reusedTokens: 0, prefillTokens: 0 });
  });
});
