// On a clean checkout public/models/local is empty: the download tests must still have a model.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TINY_ID, tinyModelRoot } from './tiny-model-root.ts';

describe('tinyModelRoot', () => {
  it('generates the tiny model into a temporary folder when the project has none, and cleans it up', () => {
    const tiny = tinyModelRoot(path.join(import.meta.dirname, 'no-such-folder'));
    const dir = path.join(tiny.root, TINY_ID);
    expect(['config.json', 'tokenizer.json', 'onnx/model_quantized.onnx', 'onnx/model_q4.onnx'].map((f) => existsSync(path.join(dir, f)))).toEqual([true, true, true, true]);
    tiny.cleanup();
    expect(existsSync(tiny.root)).toBe(false);
  });
});
