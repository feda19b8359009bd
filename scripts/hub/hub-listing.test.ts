import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileUrl, listRemoteFiles, parseSiblings } from './hub-listing.ts';
import { startMockHub, type MockHub } from './mock-hub.ts';
import { tempDir, writeRepo } from './testing/fake-repo.ts';

let root: string;
let hub: MockHub;
let bare: MockHub;

beforeAll(async () => {
  root = tempDir('listing');
  writeRepo(root, 'acme/tiny', {
    'config.json': '{}',
    'tokenizer.json': '{"a":1}',
    'README.md': '# tiny',
    'onnx/model_quantized.onnx': 'q8q8',
  });
  hub = await startMockHub({ root });
  bare = await startMockHub({ root, api: false });
});

afterAll(async () => {
  await Promise.all([hub.close(), bare.close()]);
  rmSync(root, { recursive: true, force: true });
});

describe('fileUrl', () => {
  it('builds the resolve URL, escaping each part', () => {
    expect(fileUrl({ host: 'https://huggingface.co/', id: 'Xenova/distilgpt2', revision: 'main' }, 'onnx/model.onnx')).toBe(
      'https://huggingface.co/Xenova/distilgpt2/resolve/main/onnx/model.onnx',
    );
    expect(fileUrl({ host: 'http://h', id: 'a/b', revision: 'refs/pr/1' }, 'config.json')).toBe('http://h/a/b/resolve/refs%2Fpr%2F1/config.json');
  });
});

describe('parseSiblings', () => {
  it('takes size, else lfs.size, and skips malformed entries', () => {
    const json = {
      siblings: [{ rfilename: 'config.json', size: 857 }, { rfilename: 'onnx/model.onnx', lfs: { size: 13_343_691 } }, { rfilename: 'x' }, { size: 3 }, null],
    };
    expect(parseSiblings(json)).toEqual([
      { path: 'config.json', size: 857 },
      { path: 'onnx/model.onnx', size: 13_343_691 },
      { path: 'x', size: null },
    ]);
    expect(parseSiblings({ error: 'nope' })).toBeNull();
  });
});

describe('listRemoteFiles', () => {
  it('reads every file and size from the API in one request', async () => {
    const before = hub.requests.length;
    const files = await listRemoteFiles({ host: hub.url, id: 'acme/tiny', revision: 'main' });
    expect(files).toEqual([
      { path: 'README.md', size: 6 },
      { path: 'config.json', size: 2 },
      { path: 'onnx/model_quantized.onnx', size: 4 },
      { path: 'tokenizer.json', size: 7 },
    ]);
    expect(hub.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/models/acme/tiny/revision/main']);
  });

  it('falls back to HEAD requests on a host without the API, finding the files the app uses', async () => {
    const files = await listRemoteFiles({ host: bare.url, id: 'acme/tiny', revision: 'main' });
    // README.md is not a file the app needs, so no HEAD asks for it.
    expect(files).toEqual([
      { path: 'config.json', size: 2 },
      { path: 'tokenizer.json', size: 7 },
      { path: 'onnx/model_quantized.onnx', size: 4 },
    ]);
    expect(bare.requests.filter((r) => r.method === 'HEAD')).toHaveLength(13);
  });

  it('says the model was not found when neither the API nor config.json know the id', async () => {
    for (const host of [hub.url, bare.url]) {
      await expect(listRemoteFiles({ host, id: 'acme/nope', revision: 'main' })).rejects.toThrow(
        `Model acme/nope was not found on ${host}. Check the id.`,
      );
    }
  });

  it('says the host cannot be reached when nothing listens', async () => {
    const closed = await startMockHub({ root });
    await closed.close();
    await expect(listRemoteFiles({ host: closed.url, id: 'acme/tiny', revision: 'main' })).rejects.toThrow(
      `Could not reach ${closed.url} (connection refused). Check your internet connection, or the address given with --host.`,
    );
  });
});
