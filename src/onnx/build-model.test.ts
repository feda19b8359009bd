// The converter streams weights through the same builder as the generator: a source whose tensors
// arrive asynchronously (as from a file or over HTTP) must give byte-identical models.
import { describe, expect, it } from 'vitest';
import { generateWeights, tinyShape } from '../../scripts/models/weights.ts';
import { buildOnnxModel, buildOnnxModelParts } from './build-model.ts';
import { writeParts } from './protobuf-writer.ts';
import { DTYPES, FAMILIES, weightSource, type LazyMatrix, type LazyVector, type WeightSource } from './spec.ts';

/** The same weights, each `load()` answering a promise and counted. */
function asyncSource(source: WeightSource, loads: { count: number }): WeightSource {
  const later = <T extends LazyVector | LazyMatrix>(t: T): T => ({
    ...t,
    load: async () => {
      loads.count++;
      await new Promise((resolve) => setTimeout(resolve, 0));
      return t.load();
    },
  });
  const linear = <L extends { weight: LazyMatrix; bias: LazyVector | null }>(l: L) => ({ weight: later(l.weight), bias: l.bias && later(l.bias) });
  const norm = (n: { gamma: LazyVector; beta: LazyVector }) => ({ gamma: later(n.gamma), beta: later(n.beta) });
  return {
    shape: source.shape,
    wte: later(source.wte),
    wpe: later(source.wpe),
    lnF: norm(source.lnF),
    layers: source.layers.map((l) => ({
      ln1: norm(l.ln1),
      attention: 'fused' in l.attention ? { fused: linear(l.attention.fused) } : { q: linear(l.attention.q), k: linear(l.attention.k), v: linear(l.attention.v) },
      out: linear(l.out),
      ln2: norm(l.ln2),
      fc: linear(l.fc),
      proj: linear(l.proj),
    })),
  };
}

describe.each(FAMILIES)('buildOnnxModelParts (%s)', (family) => {
  const weights = generateWeights(tinyShape(family), 7);

  it.each(DTYPES)('%s: asynchronous tensors give the same bytes as weights in memory, read only while writing', async (dtype) => {
    const loads = { count: 0 };
    const encoded = buildOnnxModelParts(asyncSource(weightSource(weights), loads), dtype);
    expect(loads.count).toBe(0); // laying out the graph reads no weight
    const chunks: Uint8Array[] = [];
    await writeParts(encoded.parts, (file, bytes) => {
      expect(file).toBeNull();
      chunks.push(bytes.slice());
    });
    expect(loads.count).toBeGreaterThan(0);
    expect(Buffer.concat(chunks).equals(buildOnnxModel(weights, dtype))).toBe(true);
  });
});
