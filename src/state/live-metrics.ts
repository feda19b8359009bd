/**
 * A running panel's timings so far, from the sampling times of its streamed tokens: the same
 * numbers the worker reports when the panel finishes (one formula, src/engine/throughput.ts), only
 * earlier.
 */
import { decodeTokensPerSecond } from '../engine/throughput.ts';
import type { TokenSnapshot } from '../worker/protocol.ts';
import type { PanelMetrics } from './slices/panels-slice.ts';

/** null before the first token. */
export function liveMetrics(tokens: readonly TokenSnapshot[]): PanelMetrics | null {
  const first = tokens[0];
  const last = tokens.at(-1);
  if (!first || !last) return null;
  return {
    timeToFirstTokenMs: first.atMs,
    decodeTokensPerSecond: decodeTokensPerSecond(tokens.length, first.atMs, last.atMs),
    generatedTokens: tokens.length,
  };
}
