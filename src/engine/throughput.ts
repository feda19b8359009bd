/**
 * Speeds, one formula for the worker's final report and the page's live numbers, so a running
 * panel and the same panel finished show the same speed.
 */

/** `count` events over `ms` milliseconds, per second; 0 when no time passed (nothing to divide by). */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : 0;
}

/**
 * Decode speed of one stream of `tokens` tokens sampled from `firstAtMs` to `lastAtMs`: the tokens
 * after the first over that span, since the first one's time is the time to first token.
 */
export function decodeTokensPerSecond(tokens: number, firstAtMs: number, lastAtMs: number): number {
  return perSecond(tokens - 1, lastAtMs - firstAtMs);
}
