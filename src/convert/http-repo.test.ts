// The worker's paths: a checkpoint streamed over HTTP Range requests, or from Blobs (a folder picked in
// the page), converts to the very same bytes as from disk, and a weight file is never fetched whole.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockHub, type MockHub } from '../../scripts/hub/mock-hub.ts';
import { convertModel, type ModelWriter } from './convert.ts';
import { bufferSource, httpSource } from './byte-source.ts';
import type { RepoReader } from './checkpoint.ts';
import { httpRepo } from './http-repo.ts';
import { blobRepo } from './blob-repo.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/convert/fixtures');

let hub: MockHub;

beforeAll(async () => {
  hub = await startMockHub({ root: FIXTURES });
});

afterAll(async () => {
  await hub.close();
});

/** A writer into memory: path -> bytes. */
function memoryWriter(): { writer: ModelWriter; files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  const append = (p: string, bytes: Uint8Array) => {
    const old = files.get(p) ?? new Uint8Array(0);
    const next = new Uint8Array(old.length + bytes.length);
    next.set(old);
    next.set(bytes, old.length);
    files.set(p, next);
  };
  return {
    files,
    writer: {
      writeText: async (p, text) => void files.set(p, new TextEncoder().encode(text)),
      create: async (p) => ({ write: async (bytes) => append(p, bytes), close: async () => undefined }),
    },
  };
}

function diskRepo(dir: string): RepoReader {
  const full = path.join(FIXTURES, dir);
  return {
    name: dir,
    files: new Set(readdirSync(full)),
    readText: async (p) => readFileSync(path.join(full, p), 'utf8'),
    open: async (p) => bufferSource(p, readFileSync(path.join(full, p))),
  };
}

describe('httpSource', () => {
  it('reads byte ranges and knows the size from the first range answer', async () => {
    const source = await httpSource('config.json', `${hub.url}/gpt2-bin/resolve/main/config.json`);
    const whole = readFileSync(path.join(FIXTURES, 'gpt2-bin/config.json'));
    expect(source.size).toBe(whole.length);
    expect(Array.from(await source.read(10, 20))).toEqual(Array.from(whole.subarray(10, 30)));
    await expect(source.read(whole.length - 5, 10)).rejects.toThrow('truncated or damaged');
  });
});

describe('httpRepo', () => {
  it.each(['gpt2-bin', 'gpt-neo-safetensors'])('converts %s over Range requests to the same bytes as from disk', async (dir) => {
    const fromDisk = memoryWriter();
    await convertModel({ repo: diskRepo(dir), writer: fromDisk.writer, dtypes: ['fp32', 'q4'] });
    const before = hub.requests.length;
    const overHttp = memoryWriter();
    const repo = httpRepo(dir, readdirSync(path.join(FIXTURES, dir)), (p) => `${hub.url}/${dir}/resolve/main/${p}`);
    await convertModel({ repo, writer: overHttp.writer, dtypes: ['fp32', 'q4'] });
    for (const file of ['onnx/model.onnx', 'onnx/model_q4.onnx', 'tokenizer.json']) {
      expect(overHttp.files.get(file)).toEqual(fromDisk.files.get(file));
    }
    const weights = hub.requests.slice(before).filter((r) => /\.(bin|safetensors)$/.test(r.path));
    expect(weights.length).toBeGreaterThan(10); // tensor by tensor…
    expect(weights.every((r) => r.range !== undefined)).toBe(true); // …and never the whole file
  });
});

describe('blobRepo', () => {
  it('converts a picked folder (Blobs) to the same bytes as from disk', async () => {
    const dir = 'gpt2-sharded';
    const fromDisk = memoryWriter();
    await convertModel({ repo: diskRepo(dir), writer: fromDisk.writer, dtypes: ['q8'] });
    const fromBlobs = memoryWriter();
    const files = readdirSync(path.join(FIXTURES, dir)).map((p) => ({ path: p, blob: new Blob([readFileSync(path.join(FIXTURES, dir, p))]) }));
    await convertModel({ repo: blobRepo(dir, files), writer: fromBlobs.writer, dtypes: ['q8'] });
    expect(fromBlobs.files.get('onnx/model_quantized.onnx')).toEqual(fromDisk.files.get('onnx/model_quantized.onnx'));
  });
});
