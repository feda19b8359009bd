/**
 * How one number is stored in fp32, fp16 and bf16: the raw bits, the fields they split into, the
 * number the bits stand for and the rounding error. Pure arithmetic on `DataView`/`Math.fround`,
 * so it runs where `Float16Array` and `Math.f16round` do not exist yet.
 */
import { float16BitsToNumber } from '../half-float.ts';
import { roundHalfEven } from './rounding.ts';

/** The float formats a model's weights come in. */
export type FloatFormat = 'fp32' | 'fp16' | 'bf16';

/** What a bit pattern is, by its exponent and mantissa fields. */
export type FloatKind = 'normal' | 'subnormal' | 'zero' | 'infinity' | 'nan';

/** Field widths of a format: `width = 1 + exponentWidth + mantissaWidth`. */
export interface FloatLayout {
  readonly width: 16 | 32;
  readonly exponentWidth: number;
  readonly mantissaWidth: number;
  /** Subtracted from the exponent field of a normal number. */
  readonly bias: number;
}

/** IEEE binary32, IEEE binary16 and bfloat16 (the top half of binary32). */
export const FLOAT_LAYOUTS: Readonly<Record<FloatFormat, FloatLayout>> = {
  fp32: { width: 32, exponentWidth: 8, mantissaWidth: 23, bias: 127 },
  fp16: { width: 16, exponentWidth: 5, mantissaWidth: 10, bias: 15 },
  bf16: { width: 16, exponentWidth: 8, mantissaWidth: 7, bias: 127 },
};

/** A bit pattern of one format, split into its fields. */
export interface FloatBits {
  readonly format: FloatFormat;
  /** The raw pattern as an unsigned integer, e.g. `0x3c00` for fp16 1.0. */
  readonly bits: number;
  readonly width: 16 | 32;
  readonly sign: 0 | 1;
  /** The exponent field, most significant bit first, e.g. `'01111'`. */
  readonly exponentBits: string;
  /** The mantissa (fraction) field, most significant bit first. */
  readonly mantissaBits: string;
  readonly exponentField: number;
  readonly mantissaField: number;
  /** The number the bits stand for. */
  readonly value: number;
  readonly kind: FloatKind;
}

/** `value - input`, signed so a UI can tell rounding up from rounding down. */
export interface RoundingError {
  readonly absolute: number;
  /** `absolute / |input|`; `Infinity` when a non-zero input became infinite. */
  readonly relative: number;
}

/** A number stored in one format. */
export interface FloatEncoding extends FloatBits {
  readonly input: number;
  readonly error: RoundingError;
}

const view = new DataView(new ArrayBuffer(8));

/** binary32 bits of `x`, rounded to nearest even (as `Math.fround` does); NaN is `0x7fc00000`. */
export function fp32Bits(x: number): number {
  view.setFloat32(0, x);
  return view.getUint32(0);
}

/**
 * binary16 bits of `x`, rounded to nearest even straight from the double (as `Math.f16round`
 * does; going through fp32 first would round twice). Overflow gives ±Infinity, tiny values become
 * subnormals or a signed zero, NaN is the quiet `0x7e00`.
 */
export function fp16Bits(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const magnitude = Math.abs(x);
  if (magnitude < 2 ** -14) {
    // Subnormal step 2^-24; a result of 1024 is the pattern of the smallest normal, as it should be.
    return sign | roundHalfEven(magnitude * 2 ** 24);
  }
  const exponent = binaryExponent(magnitude);
  if (exponent > 15) return sign | 0x7c00;
  // Scaling by a power of two is exact, so the one rounding is this one. A mantissa that rounds
  // up to 2048 carries into the exponent, and past 65504 into the Infinity pattern 0x7c00.
  const mantissa = roundHalfEven(magnitude * 2 ** (10 - exponent));
  return sign | (((exponent + 15) << 10) + mantissa - 1024);
}

/**
 * bfloat16 bits of `x`: its fp32 bits rounded to the top 16 with round-to-nearest-even, as
 * PyTorch converts fp32 weights. NaN stays a (quiet) NaN instead of rounding into Infinity.
 */
export function bf16Bits(x: number): number {
  const bits = fp32Bits(x);
  if (Number.isNaN(x)) return (bits >>> 16) | 0x0040;
  const lowerHalfIsOdd = (bits >>> 16) & 1;
  // Below 2^32 for every non-NaN pattern, so `>>>` sees the whole sum.
  return (bits + 0x7fff + lowerHalfIsOdd) >>> 16;
}

/**
 * Splits a bit pattern of `format` into its fields, for a UI that lets one flip single bits.
 *
 * @throws RangeError when `bits` is not an integer in [0, 2^width).
 */
export function decodeFloatBits(format: FloatFormat, bits: number): FloatBits {
  const { width, exponentWidth, mantissaWidth } = FLOAT_LAYOUTS[format];
  if (!Number.isInteger(bits) || bits < 0 || bits >= 2 ** width) {
    throw new RangeError(`A ${format} pattern is an integer in [0, 2^${width}); got ${bits}.`);
  }
  const exponentMax = (1 << exponentWidth) - 1;
  const exponentField = Math.floor(bits / 2 ** mantissaWidth) & exponentMax;
  const mantissaField = bits % 2 ** mantissaWidth;
  return {
    format,
    bits,
    width,
    sign: bits >= 2 ** (width - 1) ? 1 : 0,
    exponentBits: exponentField.toString(2).padStart(exponentWidth, '0'),
    mantissaBits: mantissaField.toString(2).padStart(mantissaWidth, '0'),
    exponentField,
    mantissaField,
    value: bitsToNumber(format, bits),
    kind:
      exponentField === exponentMax ? (mantissaField === 0 ? 'infinity' : 'nan')
      : exponentField !== 0 ? 'normal'
      : mantissaField === 0 ? 'zero'
      : 'subnormal',
  };
}

/** `x` stored in `format`: its bits, their fields, the stored value and the rounding error. */
export function encodeFloat(format: FloatFormat, x: number): FloatEncoding {
  const bits = format === 'fp32' ? fp32Bits(x) : format === 'fp16' ? fp16Bits(x) : bf16Bits(x);
  const decoded = decodeFloatBits(format, bits);
  return { ...decoded, input: x, error: roundingError(x, decoded.value) };
}

/** `x` in all three formats at once, for a side-by-side table. */
export function encodeAllFormats(x: number): Readonly<Record<FloatFormat, FloatEncoding>> {
  return { fp32: encodeFloat('fp32', x), fp16: encodeFloat('fp16', x), bf16: encodeFloat('bf16', x) };
}

function bitsToNumber(format: FloatFormat, bits: number): number {
  if (format === 'fp16') return float16BitsToNumber(bits);
  view.setUint32(0, format === 'fp32' ? bits : bits * 0x10000);
  return view.getFloat32(0);
}

function roundingError(input: number, value: number): RoundingError {
  // Exact (also ±Infinity kept): no error, where `Infinity - Infinity` would say NaN.
  if (value === input) return { absolute: 0, relative: 0 };
  const absolute = value - input;
  return { absolute, relative: absolute / Math.abs(input) };
}

/** floor(log2(x)) for a normal positive double, read from its exponent field (no log rounding). */
function binaryExponent(x: number): number {
  view.setFloat64(0, x);
  return ((view.getUint32(0) >>> 20) & 0x7ff) - 1023;
}
