// transformers.js loads every generated family × dtype in Node, generates with its KV cache, and the
// cache path is really wired: one full forward pass equals step-by-step decoding with past_key_values.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, env, Tensor, type PreTrainedModel } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateModel, modelName } from './generate.ts';
import { DTYPES, FAMILIES, type Dtype } from '../../src/onnx/spec.ts';

/**
 * Largest allowed |full - cached| logit difference per dtype. fp32 and q4 (float activations,
 * fixed 4-bit weights) only differ by summation order. fp16 rounds every activation to 11 bits.
 * q8 quantizes activations per call (DynamicQuantizeLinear picks its scale from the whole input),
 * so a one-token step and a full prompt quantize with different scales: on logits of about ±3 we
 * measured 0.11 (GPT-2) and 0.28 (GPT-Neo), below q8's own distance to fp32 (0.15 and 0.40).
 */
const TOLERANCE: Record<Dtype, number> = { fp32: 1e-4, q4: 1e-4, fp16: 0.05, q8: 0.5 };

const PROMPT = 'Hello, I am a model with random weights, and this prompt is longer than the local window of sixteen tokens.';

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'gpt-playground-models-'));
  for (const family of FAMILIES) generateModel({ family, size: 'tiny', dtypes: DTYPES, outDir: path.join(root, 'local') });
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = root + path.sep;
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Logits as float32 numbers, whatever the model's output type (fp16 models return float16). */
function logitsOf(output: Record<string, Tensor>): Tensor {
  const logits = output.logits;
  if (!logits) throw new Error('The model returned no logits');
  return logits.type === 'float32' ? logits : logits.to('float32');
}

function row(logits: Tensor, position: number): Float32Array {
  const [, seq, vocab] = logits.dims as [number, number, number];
  if (position >= seq) throw new Error(`position ${position} >= ${seq}`);
  return (logits.data as Float32Array).subarray(position * vocab, (position + 1) * vocab);
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return max;
}

function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? -Infinity) > (values[best] ?? -Infinity)) best = i;
  return best;
}

const ids = (values: readonly number[]) => new Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);
const ones = (n: number) => ids(Array<number>(n).fill(1));

/** Runs `tokens` after a cache that holds `pastLength` tokens; returns logits and the new cache. */
async function step(model: PreTrainedModel, tokens: readonly number[], pastLength: number, past: Record<string, Tensor> | null) {
  const output = (await model({
    input_ids: ids(tokens),
    attention_mask: ones(pastLength + tokens.length),
    ...(past ? { past_key_values: past } : {}),
  })) as Record<string, Tensor>;
  const cache: Record<string, Tensor> = {};
  for (const [name, tensor] of Object.entries(output)) {
    if (name.startsWith('present.')) cache[name.replace('present.', 'past_key_values.')] = tensor;
  }
  return { logits: logitsOf(output), cache };
}

describe.each(FAMILIES)('generated %s', (family) => {
  describe.each(DTYPES)('%s', (dtype) => {
    it('generates greedily with the KV cache, and cached logits equal the full pass', async () => {
      const id = `local/${modelName(family, 'tiny')}`;
      const tokenizer = await AutoTokenizer.from_pretrained(id);
      const model = await AutoModelForCausalLM.from_pretrained(id, { dtype, device: 'cpu' });
      try {
        const promptIds = tokenizer.encode(PROMPT);
        expect(promptIds.length).toBeGreaterThan(16); // crosses GPT-Neo's tiny local window

        // One forward pass over the whole prompt.
        const full = await step(model, promptIds, 0, null);

        // The same prompt: a prefix, then one token at a time through past_key_values.
        const prefix = 4;
        let { logits, cache } = await step(model, promptIds.slice(0, prefix), 0, null);
        let worst = maxAbsDiff(row(full.logits, prefix - 1), row(logits, prefix - 1));
        for (let t = prefix; t < promptIds.length; t++) {
          const past = cache['past_key_values.0.key'];
          expect(past?.dims[2]).toBe(t); // the cache really grows one position per step
          ({ logits, cache } = await step(model, [promptIds[t] ?? 0], t, cache));
          expect(logits.dims[1]).toBe(1);
          worst = Math.max(worst, maxAbsDiff(row(full.logits, t), row(logits, 0)));
        }
        expect(worst).toBeLessThanOrEqual(TOLERANCE[dtype]);

        // transformers.js's own greedy generate() continues exactly as the full pass says.
        const generated = (await model.generate({
          input_ids: ids(promptIds),
          attention_mask: ones(promptIds.length),
          max_new_tokens: 6,
          do_sample: false,
        })) as Tensor;
        const sequence = Array.from(generated.data as BigInt64Array, Number);
        expect(sequence.slice(0, promptIds.length)).toEqual(promptIds);
        expect(sequence.length).toBe(promptIds.length + 6);
        expect(sequence[promptIds.length]).toBe(argmax(row(full.logits, promptIds.length - 1)));
        console.info(`${family} ${dtype}: max |full - cached| = ${worst.toExponential(2)}; greedy ${sequence.slice(promptIds.length).join(' ')}`);
      } finally {
        await model.dispose();
      }
    });
  });
});
