import { describe, expect, it } from 'vitest';
import { tokenId } from './types.ts';

describe('tokenId', () => {
  it('brands non-negative integers', () => {
    expect(tokenId(50256)).toBe(50256);
  });

  it('rejects values that cannot index a vocabulary', () => {
    // Why: a -1 "no token" sentinel or a float from arithmetic would otherwise surface much later
    // as `undefined` logits inside the sampler.
    for (const bad of [-1, 1.5, Number.NaN, Infinity]) expect(() => tokenId(bad), String(bad)).toThrow(RangeError);
  });
});
