/** Per-value error of a quantize → dequantize round trip. */

/** How far each dequantized value landed from its input. */
export interface QuantizationErrors {
  /** `dequantized[i] - input[i]`, signed. */
  readonly errors: Float64Array;
  /** The largest `|errors[i]|`; 0 for an empty input. */
  readonly maxAbsError: number;
}

/**
 * Errors of a round trip, value by value.
 *
 * @throws RangeError when the two arrays differ in length.
 */
export function quantizationErrors(input: ArrayLike<number>, dequantized: ArrayLike<number>): QuantizationErrors {
  if (input.length !== dequantized.length) {
    throw new RangeError(`Cannot compare ${input.length} inputs with ${dequantized.length} dequantized values.`);
  }
  const errors = new Float64Array(input.length);
  let maxAbsError = 0;
  for (let i = 0; i < input.length; i++) {
    const error = (dequantized[i] ?? 0) - (input[i] ?? 0);
    errors[i] = error;
    maxAbsError = Math.max(maxAbsError, Math.abs(error));
  }
  return { errors, maxAbsError };
}

/**
 * @throws RangeError on NaN or ±Infinity: a quantizer's min/max scan has no sensible answer for
 *   them, and ONNX Runtime's result depends on the CPU's SIMD instructions.
 */
export function assertFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    if (!Number.isFinite(v)) throw new RangeError(`${what} needs finite values; value ${i} is ${v}.`);
  }
}
