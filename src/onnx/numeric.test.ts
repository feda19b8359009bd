import { describe, expect, it } from 'vitest';
import { fromFloat16Bits, quantizeBlock4, quantizeLinearBlock4, quantizeUint8, toFloat16Bits } from './numeric.ts';

describe('float16', () => {
  // Bit patterns from IEEE 754 binary16.
  it.each([
    [1, 0x3c00],
    [-2.5, 0xc100],
    [65504, 0x7bff],
    [65520, 0x7c00], // rounds past the largest finite value
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [2 ** -24, 0x0001], // smallest subnormal
    [1e-8, 0x0000], // below half the smallest subnormal
    [0.1, 0x2e66],
    [1 + 2 ** -11, 0x3c00], // a tie rounds to even
    [1 + 3 * 2 ** -11, 0x3c02],
  ])('%s -> 0x%s', (value, bits) => {
    expect(toFloat16Bits(value)).toBe(bits);
  });

  it('keeps NaN a NaN', () => {
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN)))).toBe(true);
  });

  it('round-trips every finite half value', () => {
    for (let bits = 0; bits < 0x7c00; bits++) expect(toFloat16Bits(fromFloat16Bits(bits))).toBe(bits);
  });
});

describe('quantizeUint8', () => {
  it('matches a hand computation and recovers values within half a step', () => {
    const values = Float32Array.of(-1, 0, 1, 2);
    const q = quantizeUint8(values);
    expect(q.scale).toBeCloseTo(3 / 255, 7);
    expect(q.zeroPoint).toBe(85); // round(1 / (3/255))
    expect(Array.from(q.data)).toEqual([0, 85, 170, 255]);
    values.forEach((v, i) => expect(Math.abs(((q.data[i] ?? 0) - q.zeroPoint) * q.scale - v)).toBeLessThanOrEqual(q.scale / 2 + 1e-7));
  });

  it('keeps zero exact when every value is positive', () => {
    const q = quantizeUint8(Float32Array.of(0.5, 1));
    expect(q.zeroPoint).toBe(0);
  });
});

describe('quantizeBlock4', () => {
  it('packs the lower k into the low nibble, one scale per block', () => {
    // One row (N = 1), K = 4, block 4: absMax 7 gives scale 1 and codes w + 8.
    const row = [-7, 0, 1, 7];
    const q = quantizeBlock4(1, 4, (_n, k) => row[k] ?? 0, 4);
    expect(Array.from(q.scales)).toEqual([1]);
    expect(Array.from(q.packed)).toEqual([1 | (8 << 4), 9 | (15 << 4)]);
  });

  it('reads linear weights [in, out] as MatMulNBits rows [out, in] and recovers them within half a step', () => {
    const k = 64;
    const n = 3;
    const data = Float32Array.from({ length: k * n }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 5)));
    const q = quantizeLinearBlock4({ rows: k, cols: n, data }, 32);
    expect(q.packed.length).toBe(n * 2 * 16);
    for (let col = 0; col < n; col++) {
      for (let kk = 0; kk < k; kk++) {
        const block = Math.floor(kk / 32);
        const scale = q.scales[col * 2 + block] ?? 0;
        const byte = q.packed[(col * 2 + block) * 16 + Math.floor((kk % 32) / 2)] ?? 0;
        const code = kk % 2 === 0 ? byte & 0xf : byte >> 4;
        expect(Math.abs((code - 8) * scale - (data[kk * n + col] ?? 0))).toBeLessThanOrEqual(scale / 2 + 1e-6);
      }
    }
  });
});
