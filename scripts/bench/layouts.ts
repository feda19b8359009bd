/**
 * `npx tsx scripts/bench/layouts.ts [--layers 4] [--runs 20] [--out DIR] [--write-only]`
 *
 * Which weight layout decodes fastest? Builds one small graph per layout with GPT-2 small's
 * matrix shapes (per layer: 768→2304, 768→768, 768→3072, 3072→768; then the 768→50257 head), the
 * part of a decoding step that reads the weights, and times single-token runs of each in
 * onnxruntime-node. The same files are written to DIR (default `.e2e-dist-bench/models/layouts/`)
 * so `npm run bench:browser -- --layouts` times them in ONNX Runtime Web too: the kernels differ
 * (WebAssembly has no fast MatMulNBits kernel in every version).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { attr, bytesOf, GraphBuilder } from '../../src/onnx/graph-builder.ts';
import { ElemType, encodeModel } from '../../src/onnx/model-proto.ts';
import { quantizeBlock4, quantizeUint8 } from '../../src/onnx/numeric.ts';
import { concatParts } from '../../src/onnx/protobuf-writer.ts';
import { LAYOUTS, type Layout } from './layouts-list.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WIDTH = 768;
const VOCAB = 50257;

/** A seeded normal(0, 0.02) matrix `[rows, cols]`, GPT-2's initialisation. */
function randomMatrix(rows: number, cols: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < out.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(next()));
    const t = 2 * Math.PI * next();
    out[i] = 0.02 * r * Math.cos(t);
    if (i + 1 < out.length) out[i + 1] = 0.02 * r * Math.sin(t);
  }
  return out;
}

/** 8-bit symmetric blocks in MatMulNBits layout (`[N, blocks, blockSize]`, implicit zero point 128). */
function quantizeBlock8(n: number, k: number, at: (row: number, col: number) => number, blockSize = 32) {
  const blocks = Math.ceil(k / blockSize);
  const codes = new Uint8Array(n * blocks * blockSize);
  const scales = new Float32Array(n * blocks);
  for (let row = 0; row < n; row++) {
    for (let b = 0; b < blocks; b++) {
      let absMax = 0;
      for (let j = 0; j < blockSize && b * blockSize + j < k; j++) absMax = Math.max(absMax, Math.abs(at(row, b * blockSize + j)));
      const scale = absMax > 0 ? Math.fround(absMax / 127) : 1;
      scales[row * blocks + b] = scale;
      for (let j = 0; j < blockSize; j++) {
        const col = b * blockSize + j;
        codes[(row * blocks + b) * blockSize + j] = col < k ? Math.min(255, Math.max(0, Math.round(at(row, col) / scale) + 128)) : 128;
      }
    }
  }
  return { codes, scales, blocks };
}

/** `x · W` for `W` stored `[k, n]` in the layout's form. */
function linear(g: GraphBuilder, layout: Layout, x: string, w: Float32Array, k: number, n: number, name: string): string {
  const at = (row: number, col: number) => w[col * n + row] ?? 0; // [N, K] view of [K, N]
  switch (layout.kind) {
    case 'fp32':
      return g.op1('MatMul', [x, g.initializer(`${name}.w`, ElemType.float, [k, n], bytesOf(w))]);
    case 'q8-dynamic': {
      const q = quantizeUint8(w);
      const codes = g.initializer(`${name}.q`, ElemType.uint8, [k, n], q.data);
      const scale = g.initializer(`${name}.s`, ElemType.float, [], bytesOf(Float32Array.of(q.scale)));
      const zero = g.initializer(`${name}.z`, ElemType.uint8, [], Uint8Array.of(q.zeroPoint));
      const [xq, xs, xz] = g.op('DynamicQuantizeLinear', [x], { outputs: 3 }) as [string, string, string];
      const acc = g.op1('Cast', [g.op1('MatMulInteger', [xq, codes, xz, zero])], { attributes: [attr.int('to', ElemType.float)] });
      return g.op1('Mul', [acc, g.op1('Mul', [xs, scale])]);
    }
    case 'q8-dequantize': {
      const q = quantizeUint8(w);
      const codes = g.initializer(`${name}.q`, ElemType.uint8, [k, n], q.data);
      const scale = g.initializer(`${name}.s`, ElemType.float, [], bytesOf(Float32Array.of(q.scale)));
      const zero = g.initializer(`${name}.z`, ElemType.uint8, [], Uint8Array.of(q.zeroPoint));
      return g.op1('MatMul', [x, g.op1('DequantizeLinear', [codes, scale, zero])]);
    }
    case 'nbits': {
      const blockSize = 32;
      const q = layout.bits === 4 ? quantizeBlock4(n, k, at, blockSize) : null;
      const q8 = layout.bits === 8 ? quantizeBlock8(n, k, at, blockSize) : null;
      const blocks = Math.ceil(k / blockSize);
      const b = g.initializer(`${name}.b`, ElemType.uint8, [n, blocks, (blockSize * layout.bits) / 8], q ? q.packed : (q8?.codes ?? new Uint8Array()));
      const scales = g.initializer(`${name}.scales`, ElemType.float, [n * blocks], bytesOf(q ? q.scales : (q8?.scales ?? new Float32Array())));
      return g.op1('MatMulNBits', [x, b, scales], {
        domain: 'com.microsoft',
        attributes: [attr.int('K', k), attr.int('N', n), attr.int('bits', layout.bits), attr.int('block_size', blockSize), attr.int('accuracy_level', layout.accuracyLevel)],
      });
    }
    default: {
      const unknown: never = layout;
      throw new Error(`Unknown layout ${JSON.stringify(unknown)}`);
    }
  }
}

/** The layout's graph: `layers` blocks of GPT-2's four linear layers, then the head. */
export function buildLayoutModel(layout: Layout, layers: number): Uint8Array {
  const g = new GraphBuilder();
  g.name('x');
  g.name('logits');
  let x = 'x';
  let seed = 1;
  for (let l = 0; l < layers; l++) {
    const qkv = linear(g, layout, x, randomMatrix(WIDTH, 3 * WIDTH, seed++), WIDTH, 3 * WIDTH, `h${l}.qkv`);
    const out = linear(g, layout, x, randomMatrix(WIDTH, WIDTH, seed++), WIDTH, WIDTH, `h${l}.out`);
    const fc = g.op1('Relu', [linear(g, layout, x, randomMatrix(WIDTH, 4 * WIDTH, seed++), WIDTH, 4 * WIDTH, `h${l}.fc`)]);
    const proj = linear(g, layout, fc, randomMatrix(4 * WIDTH, WIDTH, seed++), 4 * WIDTH, WIDTH, `h${l}.proj`);
    // Opset 17's ReduceMean takes its axes as an attribute.
    const qkvMean = g.op1('ReduceMean', [qkv], { attributes: [attr.ints('axes', [-1])] });
    x = g.op1('Add', [g.op1('Add', [x, out]), g.op1('Add', [proj, qkvMean])]);
  }
  linear(g, layout, x, randomMatrix(WIDTH, VOCAB, seed), WIDTH, VOCAB, 'head');
  const last = g.nodes.at(-1);
  if (!last) throw new Error('empty graph');
  // Rename the head's output to `logits`.
  (last.outputs as string[])[0] = 'logits';
  const encoded = encodeModel({
    graphName: `layout-${layout.label}`,
    nodes: g.nodes,
    initializers: g.initializers,
    inputs: [{ name: 'x', elemType: ElemType.float, dims: [1, 'sequence_length', WIDTH] }],
    outputs: [{ name: 'logits', elemType: ElemType.float, dims: [1, 'sequence_length', VOCAB] }],
    opsets: [
      { domain: '', version: 17 },
      { domain: 'com.microsoft', version: 1 },
    ],
    producer: 'gpt-playground layouts bench',
    docString: '',
    metadata: {},
  });
  return concatParts(encoded.parts);
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      layers: { type: 'string', default: '4' },
      runs: { type: 'string', default: '20' },
      threads: { type: 'string', default: '2' },
      out: { type: 'string', default: path.join(root, '.e2e-dist-bench/models/layouts') },
      'write-only': { type: 'boolean', default: false },
    },
  });
  const layers = Number(values.layers);
  const runs = Number(values.runs);
  mkdirSync(values.out, { recursive: true });
  const x = new ort.Tensor('float32', randomMatrix(1, WIDTH, 99), [1, 1, WIDTH]);
  console.log(`layout                      file MiB  create ms  ms/token (median of ${runs})  tok/s   onnxruntime-node ${ort.env.versions.node ?? ''}, ${values.threads} threads, ${layers} layers + head`);
  for (const layout of LAYOUTS) {
    const bytes = buildLayoutModel(layout, layers);
    writeFileSync(path.join(values.out, `${layout.label}.onnx`), bytes);
    if (values['write-only']) continue;
    const started = performance.now();
    const session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: Number(values.threads),
      graphOptimizationLevel: 'all',
      ...(layout.sessionConfig ? { extra: { session: layout.sessionConfig } } : {}),
    });
    const createMs = performance.now() - started;
    await session.run({ x });
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await session.run({ x });
      times.push(performance.now() - t);
    }
    await session.release();
    const ms = median(times);
    console.log(`${layout.label.padEnd(26)}  ${(bytes.byteLength / 2 ** 20).toFixed(1).padStart(8)}  ${createMs.toFixed(0).padStart(9)}  ${ms.toFixed(2).padStart(27)}  ${(1000 / ms).toFixed(1).padStart(5)}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
