/**
 * The weight layouts `scripts/bench/layouts.ts` compares, shared with the browser benchmark so
 * both time the same files under the same session options.
 */
export type Layout =
  | { readonly kind: 'fp32'; readonly label: string; readonly sessionConfig?: Readonly<Record<string, string>> }
  /** The app's q8 today: DynamicQuantizeLinear on the activations, MatMulInteger, two scales. */
  | { readonly kind: 'q8-dynamic'; readonly label: string; readonly sessionConfig?: Readonly<Record<string, string>> }
  /** uint8 weights dequantized to fp32 in the graph, then MatMul (foldable into a float weight at load). */
  | { readonly kind: 'q8-dequantize'; readonly label: string; readonly sessionConfig?: Readonly<Record<string, string>> }
  /** MatMulNBits (com.microsoft), blocks of 32 along K. */
  | { readonly kind: 'nbits'; readonly label: string; readonly bits: 4 | 8; readonly accuracyLevel: 0 | 1 | 4; readonly sessionConfig?: Readonly<Record<string, string>> };

export const LAYOUTS: readonly Layout[] = [
  { kind: 'fp32', label: 'fp32' },
  { kind: 'q8-dynamic', label: 'q8-dynamic' },
  { kind: 'q8-dequantize', label: 'q8-dq-matmul' },
  // ONNX Runtime keeps DequantizeLinear out of constant folding unless QDQ handling is off.
  { kind: 'q8-dequantize', label: 'q8-dq-matmul-folded', sessionConfig: { disable_quant_qdq: '1' } },
  { kind: 'nbits', label: 'nbits4-acc0', bits: 4, accuracyLevel: 0 },
  { kind: 'nbits', label: 'nbits4-acc4', bits: 4, accuracyLevel: 4 },
  { kind: 'nbits', label: 'nbits8-acc0', bits: 8, accuracyLevel: 0 },
  { kind: 'nbits', label: 'nbits8-acc4', bits: 8, accuracyLevel: 4 },
];
