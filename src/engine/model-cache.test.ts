import { describe, expect, it } from 'vitest';
import { forgetModelFiles, isFileOfModel, type CacheStorageLike } from './model-cache.ts';

/** A Cache Storage holding one cache of the given URLs. */
function storageWith(name: string, urls: string[]): { storage: CacheStorageLike; left: () => string[] } {
  let stored = urls.map((url) => new Request(url));
  const storage: CacheStorageLike = {
    has: (n) => Promise.resolve(n === name),
    open: () =>
      Promise.resolve({
        keys: () => Promise.resolve([...stored]),
        delete: (request: RequestInfo | URL) => {
          const url = request instanceof Request ? request.url : String(request);
          const before = stored.length;
          stored = stored.filter((r) => r.url !== url);
          return Promise.resolve(stored.length < before);
        },
      }) as ReturnType<CacheStorageLike['open']>,
  };
  return { storage, left: () => stored.map((r) => r.url) };
}

describe('isFileOfModel', () => {
  it('matches the app’s own model folder and a Hub-like URL, and nothing else', () => {
    expect(isFileOfModel('http://localhost:5174/models/local/gpt2-tiny/onnx/model_q4.onnx', 'local/gpt2-tiny')).toBe(true);
    expect(isFileOfModel('https://huggingface.co/Xenova/distilgpt2/resolve/main/config.json', 'Xenova/distilgpt2')).toBe(true);
    expect(isFileOfModel('http://localhost:5174/models/local/gpt2-tiny-2/config.json', 'local/gpt2-tiny')).toBe(false);
    expect(isFileOfModel('https://huggingface.co/Xenova/distilgpt2-x/resolve/main/config.json', 'Xenova/distilgpt2')).toBe(false);
  });
});

describe('forgetModelFiles', () => {
  // A damaged download must not be served from the cache on the next Load; other models stay.
  it('deletes the stored files of one model only', async () => {
    const { storage, left } = storageWith('transformers-cache', [
      'http://localhost:5174/models/local/gpt2-tiny/config.json',
      'http://localhost:5174/models/local/gpt2-tiny/onnx/model_quantized.onnx',
      'http://localhost:5174/models/local/gpt-neo-tiny/onnx/model_quantized.onnx',
    ]);
    expect(await forgetModelFiles('local/gpt2-tiny', 'transformers-cache', storage)).toBe(2);
    expect(left()).toEqual(['http://localhost:5174/models/local/gpt-neo-tiny/onnx/model_quantized.onnx']);
  });

  it('is 0, without throwing, when there is no cache or no storage at all', async () => {
    const { storage } = storageWith('other', ['http://localhost/models/local/gpt2-tiny/config.json']);
    expect(await forgetModelFiles('local/gpt2-tiny', 'transformers-cache', storage)).toBe(0);
    expect(await forgetModelFiles('local/gpt2-tiny', 'transformers-cache', undefined)).toBe(0);
    const refusing: CacheStorageLike = { has: () => Promise.reject(new Error('SecurityError')), open: () => Promise.reject(new Error('no')) };
    expect(await forgetModelFiles('local/gpt2-tiny', 'transformers-cache', refusing)).toBe(0);
  });
});
