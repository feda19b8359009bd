/**
 * A seeded pseudo-random generator, one per panel: xoshiro128** (Blackman & Vigna, 2018), seeded
 * through SplitMix64 as its authors recommend. Only integer arithmetic (`Math.imul`, shifts,
 * `BigInt` for the one-off seeding), so a seed gives the same stream in every browser and in Node.
 * `Math.random` cannot be seeded, and a global seed (as in transformers.js) couples the panels.
 */
import { isSeed, SEED_RANGE } from './settings-schema.ts';

/** The four 32-bit words of xoshiro128** state; enough to resume a stream exactly. */
export type PrngState = readonly [number, number, number, number];

/** A stream of uniform numbers that a panel owns. */
export interface Prng {
  /** The next uniform number in [0, 1), a multiple of 2^-32. Advances the stream by one. */
  next(): number;
  /** The current state, to replay the stream from here with {@link prngFromState}. */
  state(): PrngState;
}

const TWO_POW_32 = 0x1_0000_0000;
const UINT64_MASK = (1n << 64n) - 1n;

/**
 * Starts a stream from a 32-bit seed.
 *
 * @throws RangeError when `seed` is not an integer in [0, 2^32): silently truncating `1.5` or
 *   wrapping `-1` would give two different seeds the same stream.
 */
export function createPrng(seed: number): Prng {
  if (!isSeed(seed)) {
    throw new RangeError(`A seed is an integer in [${SEED_RANGE.min}, ${SEED_RANGE.max}]; got ${seed}.`);
  }
  let splitMixState = BigInt(seed);
  // Two SplitMix64 outputs spread any seed (0 included) over all 128 bits, and never give the
  // all-zero state xoshiro cannot leave.
  const nextSplitMix64 = (): bigint => {
    splitMixState = (splitMixState + 0x9e3779b97f4a7c15n) & UINT64_MASK;
    let z = splitMixState;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & UINT64_MASK;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & UINT64_MASK;
    return z ^ (z >> 31n);
  };
  const a = nextSplitMix64();
  const b = nextSplitMix64();
  const low = (x: bigint): number => Number(x & 0xffff_ffffn);
  const high = (x: bigint): number => Number(x >> 32n);
  return prngFromState([low(a), high(a), low(b), high(b)]);
}

/**
 * Resumes a stream from a {@link PrngState}.
 *
 * @throws RangeError when a word is not a 32-bit unsigned integer or all four are zero (the one
 *   state xoshiro128** never leaves).
 */
export function prngFromState(state: PrngState): Prng {
  if (!state.every((word) => Number.isInteger(word) && word >= 0 && word < TWO_POW_32)) {
    throw new RangeError(`A PRNG state is four unsigned 32-bit integers; got [${state.join(', ')}].`);
  }
  if (state.every((word) => word === 0)) {
    throw new RangeError('The all-zero PRNG state is invalid: xoshiro128** would only ever return 0.');
  }
  // `| 0` keeps the words as int32 so V8 stays on its small-integer path.
  let s0 = state[0] | 0;
  let s1 = state[1] | 0;
  let s2 = state[2] | 0;
  let s3 = state[3] | 0;
  return {
    next() {
      const product = Math.imul(s1, 5);
      const result = Math.imul((product << 7) | (product >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      return (result >>> 0) / TWO_POW_32;
    },
    state() {
      return [s0 >>> 0, s1 >>> 0, s2 >>> 0, s3 >>> 0];
    },
  };
}
