import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GenerateError, generateModel, modelIsComplete, modelName } from './generate.ts';
import type { Dtype, Family } from '../../src/onnx/spec.ts';
import type { Size } from './weights.ts';

let out: string;
beforeEach(() => {
  out = mkdtempSync(path.join(tmpdir(), 'gpt-playground-generate-'));
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

describe('generateModel', () => {
  it('writes the Hub layout of onnx-community/gpt2-ONNX', () => {
    const dir = generateModel({ family: 'gpt2', size: 'tiny', dtypes: ['fp32', 'q4'], outDir: out });
    expect(path.basename(dir)).toBe('gpt2-tiny');
    expect(readdirSync(dir).sort()).toEqual(
      ['README.md', 'config.json', 'generation_config.json', 'merges.txt', 'onnx', 'special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.json'].sort(),
    );
    expect(readdirSync(path.join(dir, 'onnx')).sort()).toEqual(['model.onnx', 'model_q4.onnx']);
    const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ model_type: 'gpt2', n_layer: 2, n_head: 4, n_embd: 64, n_positions: 256, vocab_size: 50257, activation_function: 'gelu_new' });
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('random weights — for testing the pipeline');
    expect(modelIsComplete(out, 'gpt2', 'tiny', ['fp32', 'q4'])).toBe(true);
    expect(modelIsComplete(out, 'gpt2', 'tiny', ['fp16'])).toBe(false);
  });

  it("writes GPT-Neo's own config keys", () => {
    const dir = generateModel({ family: 'gpt_neo', size: 'tiny', dtypes: ['fp32'], outDir: out });
    const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      model_type: 'gpt_neo',
      num_layers: 2,
      num_heads: 4,
      hidden_size: 64,
      max_position_embeddings: 256,
      window_size: 16,
      attention_types: [[['global', 'local'], 1]],
      attention_layers: ['global', 'local'],
    });
  });

  it('is deterministic: the same seed writes the same bytes, another seed other weights', () => {
    const a = generateModel({ family: 'gpt_neo', size: 'tiny', dtypes: ['q8'], outDir: path.join(out, 'a') });
    const b = generateModel({ family: 'gpt_neo', size: 'tiny', dtypes: ['q8'], outDir: path.join(out, 'b') });
    const c = generateModel({ family: 'gpt_neo', size: 'tiny', dtypes: ['q8'], outDir: path.join(out, 'c'), seed: 7 });
    const file = (dir: string) => readFileSync(path.join(dir, 'onnx/model_quantized.onnx'));
    expect(file(a).equals(file(b))).toBe(true);
    expect(file(a).equals(file(c))).toBe(false);
  });

  it('names custom shapes after their shape', () => {
    expect(modelName('gpt_neo', 'tiny', { nHead: 8 })).toBe('gpt-neo-l2-h8-e64-p256-w16');
    expect(modelName('gpt2', 'gpt2-124m')).toBe('gpt2-124m');
  });

  // Bad requests fail before anything is written, with a message that says what to use instead.
  it.each([
    [{ family: 'gpt3' as Family }, /Unknown family "gpt3". Use one of: gpt2, gpt_neo/],
    [{ dtypes: ['int3' as Dtype] }, /Unknown dtype "int3". Use one of: fp32, fp16, q8, q4/],
    [{ size: 'huge' as Size }, /Unknown size "huge"/],
    [{ overrides: { nHead: 3 } }, /Width 64 does not divide into 3 heads/],
    [{ dtypes: [] }, /No dtype requested/],
  ])('rejects %o', (change, message) => {
    const request = { family: 'gpt2' as Family, size: 'tiny' as Size, dtypes: ['fp32'] as Dtype[], outDir: out, ...change };
    expect(() => generateModel(request)).toThrow(GenerateError);
    expect(() => generateModel(request)).toThrow(message);
    expect(readdirSync(out)).toEqual([]);
  });

  it('explains an output folder that cannot be written', () => {
    const file = path.join(out, 'not-a-folder');
    writeFileSync(file, '');
    expect(() => generateModel({ family: 'gpt2', size: 'tiny', dtypes: ['fp32'], outDir: path.join(file, 'models') })).toThrow(
      /Cannot write the model into .*not-a-folder.*: a part of that path is a file, not a folder. Choose another output folder/,
    );
  });

  // A failure half-way leaves neither a partial folder nor a temporary one, and keeps an older complete model.
  it('leaves no partial output when writing fails half-way', () => {
    generateModel({ family: 'gpt2', size: 'tiny', dtypes: ['fp32'], outDir: out });
    const before = readFileSync(path.join(out, 'gpt2-tiny/onnx/model.onnx'));
    const failing = () =>
      generateModel({
        family: 'gpt2',
        size: 'tiny',
        dtypes: ['fp32', 'q8'],
        outDir: out,
        seed: 5,
        onFile: (file) => {
          if (file === 'onnx/model.onnx') throw new Error('disk unplugged');
        },
      });
    expect(failing).toThrow('disk unplugged');
    expect(readdirSync(out)).toEqual(['gpt2-tiny']);
    expect(existsSync(path.join(out, 'gpt2-tiny/onnx/model_quantized.onnx'))).toBe(false);
    expect(readFileSync(path.join(out, 'gpt2-tiny/onnx/model.onnx')).equals(before)).toBe(true);
  });
});

describe('npm run models:generate', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'cli.ts'), ...args], { encoding: 'utf8' });

  it('exits 1 with a clear message and writes nothing for a bad dtype', () => {
    const result = cli('--dtype', 'fp32,int3', '--out', out);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('models:generate: Unknown dtype "int3". Use one of: fp32, fp16, q8, q4.');
    expect(readdirSync(out)).toEqual([]);
  });

  it('generates, then skips with --if-missing', () => {
    const first = cli('--family', 'gpt_neo', '--dtype', 'fp32', '--out', out);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('gpt-neo-tiny: written to');
    const second = cli('--family', 'gpt_neo', '--dtype', 'fp32', '--out', out, '--if-missing');
    expect(second.stdout).toContain('gpt-neo-tiny: already generated');
  });
});
