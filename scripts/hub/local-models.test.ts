import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkModelId, listModels, modelDir, removeModel } from './local-models.ts';
import { tempDir, writeRepo } from './testing/fake-repo.ts';

let out: string;

beforeEach(() => {
  out = tempDir('local');
  writeRepo(out, 'local/gpt2-tiny', { 'config.json': '{}', 'onnx/model.onnx': 'x'.repeat(1000), 'onnx/model_q4.onnx': 'x'.repeat(200) });
  writeRepo(out, 'Xenova/distilgpt2', {
    'config.json': '{}',
    'onnx/decoder_model_merged_quantized.onnx': 'x'.repeat(500),
    'onnx/decoder_model_merged.onnx.part': 'x'.repeat(98),
  });
  writeRepo(out, 'Xenova/gpt-neo-125M', { 'tokenizer.json.part': 'x'.repeat(10) });
  writeRepo(out, 'gpt2', { 'config.json': '{}' });
  writeRepo(out, 'Xenova/not-a-model', { 'notes.txt': 'no config, no part' });
  writeRepo(out, '.cache/x', { 'config.json': '{}' });
});

afterEach(() => {
  rmSync(out, { recursive: true, force: true });
});

describe('checkModelId', () => {
  it('accepts Hub ids of one or two parts', () => {
    for (const id of ['gpt2', 'Xenova/distilgpt2', 'onnx-community/gpt2-ONNX', 'local/gpt2-tiny', 'a/b_c.d']) expect(checkModelId(id)).toBe(id);
  });

  it('refuses paths, "..", and anything else that is not an id', () => {
    expect(() => checkModelId('/etc')).toThrow('"/etc" is a path, not a model id. Give a model id such as Xenova/distilgpt2.');
    expect(() => checkModelId('..')).toThrow('"..", which a model id may not');
    expect(() => checkModelId('local/../..')).toThrow('"..", which a model id may not');
    expect(() => checkModelId('a\\b')).toThrow('is a path');
    for (const id of ['', 'a/b/c', 'a/', '.hidden', 'a b']) expect(() => checkModelId(id)).toThrow(`"${id}" is not a model id.`);
  });

  it('turns an id into a folder under the models folder', () => {
    expect(modelDir('/srv/models', 'Xenova/distilgpt2')).toBe(path.join('/srv/models', 'Xenova', 'distilgpt2'));
  });
});

describe('listModels', () => {
  it('finds model folders one or two deep, with dtypes, bytes and unfinished parts', () => {
    expect(listModels(out)).toEqual([
      { id: 'Xenova/distilgpt2', dtypes: ['q8'], bytes: 2 + 500 + 98, partFiles: 1 },
      // Stopped before config.json: still listed, so it can be resumed or removed.
      { id: 'Xenova/gpt-neo-125M', dtypes: [], bytes: 10, partFiles: 1 },
      { id: 'gpt2', dtypes: [], bytes: 2, partFiles: 0 },
      { id: 'local/gpt2-tiny', dtypes: ['fp32', 'q4'], bytes: 2 + 1000 + 200, partFiles: 0 },
    ]);
  });

  it('is empty for a folder that does not exist', () => {
    expect(listModels(path.join(out, 'nothing-here'))).toEqual([]);
  });
});

describe('removeModel', () => {
  it('deletes the folder, returns the bytes freed, and keeps an owner folder that has other models', () => {
    expect(removeModel(out, 'Xenova/distilgpt2')).toBe(600);
    expect(existsSync(path.join(out, 'Xenova/distilgpt2'))).toBe(false);
    expect(existsSync(path.join(out, 'Xenova'))).toBe(true);
  });

  it('deletes the owner folder once it is empty, never the models folder', () => {
    rmSync(path.join(out, 'Xenova'), { recursive: true });
    writeRepo(out, 'Xenova/distilgpt2', { 'config.json': '{}' });
    removeModel(out, 'Xenova/distilgpt2');
    expect(existsSync(path.join(out, 'Xenova'))).toBe(false);
    removeModel(out, 'gpt2');
    expect(existsSync(out)).toBe(true);
  });

  it('refuses ids with ".." or absolute paths, deleting nothing', () => {
    expect(() => removeModel(path.join(out, 'local'), '../Xenova/distilgpt2')).toThrow('".."');
    expect(() => removeModel(out, path.join(out, 'gpt2'))).toThrow('is a path, not a model id');
    expect(listModels(out)).toHaveLength(4);
  });

  it('says which command lists the models when the id is not there', () => {
    expect(() => removeModel(out, 'Xenova/nope')).toThrow(`There is no model Xenova/nope in ${out}. See the ones there with: npm run models -- list`);
  });
});
