/**
 * A running panel's timings so far, from the sampling times of its streamed tokens: the same
 * numbers the worker reports when the panel finishes (see `rowReport` in src/engine/decode-loop.ts),
 * only earlier.
 */
import type { TokenSnapshot } from '../worker/protocol.ts';
import type { PanelMetrics } from './slices/panels-slice.ts';

/** null before the first token. */
export function liveMetrics(tokens: readonly TokenSnapshot[]): PanelMetrics | null {
  const first = tokens[0];
  const last = tokens.at(-1);
  if (!first || !last) return null;
  const span = last.atMs - first.atMs;
  return {
    timeToFirstTokenMs: first.atMs,
    decodeTokensPerSecond: span > 0 ? ((tokens.length - 1) * 1000) / span : 0,
    generatedTokens: tokens.length,
  };
}
