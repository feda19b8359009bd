/**
 * 8-bit per-tensor quantization as ONNX Runtime does it: the asymmetric uint8 scheme of ONNX
 * DynamicQuantizeLinear (what `model_quantized.onnx` uses for activations, and for weights with
 * QUInt8), and the symmetric int8 scheme of its quantization tools. All arithmetic is float32,
 * like the kernels, so scales and codes match theirs bit for bit.
 */
import { assertFinite } from './quant-error.ts';
import { roundHalfEven } from './rounding.ts';

const f32 = Math.fround;

/** `value ≈ (q - zeroPoint) · scale`, with `q` and `zeroPoint` in 0..255. */
export interface Uint8Affine {
  /** float32. */
  readonly scale: number;
  readonly zeroPoint: number;
  readonly q: Uint8Array;
}

/** `value ≈ q · scale`, with `q` in -127..127 and zero point 0. */
export interface Int8Symmetric {
  /** float32. */
  readonly scale: number;
  readonly q: Int8Array;
}

/**
 * Quantizes as ONNX DynamicQuantizeLinear (ONNX Runtime's `GetQuantizationParameter`):
 * the range is widened to include 0 so that 0 is exact; `scale = (max - min) / 255`, or 1 when
 * that range is empty; `zeroPoint = roundHalfEven(clamp(-min / scale, 0, 255))`;
 * `q = clamp(roundHalfEven(x / scale) + zeroPoint, 0, 255)`.
 *
 * @throws RangeError on a NaN or infinite value.
 */
export function dynamicQuantizeLinear(values: ArrayLike<number>): Uint8Affine {
  assertFinite(values, 'DynamicQuantizeLinear');
  let min = 0;
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = f32(values[i] ?? 0);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // ONNX Runtime's guard for an all-zero input; the ONNX formula alone would give 0/0.
  const scale = max === min ? 1 : f32(f32(max - min) / 255);
  const initialZeroPoint = f32(0 - f32(min / scale));
  const zeroPoint = roundHalfEven(clamp(initialZeroPoint, 0, 255));
  const q = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    q[i] = clamp(roundHalfEven(f32(f32(values[i] ?? 0) / scale)) + zeroPoint, 0, 255);
  }
  return { scale, zeroPoint, q };
}

/** `(q - zeroPoint) · scale` in float32, as DequantizeLinear. */
export function dequantizeUint8(quantized: Uint8Affine): Float32Array {
  const { scale, zeroPoint, q } = quantized;
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = ((q[i] ?? 0) - zeroPoint) * scale;
  return out;
}

/**
 * Symmetric int8, as ONNX Runtime's quantization tools do it for weights: zero point 0,
 * `scale = max|x| / 127` (1 for an all-zero input), `q = clamp(roundHalfEven(x / scale), -127, 127)`.
 * -128 is left out so that the range stays symmetric around 0.
 *
 * @throws RangeError on a NaN or infinite value.
 */
export function quantizeSymmetricInt8(values: ArrayLike<number>): Int8Symmetric {
  assertFinite(values, 'Symmetric int8 quantization');
  let absMax = 0;
  for (let i = 0; i < values.length; i++) absMax = Math.max(absMax, Math.abs(f32(values[i] ?? 0)));
  const scale = absMax > 0 ? f32(absMax / 127) : 1;
  const q = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    q[i] = clamp(roundHalfEven(f32(f32(values[i] ?? 0) / scale)), -127, 127);
  }
  return { scale, q };
}

/** `q · scale` in float32. */
export function dequantizeInt8Symmetric(quantized: Int8Symmetric): Float32Array {
  const { scale, q } = quantized;
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = (q[i] ?? 0) * scale;
  return out;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
