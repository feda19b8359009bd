import { describe, expect, it } from 'vitest';
import { createPrng } from './prng.ts';
import { selectOrderedPrefix, type PrefixReach } from './ordered-prefix.ts';

const iota = (n: number): Uint32Array => Uint32Array.from({ length: n }, (_, i) => i);
const sortedSet = (ids: Uint32Array, length: number): number[] => [...ids.subarray(0, length)].sort((a, b) => a - b);

/** The obvious answer: sort everything, then walk. The quickselect must agree with it exactly. */
function prefixBySorting(key: Float64Array, weight: Float64Array | null, target: number, reach: PrefixReach) {
  const order = [...iota(key.length)].sort((a, b) => key[b]! - key[a]! || a - b);
  let total = 0;
  for (let j = 0; j < order.length; j++) {
    total += weight === null ? 1 : weight[order[j]!]!;
    if (reach === 'above' ? total > target : total >= target) return { length: j + 1, last: order[j]!, set: order.slice(0, j + 1).sort((a, b) => a - b) };
  }
  return { length: order.length, last: order.at(-1)!, set: order.sort((a, b) => a - b) };
}

describe('selectOrderedPrefix', () => {
  it('counts the k best tokens when weights are null (top-k)', () => {
    const key = Float64Array.from([0.5, 3, -1, 2, 2.5]);
    const ids = iota(5);
    // Order: id1 (3), id4 (2.5), id3 (2), id0 (0.5), id2 (-1); the first 3 are {1, 3, 4}.
    const prefix = selectOrderedPrefix(ids, 5, key, null, 3, 'atLeast');
    expect(prefix).toEqual({ length: 3, last: 3 });
    expect(sortedSet(ids, 3)).toEqual([1, 3, 4]);
  });

  it('stops where the weight first reaches (≥) or passes (>) the target', () => {
    const key = Float64Array.from([4, 3, 2, 1]);
    const weight = Float64Array.from([0.5, 0.25, 0.125, 0.125]);
    // Running totals in order: 0.5, 0.75, 0.875, 1.
    expect(selectOrderedPrefix(iota(4), 4, key, weight, 0.75, 'atLeast')).toEqual({ length: 2, last: 1 });
    expect(selectOrderedPrefix(iota(4), 4, key, weight, 0.75, 'above')).toEqual({ length: 3, last: 2 });
    expect(selectOrderedPrefix(iota(4), 4, key, weight, 0, 'above')).toEqual({ length: 1, last: 0 });
  });

  it('breaks ties by lower id, whatever order the ids come in', () => {
    // Why: a tie at the boundary must not depend on how earlier filters shuffled the ids.
    const key = new Float64Array(40).fill(1);
    const ids = iota(40).reverse();
    const prefix = selectOrderedPrefix(ids, 40, key, null, 7, 'atLeast');
    expect(prefix).toEqual({ length: 7, last: 6 });
    expect(sortedSet(ids, 7)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('returns every id, ending at the least probable, when the target is never reached', () => {
    const key = Float64Array.from([1, 2, 2]);
    const weight = Float64Array.from([0.25, 0.25, 0.25]);
    // Total 0.75 < 0.8; in order the ids are 1, 2, 0, so the least probable is id 0.
    expect(selectOrderedPrefix(iota(3), 3, key, weight, 0.8, 'atLeast')).toEqual({ length: 3, last: 0 });
  });

  it('only looks at the first `count` ids', () => {
    const key = Float64Array.from([9, 1, 2, 3]);
    const ids = Uint32Array.from([1, 2, 3, 0]);
    expect(selectOrderedPrefix(ids, 3, key, null, 1, 'atLeast')).toEqual({ length: 1, last: 3 });
  });

  it('rejects an empty set and targets an empty prefix would already meet', () => {
    const key = Float64Array.from([1]);
    expect(() => selectOrderedPrefix(iota(1), 0, key, null, 1, 'atLeast')).toThrow(RangeError);
    expect(() => selectOrderedPrefix(iota(1), 1, key, null, 0, 'atLeast')).toThrow(RangeError);
    expect(() => selectOrderedPrefix(iota(1), 1, key, null, -1, 'above')).toThrow(RangeError);
  });

  it('agrees with sorting on random sets, with and without ties', () => {
    // Why: the partition logic has many branches; a full sort is the unambiguous oracle.
    const prng = createPrng(99);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(prng.next() * 300);
      // Coarse keys (10 levels) on half the trials force many ties across partitions.
      const levels = trial % 2 === 0 ? 10 : 1e9;
      const key = Float64Array.from({ length: n }, () => Math.floor(prng.next() * levels));
      const weight = Float64Array.from({ length: n }, () => prng.next());
      const useWeight = trial % 3 !== 0;
      const total = useWeight ? weight.reduce((a, b) => a + b, 0) : n;
      const reach: PrefixReach = trial % 4 < 2 ? 'atLeast' : 'above';
      const target = Math.max(reach === 'atLeast' ? 1e-9 : 0, prng.next() * total);
      const ids = iota(n);
      const got = selectOrderedPrefix(ids, n, key, useWeight ? weight : null, target, reach);
      const want = prefixBySorting(key, useWeight ? weight : null, target, reach);
      expect({ length: got.length, last: got.last, set: sortedSet(ids, got.length) }).toEqual(want);
    }
  });
});
