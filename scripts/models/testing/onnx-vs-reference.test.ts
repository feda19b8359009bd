/**
 * Runs our generated fp32 ONNX graphs in ONNX Runtime (Node) and checks every logit against the
 * plain-loop reference forward pass. The two share only `spec.ts` and the weights, so agreement
 * means the graph computes what transformers' GPT-2 / GPT-Neo code computes.
 */
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnnxModel } from '../../../src/onnx/build-model.ts';
import { FAMILIES, type ModelShape } from '../../../src/onnx/spec.ts';
import { generateWeights, tinyShape } from '../weights.ts';
import { referenceForward } from './reference-forward.ts';

/**
 * fp32 graph vs float64 reference on a width-64, two-layer model: observed errors are ~4e-6 with
 * logits of size ~3. Real mistakes are far bigger: erf GELU instead of gelu_new moves logits by
 * ~1e-3, a missing local mask by ~1, a wrong attention scale by ~4.
 */
const TOLERANCE = 1e-4;
const SEED = 1234;

/**
 * 24 ids spread over GPT-2's vocabulary of 50,257 (7919 is prime, so they do not repeat). Longer
 * than the tiny GPT-Neo window of 16, so its local layer masks keys the global layer still sees.
 */
const PROMPT = Array.from({ length: 24 }, (_, i) => (i * 7919 + 13) % 50257);

function int64(values: readonly number[]): ort.Tensor {
  return new ort.Tensor('int64', BigInt64Array.from(values, BigInt), [1, values.length]);
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}

/** Empty key/value cache tensors `[1, nHead, 0, headDim]` for every layer. */
function emptyPast(shape: ModelShape): Record<string, ort.Tensor> {
  const dims = [1, shape.nHead, 0, shape.nEmbd / shape.nHead];
  const feeds: Record<string, ort.Tensor> = {};
  for (let i = 0; i < shape.nLayer; i++) {
    feeds[`past_key_values.${i}.key`] = new ort.Tensor('float32', new Float32Array(0), dims);
    feeds[`past_key_values.${i}.value`] = new ort.Tensor('float32', new Float32Array(0), dims);
  }
  return feeds;
}

/** The cache a run returned (`present.*`), renamed as the next run's inputs (`past_key_values.*`). */
function pastFrom(results: ort.InferenceSession.OnnxValueMapType, shape: ModelShape): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (let i = 0; i < shape.nLayer; i++) {
    for (const part of ['key', 'value'] as const) {
      const present = results[`present.${i}.${part}`];
      if (present === undefined) throw new Error(`model has no output present.${i}.${part}`);
      feeds[`past_key_values.${i}.${part}`] = present;
    }
  }
  return feeds;
}

/** Runs `ids` at positions `pastLength..`, after a cache of `pastLength` tokens. */
async function run(
  session: ort.InferenceSession,
  ids: readonly number[],
  pastLength: number,
  past: Record<string, ort.Tensor>,
  keep = 0,
): Promise<ort.InferenceSession.OnnxValueMapType> {
  return session.run({
    input_ids: int64(ids),
    attention_mask: int64(new Array<number>(pastLength + ids.length).fill(1)),
    position_ids: int64(range(pastLength, pastLength + ids.length)),
    // 0: every position's logits; k: the last k (what transformers.js asks for while generating is 1).
    num_logits_to_keep: new ort.Tensor('int64', BigInt64Array.of(BigInt(keep)), []),
    ...past,
  });
}

/** Checks `logits` is `[1, seqLength, vocab]` float32 and splits it into one row per position. */
function rows(logits: ort.Tensor | undefined, seqLength: number, vocabSize: number): Float32Array[] {
  if (logits === undefined || !(logits.data instanceof Float32Array)) throw new Error('expected float32 logits');
  expect(logits.dims).toEqual([1, seqLength, vocabSize]);
  const data = logits.data;
  return range(0, seqLength).map((t) => data.subarray(t * vocabSize, (t + 1) * vocabSize));
}

/** Largest |a - b| over all positions and vocabulary entries. */
function maxAbsDiff(actual: readonly Float32Array[], expected: readonly Float32Array[]): number {
  expect(actual.length).toBe(expected.length);
  let max = 0;
  actual.forEach((row, t) => {
    const want = expected[t] ?? new Float32Array(0);
    expect(row.length).toBe(want.length);
    row.forEach((value, v) => {
      max = Math.max(max, Math.abs(value - (want[v] ?? NaN)));
    });
  });
  return max;
}

describe.each(FAMILIES)('%s fp32 ONNX graph vs reference forward', (family) => {
  const weights = generateWeights(tinyShape(family), SEED);
  const { shape } = weights;
  let expected: Float32Array[];
  let session: ort.InferenceSession;

  beforeAll(async () => {
    expected = referenceForward(weights, PROMPT);
    session = await ort.InferenceSession.create(buildOnnxModel(weights, 'fp32'));
  }, 30_000);

  it('matches the reference logits at every position of a prompt', async () => {
    const results = await run(session, PROMPT, 0, emptyPast(shape));
    const diff = maxAbsDiff(rows(results.logits, PROMPT.length, shape.vocabSize), expected);
    console.log(`${family}: max |onnx - reference| over ${PROMPT.length} positions = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(TOLERANCE);

    // The cache must hold every token of the prompt, head-split as transformers.js expects.
    const headDim = shape.nEmbd / shape.nHead;
    for (let i = 0; i < shape.nLayer; i++) {
      expect(results[`present.${i}.key`]?.dims).toEqual([1, shape.nHead, PROMPT.length, headDim]);
      expect(results[`present.${i}.value`]?.dims).toEqual([1, shape.nHead, PROMPT.length, headDim]);
    }
  });

  it('computes only the last positions asked for (num_logits_to_keep), with the same values and the full cache', async () => {
    for (const keep of [1, 3]) {
      const results = await run(session, PROMPT, 0, emptyPast(shape), keep);
      const diff = maxAbsDiff(rows(results.logits, keep, shape.vocabSize), expected.slice(PROMPT.length - keep));
      expect(diff).toBeLessThan(TOLERANCE);
      expect(results['present.0.key']?.dims[2]).toBe(PROMPT.length);
    }
    // More than the prompt has: every position.
    const all = await run(session, PROMPT.slice(0, 2), 0, emptyPast(shape), 5);
    expect(all.logits?.dims).toEqual([1, 2, shape.vocabSize]);
  });

  it('gives the same logits when the prompt is continued from its own cache', async () => {
    // Generation runs this path: the last tokens see earlier ones only through past_key_values,
    // at positions past the local window, so cache offsets and the local mask must line up.
    const split = 20;
    const first = await run(session, PROMPT.slice(0, split), 0, emptyPast(shape));
    const second = await run(session, PROMPT.slice(split), split, pastFrom(first, shape));
    const diff = maxAbsDiff(rows(second.logits, PROMPT.length - split, shape.vocabSize), expected.slice(split));
    console.log(`${family}: max |onnx with cache - reference| over positions ${split}..23 = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(TOLERANCE);
  });
});
