// The conversion as the worker runs it, against the mock Hub: progress for the download and the
// output, the memory check before any weight is downloaded, and a cancelled conversion leaving
// nothing in the cache.
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockHub, type MockHub } from '../../../scripts/hub/mock-hub.ts';
import { ConversionTooLargeError, convertHubCheckpoint, type ConversionProgress } from './run-conversion.ts';

const FIXTURES = path.resolve('scripts/convert/fixtures');
let root: string;
let hub: MockHub;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'run-conversion-'));
  cpSync(path.join(FIXTURES, 'gpt2-safetensors'), path.join(root, 'acme/gpt2'), { recursive: true });
  // The same checkpoint with the config of GPT-Neo 2.7B: only config.json is read before the refusal.
  cpSync(path.join(FIXTURES, 'gpt-neo-safetensors'), path.join(root, 'acme/neo-big'), { recursive: true });
  const config = JSON.parse(readFileSync(path.join(root, 'acme/neo-big/config.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(path.join(root, 'acme/neo-big/config.json'), JSON.stringify({ ...config, hidden_size: 2560, num_layers: 32, vocab_size: 50257, max_position_embeddings: 2048, attention_types: [[['global', 'local'], 16]], attention_layers: undefined }));
  hub = await startMockHub({ root });
});
afterAll(async () => {
  await hub.close();
  rmSync(root, { recursive: true, force: true });
});

function memoryCache() {
  const urls = new Set<string>();
  return {
    urls,
    put: async (url: RequestInfo | URL, response: Response) => {
      await response.arrayBuffer();
      urls.add(String(url));
    },
    delete: async (url: RequestInfo | URL) => urls.delete(String(url)),
  };
}

describe('convertHubCheckpoint', () => {
  it('reports download and conversion progress per file and stores config.json last', async () => {
    const events: ConversionProgress[] = [];
    const cache = memoryCache();
    const out = await convertHubCheckpoint({ modelId: 'acme/gpt2', host: hub.url, dtypes: ['q8'], deviceMemoryGb: 8, cache, origin: 'http://app.test', onProgress: (p) => events.push(p) });
    const size = readFileSync(path.join(FIXTURES, 'gpt2-safetensors/model.safetensors')).byteLength;
    expect(events.filter((e) => e.phase === 'download').at(-1)).toEqual({ phase: 'download', file: 'model.safetensors', done: size, total: size });
    const written = events.filter((e) => e.phase === 'convert');
    expect(written.at(-1)?.file).toBe('onnx/model_quantized.onnx');
    expect(written.at(-1)?.done).toBe(written.at(-1)?.total);
    expect(out.files.map((f) => f.path)).toContain('onnx/model_quantized.onnx');
    expect(out.files.at(-1)?.path).toBe('config.json');
    expect(cache.urls.has('http://app.test/models/acme/gpt2/onnx/model_quantized.onnx')).toBe(true);
  });

  // A 2.7 B model on a 4 GB device: refused with its numbers after reading config.json only.
  it('refuses a model too large for the device before downloading its weights', async () => {
    const before = hub.requests.length;
    const error = await convertHubCheckpoint({ modelId: 'acme/neo-big', host: hub.url, dtypes: ['q8'], deviceMemoryGb: 4, cache: memoryCache(), origin: 'http://app.test', onProgress: () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConversionTooLargeError);
    expect(error).toMatchObject({ dtype: 'q8', weightBytes: 3_538e6, needBytes: 7_076e6, deviceBytes: 4e9 });
    expect(hub.requests.slice(before).map((r) => r.path)).toEqual(['/api/models/acme/neo-big', '/acme/neo-big/resolve/main/config.json']);
  });

  it('leaves nothing in the cache when cancelled', async () => {
    const cache = memoryCache();
    const controller = new AbortController();
    const run = convertHubCheckpoint({
      modelId: 'acme/gpt2',
      host: hub.url,
      dtypes: ['fp32', 'q4'],
      deviceMemoryGb: undefined,
      cache,
      origin: 'http://app.test',
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'convert' && p.file === 'onnx/model_q4.onnx') controller.abort();
      },
    });
    await expect(run).rejects.toThrow();
    expect(cache.urls.size).toBe(0);
  });
});
