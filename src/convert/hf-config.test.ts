import { describe, expect, it } from 'vitest';
import { ConvertError } from './errors.ts';
import { shapeFromConfig } from './hf-config.ts';
import { weightSourceFromCheckpoint } from './weight-map.ts';
import type { StoredTensor } from './tensor-data.ts';

// The keys of EleutherAI/gpt-neo-125m's config.json (abridged).
const NEO_125M = {
  model_type: 'gpt_neo',
  architectures: ['GPTNeoForCausalLM'],
  activation_function: 'gelu_new',
  attention_types: [[['global', 'local'], 6]],
  hidden_size: 768,
  max_position_embeddings: 2048,
  num_heads: 12,
  num_layers: 12,
  vocab_size: 50257,
  window_size: 256,
  layer_norm_epsilon: 1e-5,
};

// openai-community/gpt2's config.json (abridged).
const GPT2 = { model_type: 'gpt2', architectures: ['GPT2LMHeadModel'], activation_function: 'gelu_new', n_ctx: 1024, n_embd: 768, n_head: 12, n_layer: 12, n_positions: 1024, vocab_size: 50257 };

describe('shapeFromConfig', () => {
  it('reads GPT-2 small', () => {
    expect(shapeFromConfig(GPT2, 'gpt2')).toEqual({
      family: 'gpt2', nLayer: 12, nHead: 12, nEmbd: 768, nPositions: 1024, vocabSize: 50257, windowSize: 256,
      attentionLayers: Array(12).fill('global'), layerNormEpsilon: 1e-5,
    });
  });

  it("expands GPT-Neo's attention_types into one kind per layer", () => {
    const shape = shapeFromConfig(NEO_125M, 'neo');
    expect(shape.attentionLayers).toEqual(Array.from({ length: 12 }, (_, i) => (i % 2 ? 'local' : 'global')));
    expect([shape.nEmbd, shape.nPositions, shape.windowSize]).toEqual([768, 2048, 256]);
  });

  it.each([
    [{ model_type: 'gpt_neox', architectures: ['GPTNeoXForCausalLM'] }, 'm is a "gpt_neox" model (GPTNeoXForCausalLM); the converter builds GPT-2 and GPT-Neo only.'],
    [{ ...GPT2, activation_function: 'relu' }, 'm uses the activation "relu"; the converter builds GPT-2 / GPT-Neo graphs with gelu_new only.'],
    [{ ...GPT2, scale_attn_by_inverse_layer_idx: true }, 'scales attention by the layer index'],
    [{ ...NEO_125M, tie_word_embeddings: false }, 'has its own lm_head'],
  ])('refuses %j', (config, message) => {
    expect(() => shapeFromConfig(config, 'm')).toThrow(ConvertError);
    expect(() => shapeFromConfig(config, 'm')).toThrow(message);
  });
});

describe('weightSourceFromCheckpoint', () => {
  const tensor = (name: string, shape: number[]): StoredTensor => ({ name, dtype: 'F32', shape, read: async () => new Float32Array(shape.reduce((a, b) => a * b, 1)) });
  const tiny = shapeFromConfig({ ...GPT2, n_embd: 8, n_head: 2, n_layer: 1, n_positions: 4, vocab_size: 10 }, 'tiny');

  it('names the tensors that are missing and what the checkpoint has instead', () => {
    expect(() => weightSourceFromCheckpoint(tiny, [tensor('model.embed_tokens.weight', [10, 8])], 'x.safetensors')).toThrow(
      'x.safetensors lacks wte.weight, wpe.weight, ln_f.weight, ln_f.bias, h.0.ln_1.weight, h.0.ln_1.bias and 10 more, which a GPT-2 of this config needs. It has instead: model.embed_tokens.weight.',
    );
  });

  it('names a tensor whose shape the config contradicts', () => {
    const names: [string, number[]][] = [
      ['wte.weight', [10, 8]], ['wpe.weight', [4, 8]], ['ln_f.weight', [8]], ['ln_f.bias', [8]],
      ['h.0.ln_1.weight', [8]], ['h.0.ln_1.bias', [8]], ['h.0.ln_2.weight', [8]], ['h.0.ln_2.bias', [8]],
      ['h.0.attn.c_attn.weight', [8, 24]], ['h.0.attn.c_attn.bias', [24]], ['h.0.attn.c_proj.weight', [8, 8]], ['h.0.attn.c_proj.bias', [8]],
      ['h.0.mlp.c_fc.weight', [8, 32]], ['h.0.mlp.c_fc.bias', [32]], ['h.0.mlp.c_proj.weight', [32, 8]], ['h.0.mlp.c_proj.bias', [8]],
    ];
    const ok = names.map(([n, s]) => tensor(`transformer.${n}`, s));
    expect(() => weightSourceFromCheckpoint(tiny, ok, 'x')).not.toThrow();
    const bad = ok.map((t) => (t.name === 'transformer.wpe.weight' ? tensor(t.name, [5, 8]) : t));
    expect(() => weightSourceFromCheckpoint(tiny, bad, 'x')).toThrow('x: transformer.wpe.weight is [5, 8], but config.json implies [4, 8].');
  });
});
