// The rewritten model must be the same model: ONNX Runtime (Node, which reads external data from a
// file next to the model) gives bit-identical logits and cache for it, and every moved tensor's
// reference points at exactly its bytes in the original file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { generateWeights, tinyShape } from '../../scripts/models/weights.ts';
import { identityModel } from '../worker/runtime-start.ts';
import { buildOnnxModel } from './build-model.ts';
import { externalizeWeights } from './external-weights.ts';
import { fieldsOf } from './protobuf-reader.ts';
import { DTYPES, FAMILIES } from './spec.ts';

const decoder = new TextDecoder();

interface TensorInfo {
  raw: Uint8Array | null;
  external: Map<string, string>;
  location: number;
}

/** The main graph's initializers by name: inline bytes, or external data entries. */
function initializers(model: Uint8Array): Map<string, TensorInfo> {
  const out = new Map<string, TensorInfo>();
  for (const m of fieldsOf(model)) {
    if (m.field !== 7) continue;
    for (const g of fieldsOf(model, m.valueStart, m.end)) {
      if (g.field !== 5) continue;
      let name = '';
      const info: TensorInfo = { raw: null, external: new Map(), location: 0 };
      for (const t of fieldsOf(model, g.valueStart, g.end)) {
        if (t.field === 8) name = decoder.decode(model.subarray(t.valueStart, t.end));
        if (t.field === 9) info.raw = model.subarray(t.valueStart, t.end);
        if (t.field === 14) info.location = t.varint;
        if (t.field === 13) {
          const kv = [...fieldsOf(model, t.valueStart, t.end)].map((e) => decoder.decode(model.subarray(e.valueStart, e.end)));
          info.external.set(kv[0] ?? '', kv[1] ?? '');
        }
      }
      out.set(name, info);
    }
  }
  return out;
}

const PROMPT = [15496, 11, 314, 716];

async function runModel(session: ort.InferenceSession, layers: number, heads: number, headDim: number): Promise<Record<string, ort.Tensor>> {
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', BigInt64Array.from(PROMPT, BigInt), [1, PROMPT.length]),
    attention_mask: new ort.Tensor('int64', new BigInt64Array(PROMPT.length).fill(1n), [1, PROMPT.length]),
  };
  const type = session.inputNames.includes('position_ids') ? 'with positions' : 'without';
  if (session.inputNames.includes('num_logits_to_keep')) feeds.num_logits_to_keep = new ort.Tensor('int64', BigInt64Array.of(0n), []);
  if (type === 'with positions') feeds.position_ids = new ort.Tensor('int64', BigInt64Array.from(PROMPT.map((_, i) => BigInt(i))), [1, PROMPT.length]);
  for (let i = 0; i < layers; i++) {
    for (const kind of ['key', 'value']) {
      const name = `past_key_values.${i}.${kind}`;
      if (!session.inputNames.includes(name)) continue;
      const half = (session.inputMetadata.find((m) => m.name === name) as { type?: string } | undefined)?.type === 'float16';
      feeds[name] = new ort.Tensor(half ? 'float16' : 'float32', half ? new Uint16Array(0) : new Float32Array(0), [1, heads, 0, headDim]);
    }
  }
  return session.run(feeds);
}

describe.each(FAMILIES)('externalizeWeights (%s)', (family) => {
  const weights = generateWeights(tinyShape(family), 11);
  const dir = mkdtempSync(join(tmpdir(), 'external-weights-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(DTYPES)('%s: every large initializer points at its own bytes in the original file; small ones stay inline', (dtype) => {
    const original = buildOnnxModel(weights, dtype);
    const rewritten = externalizeWeights(original, 'weights.bin');
    expect(rewritten).not.toBeNull();
    if (!rewritten) return;
    expect(rewritten.model.byteLength).toBeLessThan(original.byteLength / 10);
    const before = initializers(original);
    const after = initializers(rewritten.model);
    expect([...after.keys()]).toEqual([...before.keys()]);
    let moved = 0;
    for (const [name, was] of before) {
      const now = after.get(name) as TensorInfo;
      if (!was.raw || was.raw.byteLength < 1024) {
        expect(now.external.size, name).toBe(0);
        expect(now.raw, name).toEqual(was.raw);
        continue;
      }
      moved++;
      expect(now.raw, name).toBeNull();
      expect(now.location, name).toBe(1);
      expect(now.external.get('location')).toBe('weights.bin');
      const offset = Number(now.external.get('offset'));
      const length = Number(now.external.get('length'));
      expect(Buffer.from(original.subarray(offset, offset + length)).equals(Buffer.from(was.raw)), name).toBe(true);
    }
    expect(rewritten.tensors).toBe(moved);
    expect(moved).toBeGreaterThan(3);
  });

  it.each(['fp32', 'q8', 'q4'] as const)('%s: ONNX Runtime gives bit-identical logits and cache for the rewritten model', async (dtype) => {
    const original = buildOnnxModel(weights, dtype);
    const rewritten = externalizeWeights(original, `${dtype}.weights`);
    if (!rewritten) throw new Error('nothing was moved');
    const path = join(dir, `${dtype}.onnx`);
    writeFileSync(path, rewritten.model);
    writeFileSync(join(dir, `${dtype}.weights`), original);
    const inline = await ort.InferenceSession.create(original);
    const external = await ort.InferenceSession.create(path);
    const { nLayer, nHead, nEmbd } = weights.shape;
    const a = await runModel(inline, nLayer, nHead, nEmbd / nHead);
    const b = await runModel(external, nLayer, nHead, nEmbd / nHead);
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const name of Object.keys(a)) {
      const x = a[name] as ort.Tensor;
      const y = b[name] as ort.Tensor;
      expect(y.dims, name).toEqual(x.dims);
      expect(Buffer.from((y.data as Float32Array).buffer).equals(Buffer.from((x.data as Float32Array).buffer)), name).toBe(true);
    }
    await inline.release();
    await external.release();
  }, 60_000);
});

describe('externalizeWeights leaves alone', () => {
  const original = buildOnnxModel(generateWeights(tinyShape('gpt2'), 3), 'fp32');

  it('a file cut short (ONNX Runtime reads the original and names the damage)', () => {
    expect(externalizeWeights(original.subarray(0, Math.floor(original.byteLength / 2)), 'w')).toBeNull();
    expect(externalizeWeights(original.subarray(0, 1000), 'w')).toBeNull();
  });

  it('bytes that are not protobuf at all (a web page)', () => {
    expect(externalizeWeights(new TextEncoder().encode('<!doctype html><html><body>Not found</body></html>'), 'w')).toBeNull();
  });

  it('a model without initializers that large', () => {
    expect(externalizeWeights(identityModel(), 'w')).toBeNull();
  });

  it('a model whose weights are already external data', () => {
    const once = externalizeWeights(original, 'w');
    expect(once).not.toBeNull();
    expect(externalizeWeights(once?.model ?? new Uint8Array(0), 'w2')).toBeNull();
  });
});
