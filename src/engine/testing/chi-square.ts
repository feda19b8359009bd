/**
 * Pearson's chi-square goodness-of-fit statistic, Σ (observed − expected)² / expected.
 * A test helper: the PRNG and the sampler tests check their draws against a known distribution
 * with it.
 *
 * @param observed - counts per category.
 * @param expected - expected counts per category (total draws × probability); each must be > 0.
 * @throws RangeError when the lengths differ or an expected count is not positive, since either
 *   makes the statistic meaningless rather than merely large.
 */
export function chiSquareStatistic(observed: readonly number[], expected: readonly number[]): number {
  if (observed.length !== expected.length) {
    throw new RangeError(`Got ${observed.length} observed counts for ${expected.length} expected ones.`);
  }
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) {
    const o = observed[i] ?? 0;
    const e = expected[i] ?? 0;
    if (!(e > 0)) {
      throw new RangeError(`Expected count ${i} is ${e}; a chi-square test needs every expected count > 0.`);
    }
    statistic += ((o - e) * (o - e)) / e;
  }
  return statistic;
}
