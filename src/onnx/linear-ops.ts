/**
 * How each dtype computes `x · W + b` and reads an embedding table: the one place where fp32,
 * fp16, q8 and q4 graphs differ.
 *
 * Weights are lazy ({@link LazyMatrix}): each op declares its initializers with their shapes now and
 * computes their bytes (conversion, quantization) only when the writer reaches them.
 */
import type { Dtype, LazyMatrix, LazyVector, Loaded } from './spec.ts';
import { Q4_BLOCK_SIZE, quantizeBlock4, quantizeLinearBlock4, quantizeUint8, toFloat16Array, type Block4Quantized, type Uint8Quantized } from './numeric.ts';
import { after, attr, bytesOf, once, type GraphBuilder } from './graph-builder.ts';
import { ElemType } from './model-proto.ts';

/** Writes float tensors in the dtype's activation precision. */
export interface FloatFormat {
  readonly elemType: ElemType;
  tensor(g: GraphBuilder, name: string, values: Float32Array | Pick<LazyVector, 'load'>, dims: readonly number[]): string;
  scalar(g: GraphBuilder, name: string, value: number): string;
}

export function floatFormat(dtype: Dtype): FloatFormat {
  const half = dtype === 'fp16';
  const elemType = half ? ElemType.float16 : ElemType.float;
  const encode = (values: Float32Array) => bytesOf(half ? toFloat16Array(values) : values);
  const tensor = (g: GraphBuilder, name: string, values: Float32Array | Pick<LazyVector, 'load'>, dims: readonly number[]) =>
    g.initializer(name, elemType, dims, values instanceof Float32Array ? encode(values) : () => after(values.load(), encode));
  return { elemType, tensor, scalar: (g, name, value) => tensor(g, name, Float32Array.of(value), []) };
}

export interface LinearOps {
  /** `x · W (+ bias)` for a weight stored `[in, out]`. */
  linear(g: GraphBuilder, x: string, weight: LazyMatrix, bias: LazyVector | null, name: string): string;
  /** Rows of the token-embedding table `[vocab, width]` for `ids`. */
  embed(g: GraphBuilder, ids: string, table: LazyMatrix, name: string): string;
  /** `x · tableᵀ`, the language-model head tied to the token embeddings. */
  tiedHead(g: GraphBuilder, x: string, table: LazyMatrix, name: string, outputName: string): string;
}

function addBias(g: GraphBuilder, f: FloatFormat, y: string, bias: LazyVector | null, name: string, output?: string): string {
  if (!bias) return y;
  const b = f.tensor(g, `${name}.bias`, bias, [bias.length]);
  return g.op1('Add', [y, b], output ? { outputs: [output] } : {});
}

/** fp32 and fp16: plain MatMul; the head is a Gemm with transB so the table is stored once. */
function floatOps(f: FloatFormat): LinearOps {
  // The tied table is written once and read by both the Gather and the head.
  const stored = new WeakMap<LazyMatrix, string>();
  const table = (g: GraphBuilder, m: LazyMatrix, name: string) => {
    const existing = stored.get(m);
    if (existing) return existing;
    const created = f.tensor(g, name, m, [m.rows, m.cols]);
    stored.set(m, created);
    return created;
  };
  return {
    linear(g, x, weight, bias, name) {
      const w = f.tensor(g, `${name}.weight`, weight, [weight.rows, weight.cols]);
      return addBias(g, f, g.op1('MatMul', [x, w], { name }), bias, name);
    },
    embed(g, ids, m, name) {
      return g.op1('Gather', [table(g, m, name), ids], { attributes: [attr.int('axis', 0)] });
    },
    tiedHead(g, x, m, name, outputName) {
      // Gemm wants 2-D input: fold [batch, seq] together, then restore it.
      const t = table(g, m, name);
      const flat = g.op1('Reshape', [x, g.int64('flat_shape', [-1, m.cols])]);
      const scores = g.op1('Gemm', [flat, t], { attributes: [attr.int('transB', 1)], name: 'lm_head' });
      const batchSeq = g.op1('Slice', [g.op1('Shape', [x]), g.int64('zero', [0]), g.int64('two', [2])]);
      const outShape = g.op1('Concat', [batchSeq, g.int64('vocab', [m.rows])], { attributes: [attr.int('axis', 0)] });
      return g.op1('Reshape', [scores, outShape], { outputs: [outputName] });
    },
  };
}

/** Dequantized rows of an 8-bit table: Gather the codes, then DequantizeLinear (ONNX Runtime's Gather quantization). */
function embedUint8(g: GraphBuilder, ids: string, table: LazyMatrix, name: string): string {
  const q = once(() => after(table.load(), quantizeUint8));
  const codes = g.initializer(`${name}_quantized`, ElemType.uint8, [table.rows, table.cols], () => after(q(), (r) => r.data));
  const scale = g.initializer(`${name}_scale`, ElemType.float, [], () => after(q(), (r) => bytesOf(Float32Array.of(r.scale))));
  const zero = g.initializer(`${name}_zero_point`, ElemType.uint8, [], () => after(q(), (r) => Uint8Array.of(r.zeroPoint)));
  const rows = g.op1('Gather', [codes, ids], { attributes: [attr.int('axis', 0)] });
  return g.op1('DequantizeLinear', [rows, scale, zero]);
}

/**
 * q8: ONNX Runtime's dynamic quantization pattern. Activations are quantized at run time
 * (DynamicQuantizeLinear), weights ahead of time (uint8, per tensor), MatMulInteger multiplies,
 * and the product of the two scales brings the int32 result back to float.
 */
function q8Ops(f: FloatFormat): LinearOps {
  /** `q` gives the weight's codes `[rows, cols]` with their scale and zero point, computed once. */
  const matMulInteger = (g: GraphBuilder, x: string, q: () => Loaded<Uint8Quantized>, rows: number, cols: number, name: string, output?: string) => {
    const w = g.initializer(`${name}.weight_quantized`, ElemType.uint8, [rows, cols], () => after(q(), (r) => r.data));
    const wScale = g.initializer(`${name}.weight_scale`, ElemType.float, [], () => after(q(), (r) => bytesOf(Float32Array.of(r.scale))));
    const wZero = g.initializer(`${name}.weight_zero_point`, ElemType.uint8, [], () => after(q(), (r) => Uint8Array.of(r.zeroPoint)));
    const [xq, xScale, xZero] = g.op('DynamicQuantizeLinear', [x], { outputs: 3, name: `${name}/quantize` }) as [string, string, string];
    const acc = g.op1('MatMulInteger', [xq, w, xZero, wZero], { name: `${name}/MatMulInteger` });
    const accFloat = g.op1('Cast', [acc], { attributes: [attr.int('to', ElemType.float)] });
    const scale2 = g.op1('Mul', [xScale, wScale]);
    return g.op1('Mul', [accFloat, scale2], output ? { outputs: [output] } : {});
  };
  return {
    linear(g, x, weight, bias, name) {
      const q = once(() => after(weight.load(), quantizeUint8));
      return addBias(g, f, matMulInteger(g, x, q, weight.rows, weight.cols, name), bias, name);
    },
    embed: (g, ids, table, name) => embedUint8(g, ids, table, name),
    tiedHead(g, x, table, name, outputName) {
      // MatMulInteger needs the table as [width, vocab]: store the transposed codes of the same quantization.
      const q = once(() => after(table.load(), (values) => {
        const { data, scale, zeroPoint } = quantizeUint8(values);
        const transposed = new Uint8Array(data.length);
        for (let r = 0; r < table.rows; r++) {
          for (let c = 0; c < table.cols; c++) transposed[c * table.rows + r] = data[r * table.cols + c] ?? 0;
        }
        return { data: transposed, scale, zeroPoint };
      }));
      return matMulInteger(g, x, q, table.cols, table.rows, 'lm_head', outputName);
    },
  };
}

/** q4: ONNX Runtime's MatMulNBits (com.microsoft), 4-bit codes in blocks of 32 along K. */
function q4Ops(f: FloatFormat): LinearOps {
  /** `n`, `k`: the weight's `[N, K]`; `q` quantizes it, once. */
  const matMulNBits = (g: GraphBuilder, x: string, n: number, k: number, q: () => Loaded<Block4Quantized>, name: string, output?: string) => {
    const blockSize = Q4_BLOCK_SIZE;
    const blocks = Math.ceil(k / blockSize);
    const b = g.initializer(`${name}.weight_Q4`, ElemType.uint8, [n, blocks, blockSize / 2], () => after(q(), (r) => r.packed));
    const scales = g.initializer(`${name}.weight_scales`, ElemType.float, [n * blocks], () => after(q(), (r) => bytesOf(r.scales)));
    return g.op1('MatMulNBits', [x, b, scales], {
      domain: 'com.microsoft',
      name: `${name}/MatMulNBits`,
      attributes: [attr.int('K', k), attr.int('N', n), attr.int('bits', 4), attr.int('block_size', blockSize)],
      ...(output ? { outputs: [output] } : {}),
    });
  };
  return {
    linear: (g, x, weight, bias, name) => {
      const q = once(() => after(weight.load(), (data) => quantizeLinearBlock4({ rows: weight.rows, cols: weight.cols, data })));
      return addBias(g, f, matMulNBits(g, x, weight.cols, weight.rows, q, name), bias, name);
    },
    // The 4-bit Hub exports keep the embedding Gather in 8 bits; so do we.
    embed: (g, ids, table, name) => embedUint8(g, ids, table, name),
    tiedHead(g, x, table, _name, outputName) {
      // MatMulNBits takes B as [N, K]: exactly the embedding table's [vocab, width] rows.
      const q = once(() => after(table.load(), (data) => quantizeBlock4(table.rows, table.cols, (row, col) => data[row * table.cols + col] ?? 0)));
      return matMulNBits(g, x, table.rows, table.cols, q, 'lm_head', outputName);
    },
  };
}

export function linearOps(dtype: Dtype): LinearOps {
  const f = floatFormat(dtype);
  switch (dtype) {
    case 'fp32':
    case 'fp16':
      return floatOps(f);
    case 'q8':
      return q8Ops(f);
    case 'q4':
      return q4Ops(f);
    default: {
      const unknown: never = dtype;
      throw new Error(`Unknown dtype ${String(unknown)}`);
    }
  }
}
