import { describe, expect, it } from 'vitest';
import { float16BitsToNumber } from '../half-float.ts';
import { bf16Bits, decodeFloatBits, encodeAllFormats, encodeFloat, fp16Bits, fp32Bits } from './float-bits.ts';

const hex = (bits: number) => `0x${bits.toString(16).padStart(4, '0')}`;

describe('fp16', () => {
  it.each([
    [1, 0x3c00],
    [-2.5, 0xc100],
    [65504, 0x7bff], // largest finite
    [65519.99, 0x7bff], // just below the midpoint to Infinity
    [65520, 0x7c00], // the midpoint: ties to even, and the even neighbour is Infinity
    [1e-8, 0x0000], // below half the smallest subnormal: underflows to zero
    [6e-8, 0x0001], // smallest subnormal, 2^-24 ≈ 5.96e-8
    [2 ** -25, 0x0000], // tie between 0 and 2^-24: to even
    [3 * 2 ** -25, 0x0002], // tie between 1 and 2 subnormal steps: to even
    [2 ** -14, 0x0400], // smallest normal
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [-0, 0x8000],
    [-1e-8, 0x8000], // underflow keeps the sign
  ])('stores %d as %s', (x, bits) => {
    expect(hex(fp16Bits(x))).toBe(hex(bits));
  });

  it('describes 1.0 field by field', () => {
    expect(encodeFloat('fp16', 1)).toMatchObject({
      bits: 0x3c00, width: 16, sign: 0, exponentBits: '01111', mantissaBits: '0000000000',
      exponentField: 15, mantissaField: 0, value: 1, kind: 'normal', error: { absolute: 0, relative: 0 },
    });
  });

  it('keeps NaN a NaN: exponent all ones, mantissa not zero', () => {
    const nan = encodeFloat('fp16', NaN);
    expect(nan).toMatchObject({ exponentBits: '11111', kind: 'nan' });
    expect(nan.mantissaField).not.toBe(0);
    expect(Number.isNaN(nan.value)).toBe(true);
  });

  it('names overflow, subnormals and zeros', () => {
    expect(encodeFloat('fp16', 65520)).toMatchObject({ kind: 'infinity', value: Infinity, error: { absolute: Infinity, relative: Infinity } });
    expect(encodeFloat('fp16', 6e-8)).toMatchObject({ kind: 'subnormal', exponentField: 0, mantissaField: 1, value: 2 ** -24 });
    expect(encodeFloat('fp16', 1e-8)).toMatchObject({ kind: 'zero', value: 0, error: { absolute: -1e-8, relative: -1 } });
    expect(encodeFloat('fp16', Infinity).error).toEqual({ absolute: 0, relative: 0 });
  });

  // Every pattern must survive decode → encode, and every midpoint must go to the even neighbour.
  it('round-trips all 65536 patterns and rounds every midpoint to even', () => {
    const wrong: string[] = [];
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = float16BitsToNumber(bits);
      if (Number.isNaN(value)) continue;
      if (fp16Bits(value) !== bits) wrong.push(`${hex(bits)} round trip`);
      if ((bits & 0x7fff) < 0x7bff) {
        const midpoint = (value + float16BitsToNumber(bits + 1)) / 2; // exact in a double
        const even = bits % 2 === 0 ? bits : bits + 1;
        if (fp16Bits(midpoint) !== even) wrong.push(`${hex(bits)} midpoint`);
      }
    }
    expect(wrong).toEqual([]);
  });

  // Rounding through fp32 first would land on the midpoint 1 + 2^-11 and then go down to 1.0.
  it('rounds once, from the double', () => {
    expect(hex(fp16Bits(1 + 2 ** -11 + 2 ** -40))).toBe('0x3c01');
  });
});

describe('bf16', () => {
  it.each([
    [1, 0x3f80],
    [-2.5, 0xc020],
    [65504, 0x4780], // 0x477fe000 rounds up to 65536
    [1e-8, 0x322c], // fp32 0x322bcc77: lower half above the midpoint
    [Infinity, 0x7f80],
    [-Infinity, 0xff80],
    [1 + 2 ** -8, 0x3f80], // fp32 0x3f808000, a tie: to even
    [1 + 3 * 2 ** -8, 0x3f82], // fp32 0x3f818000, a tie: to even
    [3.4028234663852886e38, 0x7f80], // fp32 max rounds up to Infinity
  ])('stores %d as %s', (x, bits) => {
    expect(hex(bf16Bits(x))).toBe(hex(bits));
  });

  it('reports the value the bits stand for and its error', () => {
    expect(encodeFloat('bf16', 65504)).toMatchObject({ value: 65536, error: { absolute: 32, relative: 32 / 65504 } });
    expect(encodeFloat('bf16', 1e-8).value).toBe(1.34375 * 2 ** -27); // exponent 0x64, mantissa 0x2c
  });

  it('keeps NaN a quiet NaN', () => {
    expect(hex(bf16Bits(NaN))).toBe('0x7fc0');
    expect(encodeFloat('bf16', NaN)).toMatchObject({ exponentBits: '11111111', mantissaBits: '1000000', kind: 'nan' });
  });
});

describe('fp32', () => {
  it('stores 1.0 as 0x3f800000 and -2.5 field by field', () => {
    expect(fp32Bits(1)).toBe(0x3f800000);
    expect(decodeFloatBits('fp32', 0xc0200000)).toMatchObject({
      sign: 1, exponentBits: '10000000', mantissaBits: '01000000000000000000000', value: -2.5, kind: 'normal',
    });
  });

  it('shows the rounding error of 0.1', () => {
    const { bits, error } = encodeFloat('fp32', 0.1);
    expect(bits).toBe(0x3dcccccd);
    expect(error.absolute).toBe(Math.fround(0.1) - 0.1);
    expect(error.relative).toBeCloseTo(1.49e-8, 10);
  });

  it('names the smallest subnormal', () => {
    expect(decodeFloatBits('fp32', 1)).toMatchObject({ kind: 'subnormal', value: 2 ** -149 });
  });
});

describe('encodeAllFormats', () => {
  it('gives the three formats side by side', () => {
    const all = encodeAllFormats(-2.5);
    expect([all.fp32.bits, all.fp16.bits, all.bf16.bits]).toEqual([0xc0200000, 0xc100, 0xc020]);
  });
});

describe('decodeFloatBits', () => {
  it('rejects patterns wider than the format', () => {
    expect(() => decodeFloatBits('fp16', 0x10000)).toThrow(RangeError);
    expect(() => decodeFloatBits('bf16', -1)).toThrow(RangeError);
    expect(() => decodeFloatBits('fp32', 1.5)).toThrow(RangeError);
  });
});
