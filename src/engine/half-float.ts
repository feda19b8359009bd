/**
 * float16 → float32, for models whose logits are half precision. Accepts raw binary16 bits
 * (`Uint16Array`) or a `Float16Array` where the platform has one.
 */
const table = new Float32Array(65536);
for (let bits = 0; bits < 65536; bits++) {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  table[bits] =
    exponent === 0 ? sign * mantissa * 2 ** -24
    : exponent === 0x1f ? (mantissa ? NaN : sign * Infinity)
    : sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** The number that binary16 bits stand for. */
export function float16BitsToNumber(bits: number): number {
  return table[bits & 0xffff] ?? NaN;
}

export function halfToFloat(values: ArrayLike<number>): Float32Array {
  const out = new Float32Array(values.length);
  if (values instanceof Uint16Array) {
    for (let i = 0; i < values.length; i++) out[i] = table[values[i] ?? 0] ?? 0;
  } else {
    // A Float16Array already yields numbers.
    for (let i = 0; i < values.length; i++) out[i] = values[i] ?? 0;
  }
  return out;
}
