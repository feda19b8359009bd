import { describe, expect, it } from 'vitest';
import { argmax, logSoftmax, logSumExp, maxLogit } from './log-softmax.ts';

describe('logSoftmax', () => {
  it('gives log 1/4 to each of 4 equal logits', () => {
    const out = logSoftmax(new Float32Array([0, 0, 0, 0]));
    expect([...out]).toEqual([-Math.log(4), -Math.log(4), -Math.log(4), -Math.log(4)]);
  });

  it('turns [0, ln 3] into log [1/4, 3/4]', () => {
    const out = logSoftmax([0, Math.log(3)]);
    expect(out[0]).toBeCloseTo(Math.log(0.25), 14);
    expect(out[1]).toBeCloseTo(Math.log(0.75), 14);
  });

  it('stays finite for logits 1000 and 1001, where a naive exp overflows', () => {
    // log σ(−1) = −ln(1 + e) ≈ −1.3132616875, log σ(1) = −ln(1 + e⁻¹) ≈ −0.3132616875
    const out = logSoftmax(new Float32Array([1000, 1001]));
    expect(out[0]).toBeCloseTo(-1.3132616875182228, 12);
    expect(out[1]).toBeCloseTo(-0.31326168751822286, 12);
  });

  it('gives -Infinity to a banned token and renormalises the rest', () => {
    const out = logSoftmax([0, -Infinity, 0]);
    expect(out[1]).toBe(-Infinity);
    expect(out[0]).toBeCloseTo(-Math.log(2), 14);
  });

  it('writes into the buffer it is given, so a long text reuses one row', () => {
    const buffer = new Float64Array(2);
    expect(logSoftmax([5, 5], buffer)).toBe(buffer);
    expect(buffer[0]).toBeCloseTo(-Math.log(2), 14);
    expect(() => logSoftmax([1, 2, 3], buffer)).toThrow(RangeError);
  });

  it('refuses rows that have no distribution', () => {
    expect(() => logSoftmax([])).toThrow(RangeError);
    expect(() => logSoftmax([0, Number.NaN])).toThrow(RangeError);
    expect(() => logSoftmax([0, Infinity])).toThrow(RangeError);
    expect(() => logSoftmax([-Infinity, -Infinity])).toThrow(RangeError);
  });
});

describe('logSumExp and maxLogit', () => {
  it('computes log(e^1000 + e^1000) = 1000 + ln 2 without overflow', () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.log(2), 10);
    expect(maxLogit([-Infinity, -3, -7])).toBe(-3);
  });
});

describe('argmax', () => {
  it('takes the lowest index on a tie, like the sampler ranks ties', () => {
    expect(argmax([1, 3, 3, 2])).toBe(1);
    expect(argmax(new Float32Array([-Infinity, -5]))).toBe(1);
  });
});
