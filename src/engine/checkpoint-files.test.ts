import { describe, expect, it } from 'vitest';
import { checkpointRoot, repoContents } from './checkpoint-files.ts';

const f = (path: string, size: number | null = 10) => ({ path, size });

describe('repoContents', () => {
  it('finds an ONNX export, which loads without converting', () => {
    expect(repoContents([f('config.json'), f('onnx/model_quantized.onnx'), f('tokenizer.json')])).toEqual({ onnx: true, checkpoint: false, checkpointBytes: null });
    expect(repoContents([f('config.json'), f('onnx/decoder_model_merged.onnx')]).onnx).toBe(true);
  });

  // The Hub's GPT-2 repos hold both weight formats: a conversion downloads the safetensors only.
  it('counts the safetensors weights of a repository that has both formats', () => {
    const files = [f('config.json', 900), f('model.safetensors', 548_105_171), f('pytorch_model.bin', 548_118_077), f('tf_model.h5', 497_933_648)];
    expect(repoContents(files)).toEqual({ onnx: false, checkpoint: true, checkpointBytes: 548_105_171 });
  });

  it('adds up the shards of a sharded checkpoint, and says nothing when a size is unknown', () => {
    const shards = [f('config.json'), f('pytorch_model.bin.index.json', 20), f('pytorch_model-00001-of-00002.bin', 1000), f('pytorch_model-00002-of-00002.bin', 500)];
    expect(repoContents(shards)).toEqual({ onnx: false, checkpoint: true, checkpointBytes: 1500 });
    expect(repoContents([f('config.json'), f('model.safetensors', null)]).checkpointBytes).toBeNull();
  });

  it('needs config.json for a checkpoint', () => {
    expect(repoContents([f('model.safetensors')]).checkpoint).toBe(false);
    expect(repoContents([f('config.json'), f('flax_model.msgpack')]).checkpoint).toBe(false);
  });
});

describe('checkpointRoot', () => {
  // A teacher may pick the checkpoint's folder or the folder above it.
  it('finds the checkpoint in the picked folder or in the one folder below it', () => {
    expect(checkpointRoot([f('config.json'), f('model.safetensors'), f('vocab.json')])).toBe('');
    expect(checkpointRoot([f('README.md'), f('gpt2/config.json'), f('gpt2/pytorch_model.bin')])).toBe('gpt2/');
    expect(checkpointRoot([f('config.json'), f('onnx/model.onnx')])).toBeNull();
    expect(checkpointRoot([f('a/config.json'), f('a/model.safetensors'), f('b/config.json'), f('b/model.safetensors')])).toBeNull();
  });
});
