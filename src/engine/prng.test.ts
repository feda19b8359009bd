import { describe, expect, it } from 'vitest';
import { chiSquareStatistic } from './testing/chi-square.ts';
import { createPrng, prngFromState } from './prng.ts';

// Expected words come from the authors' reference C code (splitmix64.c and xoshiro128starstar.c,
// prng.di.unimi.it), compiled and run with the same seeding: state = [lo(a), hi(a), lo(b), hi(b)]
// for the first two SplitMix64 outputs a, b. SplitMix64(0) starts with 0xe220a8397b1dcdaf, the
// published first value, so seed 0's state is [0x7b1dcdaf, 0xe220a839, ...].
const TWO_POW_32 = 4294967296;

describe('createPrng', () => {
  it('seeds through SplitMix64 exactly as the reference code does', () => {
    expect(createPrng(0).state()).toEqual([2065550767, 3793791033, 2713282036, 1853398634]);
    expect(createPrng(42).state()).toEqual([803958421, 3184996902, 2993090819, 686809907]);
    expect(createPrng(4294967295).state()).toEqual([2951840192, 1940994978, 323015604, 1629504261]);
  });

  it('produces the reference xoshiro128** outputs, scaled by 2^-32', () => {
    const seed0 = createPrng(0);
    const words0 = [3737715805, 2584255861, 2876756834, 3286328325, 1553311962];
    expect(words0.map(() => seed0.next())).toEqual(words0.map((w) => w / TWO_POW_32));

    const seed1 = createPrng(1);
    const words1 = [1695105466, 1423115009, 634581793, 1068227753, 716759206];
    expect(words1.map(() => seed1.next())).toEqual(words1.map((w) => w / TWO_POW_32));
    // 1695105466 / 2^32 as printed by the C reference with %.17g.
    expect(createPrng(1).next()).toBe(0.39467249670997262);
  });

  it('gives different streams for neighbouring seeds', () => {
    expect(createPrng(1).next()).not.toBe(createPrng(2).next());
  });

  it('rejects seeds that would be silently truncated or wrapped', () => {
    expect(() => createPrng(1.5)).toThrow(RangeError);
    expect(() => createPrng(-1)).toThrow(RangeError);
    expect(() => createPrng(TWO_POW_32)).toThrow(RangeError);
    expect(() => createPrng(Number.NaN)).toThrow(RangeError);
  });

  it('stays in [0, 1) and spreads evenly over 10 bins (chi-square, p = 0.001)', () => {
    const prng = createPrng(20240601);
    const draws = 100_000;
    const bins: number[] = new Array<number>(10).fill(0);
    let outOfRange = 0;
    for (let i = 0; i < draws; i++) {
      const u = prng.next();
      if (!(u >= 0 && u < 1)) outOfRange++;
      const bin = Math.floor(u * 10);
      bins[bin] = (bins[bin] ?? 0) + 1;
    }
    expect(outOfRange).toBe(0);
    // Critical value for 9 degrees of freedom at upper-tail p = 0.001: 27.877
    // (NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.4, chi-square table).
    expect(chiSquareStatistic(bins, new Array<number>(10).fill(draws / 10))).toBeLessThan(27.877);
  });
});

describe('prngFromState', () => {
  it('resumes a stream exactly where its state was taken', () => {
    const original = createPrng(7);
    original.next();
    original.next();
    const resumed = prngFromState(original.state());
    expect([resumed.next(), resumed.next(), resumed.next()]).toEqual([original.next(), original.next(), original.next()]);
  });

  it('rejects the all-zero state, which xoshiro128** never leaves', () => {
    expect(() => prngFromState([0, 0, 0, 0])).toThrow(RangeError);
  });

  it('rejects words outside 32 bits', () => {
    expect(() => prngFromState([TWO_POW_32, 1, 1, 1])).toThrow(RangeError);
    expect(() => prngFromState([-1, 1, 1, 1])).toThrow(RangeError);
  });
});
