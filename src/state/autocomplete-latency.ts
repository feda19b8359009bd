/**
 * The autocomplete mode's latency budget: how long a person waits, after pausing, for a
 * suggestion. Median for the usual wait, p95 for the slow tail that makes autocomplete feel laggy.
 */
import type { Backend } from '../engine/backend-support.ts';
import type { SuggestionRecord } from './slices/autocomplete-slice.ts';

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The nearest-rank percentile: the smallest value with at least `p`% of the values at or below
 * it, so p95 of 20 values is the 19th smallest and is always a latency that really happened.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** Median and p95 of one group of suggestions. */
export interface LatencySummary {
  readonly count: number;
  readonly medianMs: number | null;
  readonly p95Ms: number | null;
}

function summarize(latencies: readonly number[]): LatencySummary {
  return { count: latencies.length, medianMs: median(latencies), p95Ms: percentile(latencies, 95) };
}

/** The budget on one backend: every suggestion shown, and those the model computed (cache misses). */
export interface LatencyBudget {
  readonly shown: LatencySummary;
  readonly computed: LatencySummary;
}

/** Summarizes the suggestions shown on `device`; stale ones were never waited for and do not count. */
export function latencyBudget(history: readonly SuggestionRecord[], device: Backend): LatencyBudget {
  const onDevice = history.filter((r) => r.device === device && r.outcome !== 'stale');
  return {
    shown: summarize(onDevice.map((r) => r.latencyMs)),
    computed: summarize(onDevice.filter((r) => r.outcome === 'miss').map((r) => r.latencyMs)),
  };
}
