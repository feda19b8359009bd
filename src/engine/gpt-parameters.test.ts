import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dimensionsFromConfig, gptParameterCount } from './gpt-parameters.ts';

const FIXTURES = 'scripts/convert/fixtures';

/** Elements of every weight in a safetensors file written by transformers (masks and a tied head left out). */
function weightsIn(file: string): number {
  const bytes = readFileSync(file);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, { shape?: number[] }>;
  return Object.entries(header)
    .filter(([name]) => name !== '__metadata__' && !/\.attn\.(attention\.)?(bias|masked_bias)$|^lm_head\./.test(name))
    .reduce((sum, [, t]) => sum + (t.shape ?? []).reduce((a, b) => a * b, 1), 0);
}

function countOf(folder: string): number {
  const dims = dimensionsFromConfig(JSON.parse(readFileSync(`${FIXTURES}/${folder}/config.json`, 'utf8')) as Record<string, unknown>);
  if (!dims) throw new Error(`${folder}: not a GPT config`);
  return gptParameterCount(dims);
}

describe('gptParameterCount', () => {
  // The formula is checked against checkpoints Hugging Face transformers wrote, tensor by tensor.
  it('matches the weights of the GPT-2 and GPT-Neo checkpoints transformers saved', () => {
    expect(countOf('gpt2-safetensors')).toBe(weightsIn(`${FIXTURES}/gpt2-safetensors/model.safetensors`));
    expect(countOf('gpt-neo-safetensors')).toBe(weightsIn(`${FIXTURES}/gpt-neo-safetensors/model.safetensors`));
  });

  // The published counts of the real models, from their configs' dimensions.
  it('gives GPT-2 small 124,439,808 and GPT-Neo 125M 125,198,592 parameters', () => {
    expect(gptParameterCount({ family: 'gpt2', layers: 12, width: 768, positions: 1024, vocab: 50257 })).toBe(124_439_808);
    expect(gptParameterCount({ family: 'gpt_neo', layers: 12, width: 768, positions: 2048, vocab: 50257 })).toBe(125_198_592);
    expect(gptParameterCount({ family: 'gpt_neo', layers: 24, width: 2048, positions: 2048, vocab: 50257 })).toBe(1_315_575_808);
  });

  it('reads no dimensions from another architecture or an incomplete config', () => {
    expect(dimensionsFromConfig({ model_type: 'llama', hidden_size: 4096 })).toBeNull();
    expect(dimensionsFromConfig({ model_type: 'gpt2', n_layer: 2, n_embd: 32, vocab_size: 300 })).toBeNull();
  });
});
