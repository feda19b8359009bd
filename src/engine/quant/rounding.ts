/**
 * The two ways quantizers round a number to an integer. ONNX's QuantizeLinear and
 * DynamicQuantizeLinear round half to even (`std::nearbyintf`); ONNX Runtime's 4-bit block
 * quantizer (MLAS) uses C's `roundf`, which rounds half away from zero. They differ only on ties,
 * which float32 quotients hit often enough (`0.5 / (3/255)` is exactly 42.5) to matter.
 */

/** Nearest integer, ties to the even one (IEEE 754 roundTiesToEven): 2.5 → 2, 3.5 → 4. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const floor = Math.floor(x);
  const rest = x - floor; // exact for doubles
  if (rest > 0.5) return floor + 1;
  if (rest < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Nearest integer, ties away from zero, as C's `roundf`: 2.5 → 3, -2.5 → -3. */
export function roundHalfAwayFromZero(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}
