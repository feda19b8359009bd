import { describe, expect, it } from 'vitest';
import { HubError } from './errors.ts';
import { candidatePaths, chooseFiles, onnxPath, parseDtypes, stemOf, type RemoteFile } from './hub-files.ts';

const files = (...paths: string[]): RemoteFile[] => paths.map((path, i) => ({ path, size: 100 + i }));
const BASE = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'README.md', 'vocab.json'];

/** The error chooseFiles throws, so its exact message can be compared. */
function failure(run: () => unknown): HubError {
  try {
    run();
  } catch (error) {
    if (error instanceof HubError) return error;
    throw error;
  }
  throw new Error('expected a HubError');
}

describe('onnxPath', () => {
  it('spells both stems with the Hub suffixes', () => {
    expect(onnxPath('model', 'fp32')).toBe('onnx/model.onnx');
    expect(onnxPath('model', 'q8')).toBe('onnx/model_quantized.onnx');
    expect(onnxPath('decoder_model_merged', 'fp16')).toBe('onnx/decoder_model_merged_fp16.onnx');
    expect(onnxPath('decoder_model_merged', 'q4')).toBe('onnx/decoder_model_merged_q4.onnx');
  });
});

describe('chooseFiles', () => {
  it('takes config and tokenizer files first, then one ONNX file per dtype, with the listed sizes', () => {
    const listed = files(...BASE, 'onnx/model.onnx', 'onnx/model_quantized.onnx', 'onnx/model_q4.onnx');
    expect(chooseFiles('a/b', listed, ['q8', 'q4'])).toEqual([
      { path: 'config.json', size: 100 },
      { path: 'tokenizer.json', size: 101 },
      { path: 'tokenizer_config.json', size: 102 },
      { path: 'onnx/model_quantized.onnx', size: 106 },
      { path: 'onnx/model_q4.onnx', size: 107 },
    ]);
  });

  it('uses the decoder_model_merged stem of older Xenova exports', () => {
    const listed = files(...BASE, 'onnx/decoder_model_merged.onnx', 'onnx/decoder_model_merged_quantized.onnx', 'onnx/decoder_model.onnx');
    expect(stemOf(new Set(listed.map((f) => f.path)))).toBe('decoder_model_merged');
    expect(chooseFiles('Xenova/distilgpt2', listed, ['q8']).map((f) => f.path)).toEqual([
      'config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'onnx/decoder_model_merged_quantized.onnx',
    ]);
  });

  it('brings external weights (<file>_data) along with their ONNX file', () => {
    const listed = files(...BASE, 'onnx/model.onnx', 'onnx/model.onnx_data');
    expect(chooseFiles('a/b', listed, ['fp32']).slice(-2).map((f) => f.path)).toEqual(['onnx/model.onnx', 'onnx/model.onnx_data']);
  });

  it('names the missing dtype, its file and the dtypes there are', () => {
    const listed = files(...BASE, 'onnx/model.onnx', 'onnx/model_quantized.onnx');
    const error = failure(() => chooseFiles('acme/tiny', listed, ['q8', 'q4']));
    expect(error.code).toBe('missing-dtype');
    expect(error.message).toBe('acme/tiny has no q4 file (onnx/model_q4.onnx); it has: fp32, q8');
  });

  it('says so when the repository has no ONNX files at all', () => {
    const error = failure(() => chooseFiles('openai-community/gpt2', files(...BASE, 'model.safetensors'), ['fp16', 'q4']));
    expect(error.message).toBe(
      'openai-community/gpt2 has no fp16 or q4 file (onnx/model_fp16.onnx, onnx/model_q4.onnx); it has no ONNX model files',
    );
  });

  it('refuses a repository without config.json or tokenizer.json', () => {
    const error = failure(() => chooseFiles('a/b', files('config.json', 'onnx/model.onnx'), ['fp32']));
    expect(error.code).toBe('missing-file');
    expect(error.message).toBe('a/b has no tokenizer.json, so it is not a model transformers.js can load.');
  });
});

describe('candidatePaths', () => {
  it('asks for 5 config files and 4 dtypes of both stems', () => {
    expect(candidatePaths()).toHaveLength(5 + 2 * 4);
  });
});

describe('parseDtypes', () => {
  it('reads a comma list, dropping repeats and blanks', () => {
    expect(parseDtypes('q8, q4,,q8')).toEqual(['q8', 'q4']);
  });

  it('rejects an unknown dtype with the allowed ones', () => {
    expect(() => parseDtypes('int8')).toThrow('Unknown dtype "int8". Use one of: fp32, fp16, q8, q4.');
    expect(() => parseDtypes(' , ')).toThrow('--dtype needs at least one of');
  });
});
