import { describe, expect, it } from 'vitest';
import { groupStoredFiles, isStoredForOffline, onnxFileDtype, parseStoredUrl, type StoredFile } from './stored-files.ts';

describe('parseStoredUrl', () => {
  it('reads the model and file of the app’s own models and of Hub URLs', () => {
    expect(parseStoredUrl('http://localhost:5174/models/local/gpt2-tiny/onnx/model_q4.onnx')).toEqual({ modelId: 'local/gpt2-tiny', file: 'onnx/model_q4.onnx' });
    expect(parseStoredUrl('https://huggingface.co/Xenova/distilgpt2/resolve/main/config.json')).toEqual({ modelId: 'Xenova/distilgpt2', file: 'config.json' });
    expect(parseStoredUrl('/models/local/gpt2-tiny/config.json')).toEqual({ modelId: 'local/gpt2-tiny', file: 'config.json' });
  });

  it('ignores what is not a model file', () => {
    expect(parseStoredUrl('http://localhost:5174/ort/ort-wasm-simd-threaded.asyncify.wasm')).toBeNull();
    expect(parseStoredUrl('http://localhost:5174/index.html')).toBeNull();
  });
});

describe('onnxFileDtype', () => {
  it('names the dtype of both file stems', () => {
    expect(['onnx/model.onnx', 'onnx/model_fp16.onnx', 'onnx/model_quantized.onnx', 'onnx/model_q4.onnx'].map(onnxFileDtype)).toEqual(['fp32', 'fp16', 'q8', 'q4']);
    expect(onnxFileDtype('onnx/decoder_model_merged_quantized.onnx')).toBe('q8');
    expect(onnxFileDtype('onnx/decoder_model_merged.onnx')).toBe('fp32');
    expect(onnxFileDtype('tokenizer.json')).toBeNull();
    expect(onnxFileDtype('onnx/model_bnb4.onnx')).toBeNull();
  });
});

const file = (modelId: string, name: string, bytes: number): StoredFile => ({ modelId, file: name, dtype: onnxFileDtype(name), bytes });

describe('groupStoredFiles', () => {
  const files = [
    file('local/gpt2-tiny', 'onnx/model_q4.onnx', 5_400_000),
    file('local/gpt2-tiny', 'config.json', 1_000),
    file('local/gpt2-tiny', 'tokenizer.json', 2_000_000),
    file('local/gpt2-tiny', 'tokenizer_config.json', 500),
    file('local/gpt2-tiny', 'onnx/model_quantized.onnx', 6_600_000),
    file('Xenova/distilgpt2', 'config.json', 900),
  ];

  it('sums weights per dtype and shared files per model', () => {
    const [hub, tiny] = groupStoredFiles(files);
    expect(hub).toMatchObject({ modelId: 'Xenova/distilgpt2', dtypes: [], sharedBytes: 900, totalBytes: 900 });
    expect(tiny).toMatchObject({
      modelId: 'local/gpt2-tiny',
      dtypes: [
        { dtype: 'q8', bytes: 6_600_000 },
        { dtype: 'q4', bytes: 5_400_000 },
      ],
      sharedBytes: 2_001_500,
      totalBytes: 14_001_500,
    });
  });

  // "Ready offline" needs the weights and the files every load reads first.
  it('says a dtype is ready offline only with its weights, config and tokenizer', () => {
    const models = groupStoredFiles(files);
    expect(isStoredForOffline(models, 'local/gpt2-tiny', 'q4')).toBe(true);
    expect(isStoredForOffline(models, 'local/gpt2-tiny', 'fp32')).toBe(false);
    expect(isStoredForOffline(models, 'Xenova/distilgpt2', 'q8')).toBe(false);
    expect(isStoredForOffline(groupStoredFiles(files.filter((f) => f.file !== 'tokenizer.json')), 'local/gpt2-tiny', 'q4')).toBe(false);
  });
});
