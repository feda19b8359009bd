/**
 * Summaries of repeated measurements: the median is what the tables report, and the spread says
 * how far the repeats disagree (a machine busy with other work shows up here first).
 */

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** (max − min) / median: 0.05 means the repeats span 5 % of the median. 0 when the median is 0. */
  readonly spread: number;
  readonly samples: readonly number[];
}

/** Median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('The median of no values is undefined.');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

export function summarize(values: readonly number[]): Summary {
  const m = median(values);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return { median: m, min, max, spread: m !== 0 ? (max - min) / m : 0, samples: [...values] };
}

/** Spread above which a row is flagged as noisy in the tables. */
export const NOISY_SPREAD = 0.1;
