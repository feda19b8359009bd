// Checkpoints written by Hugging Face transformers itself (scripts/convert/fixtures/make_fixtures.py),
// converted by us and run by transformers.js in Node: the same logits as HF's within 1e-4 (fp32)
// and the same greedy tokens, for GPT-2 and GPT-Neo (local attention), from safetensors, sharded
// safetensors and pytorch_model.bin, with and without ONNX external data.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutoModelForCausalLM, AutoTokenizer, env, Tensor } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertModel, type ConvertRequest } from '../../src/convert/convert.ts';
import type { Dtype } from '../../src/onnx/spec.ts';
import { folderRepo, folderWriter } from './node-files.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

interface Expected {
  readonly prompt: string;
  readonly input_ids: number[];
  readonly logits: number[][];
  readonly greedy: number[];
}

/**
 * Largest |ours - HF| logit allowed per dtype. fp32 differs by summation order only (measured
 * 1.3e-7). The others are lossy by design, so their bounds are sanity checks, measured on these
 * random models (logits within ±0.6, std 0.11): fp16 3e-4, q8 6e-3 / 1.2e-2, q4 8e-2 (4-bit codes
 * move each weight by up to 1/14 of its block's largest). A wrong graph moves logits by their spread.
 * Greedy tokens must match for fp32; the near-flat logits of a random model let q4's noise change them.
 */
const TOLERANCE: Record<Dtype, number> = { fp32: 1e-4, fp16: 5e-3, q8: 0.05, q4: 0.15 };

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'gpt-playground-convert-'));
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = root + path.sep;
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

async function convert(fixture: string, id: string, options: Partial<ConvertRequest> = {}) {
  const writer = await folderWriter(path.join(root, id));
  const summary = await convertModel({ repo: await folderRepo(path.join(FIXTURES, fixture), fixture), writer, dtypes: ['fp32', 'fp16', 'q8', 'q4'], ...options });
  await writer.commit();
  return summary;
}

const ids = (values: readonly number[]) => new Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);

async function check(id: string, expected: Expected, dtype: Dtype) {
  const tokenizer = await AutoTokenizer.from_pretrained(id);
  // The tokenizer files we wrote (or copied) encode the prompt as HF's tokenizer did.
  expect(tokenizer.encode(expected.prompt)).toEqual(expected.input_ids);
  const model = await AutoModelForCausalLM.from_pretrained(id, { dtype, device: 'cpu' });
  try {
    const n = expected.input_ids.length;
    const output = (await model({ input_ids: ids(expected.input_ids), attention_mask: ids(Array<number>(n).fill(1)) })) as { logits: Tensor };
    const logits = output.logits.type === 'float32' ? output.logits : output.logits.to('float32');
    const data = logits.data as Float32Array;
    const vocab = logits.dims[2] ?? 0;
    let worst = 0;
    expected.logits.forEach((row, t) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - (data[t * vocab + j] ?? NaN))))));
    const generated = (await model.generate({ input_ids: ids(expected.input_ids), attention_mask: ids(Array<number>(n).fill(1)), max_new_tokens: expected.greedy.length, do_sample: false })) as Tensor;
    const greedy = Array.from(generated.data as BigInt64Array, Number).slice(n);
    console.info(`${id} ${dtype}: max |ours - HF| logit = ${worst.toExponential(2)}; greedy ${greedy.join(' ') === expected.greedy.join(' ') ? 'equal' : `differs: ${greedy.join(' ')} vs ${expected.greedy.join(' ')}`}`);
    expect(worst).toBeLessThanOrEqual(TOLERANCE[dtype]);
    if (dtype === 'fp32') expect(greedy).toEqual(expected.greedy);
  } finally {
    await model.dispose();
  }
}

describe.each(['gpt2-safetensors', 'gpt2-sharded', 'gpt2-bin', 'gpt-neo-safetensors', 'gpt-neo-bin'])('%s', (fixture) => {
  const expected = JSON.parse(readFileSync(path.join(FIXTURES, fixture, 'expected.json'), 'utf8')) as Expected;
  const id = `converted/${fixture}`;

  beforeAll(async () => {
    await convert(fixture, id);
  });

  it.each(['fp32', 'fp16', 'q8', 'q4'] as const)('%s matches Hugging Face transformers', async (dtype) => {
    await check(id, expected, dtype);
  });
});

describe('external data', () => {
  it('splits weights into onnx/model.onnx_data chunks that transformers.js loads', async () => {
    const id = 'converted/gpt-neo-external';
    // 40 kB chunks: the 38 kB embedding table per chunk, so the model spans several data files.
    const summary = await convert('gpt-neo-safetensors', id, { dtypes: ['fp32'], externalData: 'always', chunkBytes: 40_000 });
    const onnx = readdirSync(path.join(root, id, 'onnx')).sort();
    expect(onnx.filter((f) => f.startsWith('model.onnx_data')).length).toBeGreaterThan(1);
    const config = JSON.parse(readFileSync(path.join(root, id, 'config.json'), 'utf8')) as Record<string, { use_external_data_format?: Record<string, number> }>;
    expect(config['transformers.js_config']?.use_external_data_format?.['model.onnx']).toBe(onnx.length - 1);
    const onnxBytes = summary.files.find((f) => f.path === 'onnx/model.onnx')?.bytes ?? Infinity;
    expect(onnxBytes).toBeLessThan(20_000); // the graph without its weights
    const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'gpt-neo-safetensors', 'expected.json'), 'utf8')) as Expected;
    await check(id, expected, 'fp32');
  });
});
