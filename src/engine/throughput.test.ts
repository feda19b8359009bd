import { describe, expect, it } from 'vitest';
import { decodeTokensPerSecond, perSecond } from './throughput.ts';

describe('perSecond', () => {
  it('scales a count over milliseconds to a count per second', () => {
    expect(perSecond(30, 1500)).toBe(20);
  });

  it('is 0 when no time passed', () => {
    expect(perSecond(5, 0)).toBe(0);
  });
});

describe('decodeTokensPerSecond', () => {
  it('counts the tokens after the first over the span from the first to the last', () => {
    // 11 tokens sampled from 200 ms to 700 ms: 10 tokens in 0.5 s.
    expect(decodeTokensPerSecond(11, 200, 700)).toBe(20);
  });

  it('is 0 for a single token, which has no span', () => {
    expect(decodeTokensPerSecond(1, 300, 300)).toBe(0);
  });
});
