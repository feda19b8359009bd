import { describe, expect, it } from 'vitest';
import { latencyBudget, median, percentile } from './autocomplete-latency.ts';
import type { Backend } from '../engine/backend-support.ts';
import type { SuggestionRecord } from './slices/autocomplete-slice.ts';

describe('median and percentile', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 30, 20])).toBe(25);
    expect(median([])).toBeNull();
  });

  it('uses the nearest rank, so p95 is a latency that happened', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => (i + 1) * 10); // 10 … 200
    expect(percentile(twenty, 95)).toBe(190); // rank ceil(0.95 × 20) = 19
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([5, 1, 3], 50)).toBe(3);
    expect(percentile([5, 1, 3], 0)).toBe(1);
    expect(percentile([], 95)).toBeNull();
  });
});

describe('latencyBudget', () => {
  const record = (id: number, outcome: SuggestionRecord['outcome'], latencyMs: number, device: Backend = 'wasm'): SuggestionRecord => ({
    id,
    textTail: 'x',
    outcome,
    latencyMs,
    device,
    work: null,
  });

  it('counts shown suggestions on the chosen backend; stale ones were never waited for', () => {
    const history = [record(1, 'miss', 40), record(2, 'hit', 0), record(3, 'miss', 60), record(4, 'stale', 500), record(5, 'miss', 900, 'webgpu')];
    expect(latencyBudget(history, 'wasm')).toEqual({
      shown: { count: 3, medianMs: 40, p95Ms: 60 },
      computed: { count: 2, medianMs: 50, p95Ms: 60 },
    });
    expect(latencyBudget(history, 'webgpu').computed).toEqual({ count: 1, medianMs: 900, p95Ms: 900 });
  });
});
