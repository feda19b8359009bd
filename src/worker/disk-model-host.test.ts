import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateModel } from '../../scripts/models/generate.ts';
import { tempDir } from '../../scripts/hub/testing/fake-repo.ts';
import { createDiskModelHost, diskModelHost, type DiskModelHost } from './disk-model-host.ts';
import type { GpuProbe } from '../engine/gpu-probe.ts';
import { loadSession, serveDiskFolder } from './model-loader.ts';
import type { TransformersCache } from './recording-cache.ts';

const ID = 'disk/gpt2-tiny';
const file = (text: string) => new Blob([text]);

/** A cache that records what reached it, as the browser's storage behind the disk layer. */
function recordingInner() {
  const asked: string[] = [];
  const stored: string[] = [];
  const cache: TransformersCache = {
    match: async (request) => {
      asked.push(request);
      return undefined;
    },
    put: async (request) => {
      stored.push(request);
    },
  };
  return { cache, asked, stored };
}

describe('disk model host', () => {
  const host = createDiskModelHost();
  host.serve(ID, [
    { path: 'config.json', file: file('{"model_type":"gpt2"}') },
    { path: 'onnx/model_q4.onnx', file: file('weights') },
  ]);

  it('answers the paths transformers.js asks for, local and Hub-shaped, with the size', async () => {
    const response = host.match('/models/disk/gpt2-tiny/config.json');
    expect(response?.headers.get('content-length')).toBe('21');
    expect(await response?.text()).toBe('{"model_type":"gpt2"}');
    expect(await host.match('https://huggingface.co/disk/gpt2-tiny/resolve/main/onnx/model_q4.onnx')?.text()).toBe('weights');
    expect(await host.match('/tmp/models/disk/gpt2-tiny/onnx/model_q4.onnx')?.text()).toBe('weights');
    expect(host.match('/models/disk/gpt2-tiny/tokenizer.json')).toBeUndefined();
    expect(host.match('/models/disk/other/config.json'), 'only the folder being served').toBeUndefined();
  });

  // Stored copies would fill the browser with what is already on the stick, and a second folder
  // of the same name would then load the first one's files.
  it('keeps disk files out of the browser storage behind it, and passes the rest through', async () => {
    const inner = recordingInner();
    const cache = host.cache(inner.cache);
    expect(await (await cache.match('/models/disk/gpt2-tiny/config.json'))?.text()).toBe('{"model_type":"gpt2"}');
    expect(await cache.match('/models/disk/gpt2-tiny/generation_config.json')).toBeUndefined();
    await cache.put('/models/disk/gpt2-tiny/config.json', new Response('{}'));
    await cache.match('/models/local/gpt2-tiny/config.json');
    await cache.put('/models/local/gpt2-tiny/config.json', new Response('{}'));
    expect(inner.asked).toEqual(['/models/local/gpt2-tiny/config.json']);
    expect(inner.stored).toEqual(['/models/local/gpt2-tiny/config.json']);
  });

  it('answers a file the folder lacks with 404 instead of asking the server', async () => {
    const network: string[] = [];
    const fetch = host.fetch(async (input) => {
      network.push(String(input));
      return new Response('from the network');
    });
    expect((await fetch('/models/disk/gpt2-tiny/generation_config.json')).status).toBe(404);
    expect(await (await fetch('http://localhost:5174/models/disk/gpt2-tiny/config.json')).text()).toBe('{"model_type":"gpt2"}');
    expect(await (await fetch('/models/local/gpt2-tiny/config.json')).text()).toBe('from the network');
    expect(network).toEqual(['/models/local/gpt2-tiny/config.json']);
  });
});

const NO_GPU: GpuProbe = { available: false, code: 'no_webgpu', detail: null };

/** The files of a folder on disk as the page would send them: paths inside it, and Blobs. */
function folderFiles(dir: string): { path: string; file: Blob }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const full = path.join(entry.parentPath, entry.name);
      return { path: path.relative(dir, full).split(path.sep).join('/'), file: new Blob([readFileSync(full)]) };
    });
}

// The real path of a folder from disk: transformers.js and ONNX Runtime load a generated model
// from Blobs only, with no local model path and no Hub to fall back on.
describe('loading a folder from disk with transformers.js', () => {
  let root: string;
  let host: DiskModelHost;

  beforeAll(() => {
    root = tempDir('disk');
    generateModel({ family: 'gpt2', size: 'tiny', dtypes: ['fp32', 'q4'], outDir: root });
    host = createDiskModelHost();
    env.allowLocalModels = true;
    // Nothing is there: every file must come from the host.
    env.localModelPath = path.join(root, 'nowhere') + path.sep;
    env.useCustomCache = true;
    env.customCache = host.cache(recordingInner().cache);
  });
  afterAll(() => {
    env.useCustomCache = false;
  });

  it('serves the folder and picks the dtype auto stands for among those it has', () => {
    const request = { type: 'load' as const, requestId: 'r', modelId: 'disk/x', dtype: 'auto' as const, device: 'wasm' as const, diskFiles: folderFiles(path.join(root, 'gpt2-tiny')) };
    // WASM's default is q8, which this folder lacks: fp32 comes first in the fixed order.
    expect(serveDiskFolder(request, 'wasm', NO_GPU, host)).toEqual({ modelFileName: 'model', dtype: 'fp32' });
    expect(() => serveDiskFolder({ ...request, dtype: 'q8' }, 'wasm', NO_GPU, host)).toThrow(expect.objectContaining({ code: 'unsupported_dtype', params: { reason: 'folder_lacks_dtype', available: ['fp32', 'q4'], dtype: 'q8' } }));
    expect(() => serveDiskFolder({ ...request, diskFiles: request.diskFiles.filter((f) => f.path !== 'tokenizer.json') }, 'wasm', NO_GPU, host)).toThrow(
      expect.objectContaining({ code: 'disk_folder_incomplete', params: { missing: ['tokenizer.json'] } }),
    );
  });

  it('loads and runs the model from the served files', async () => {
    const diskFiles = folderFiles(path.join(root, 'gpt2-tiny'));
    // loadSession serves into the worker's own host; point the cache at that one for this test.
    env.customCache = diskModelHost.cache(recordingInner().cache);
    const files: string[] = [];
    let t = 0;
    const session = await loadSession({ type: 'load', requestId: 'r', modelId: ID, dtype: 'q4', device: 'wasm', diskFiles }, NO_GPU, (p) => files.push(p.file), () => (t += 1));
    try {
      expect(session.info).toMatchObject({ modelId: ID, dtype: 'q4', device: 'wasm', vocabSize: 50257 });
      expect(new Set(files)).toEqual(new Set(['config.json', 'onnx/model_q4.onnx', 'tokenizer.json', 'tokenizer_config.json', 'generation_config.json']));
      expect(session.tokenizer.encode('Hello world', { add_special_tokens: false })).toEqual([15496, 995]);
    } finally {
      await session.lm.release();
      await session.model.dispose();
    }
  });
});
