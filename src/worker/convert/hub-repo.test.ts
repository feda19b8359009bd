// The page's conversion path in Node: a checkpoint listed and read by Range requests from the mock
// Hub (scripts/hub/mock-hub.ts), converted and stored by the cache writer, gives byte for byte what
// converting the same folder from disk gives, and the stored URLs are the ones a load asks for.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertModel } from '../../convert/convert.ts';
import { repoContents } from '../../engine/checkpoint-files.ts';
import { parseStoredUrl } from '../../engine/stored-files.ts';
import { startMockHub, type MockHub } from '../../../scripts/hub/mock-hub.ts';
import { folderRepo } from '../../../scripts/convert/node-files.ts';
import { WorkerError } from '../errors.ts';
import { collectingWriter } from './blob-writer.ts';
import { cacheWriter, storedModelUrl } from './cache-writer.ts';
import { fileRepo } from './file-repo.ts';
import { hubRepo, listHubRepo } from './hub-repo.ts';

const FIXTURES = path.resolve('scripts/convert/fixtures');
const ORIGIN = 'http://playground.test';
let root: string;
let hub: MockHub;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'convert-hub-'));
  for (const name of ['gpt2-safetensors', 'gpt-neo-bin', 'gpt2-sharded']) cpSync(path.join(FIXTURES, name), path.join(root, 'acme', name), { recursive: true });
  hub = await startMockHub({ root });
});
afterAll(async () => {
  await hub.close();
  rmSync(root, { recursive: true, force: true });
});

/** A Cache that keeps what is put, as bytes by URL. */
function memoryCache() {
  const entries = new Map<string, { bytes: Uint8Array; length: string | null }>();
  return {
    entries,
    async put(url: RequestInfo | URL, response: Response) {
      entries.set(String(url), { bytes: new Uint8Array(await response.arrayBuffer()), length: response.headers.get('content-length') });
    },
    async delete(url: RequestInfo | URL) {
      return entries.delete(String(url));
    },
  };
}

/** The reference: the same folder converted from disk, as bytes by path. */
async function fromDisk(name: string): Promise<Map<string, Uint8Array>> {
  const { writer, files } = collectingWriter();
  await convertModel({ repo: await folderRepo(path.join(FIXTURES, name), `acme/${name}`), writer, dtypes: ['fp32', 'q8'] });
  const out = new Map<string, Uint8Array>();
  for (const [file, blob] of files) out.set(file, new Uint8Array(await blob.arrayBuffer()));
  return out;
}

describe('converting a Hub checkpoint into the cache', () => {
  it.each(['gpt2-safetensors', 'gpt-neo-bin', 'gpt2-sharded'])('%s: the same files as from disk, stored where a load looks, weights read by range', async (name) => {
    const id = `acme/${name}`;
    const listing = await listHubRepo(id, hub.url);
    expect(repoContents(listing.files)).toMatchObject({ onnx: false, checkpoint: true });
    const before = hub.requests.length;
    const reads: [string, number, number][] = [];
    const cache = memoryCache();
    const writer = cacheWriter(cache, ORIGIN, id);
    await convertModel({ repo: hubRepo(listing, (file, done, total) => reads.push([file, done, total])), writer, dtypes: ['fp32', 'q8'] });

    const expected = await fromDisk(name);
    expect([...cache.entries.keys()].sort()).toEqual([...expected.keys()].map((file) => storedModelUrl(ORIGIN, id, file)).sort());
    for (const [file, bytes] of expected) {
      const stored = cache.entries.get(storedModelUrl(ORIGIN, id, file));
      expect(stored?.bytes, file).toEqual(bytes);
      expect(stored?.length, `${file} has its content-length`).toBe(String(bytes.byteLength));
    }
    // The storage panel reads these URLs back as this model's files.
    expect(parseStoredUrl(storedModelUrl(ORIGIN, id, 'onnx/model_quantized.onnx'))).toEqual({ modelId: id, file: 'onnx/model_quantized.onnx' });
    expect(writer.stored.at(-1)?.path).toBe('config.json');

    // Weights only ever by byte range, and every weight byte was counted for the progress bars.
    const weightGets = hub.requests.slice(before).filter((r) => /\.(safetensors|bin)$/.test(r.path));
    expect(weightGets.length).toBeGreaterThan(1);
    expect(weightGets.filter((r) => r.range === undefined)).toEqual([]);
    const weights = listing.files.filter((f) => /\.(safetensors|bin)$/.test(f.path));
    for (const w of weights) expect(reads.filter(([file]) => file === w.path).at(-1)?.slice(1), w.path).toEqual([w.size, w.size]);
  });

  it('abort removes every file stored so far', async () => {
    const cache = memoryCache();
    const writer = cacheWriter(cache, ORIGIN, 'acme/gpt2-safetensors');
    await convertModel({ repo: hubRepo(await listHubRepo('acme/gpt2-safetensors', hub.url)), writer, dtypes: ['q4'] });
    expect(cache.entries.size).toBeGreaterThan(4);
    await writer.abort();
    expect(cache.entries.size).toBe(0);
  });

  it('says model_not_found for an id the host does not have', async () => {
    const error = await listHubRepo('acme/nothing-here', hub.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerError);
    expect(error).toMatchObject({ code: 'model_not_found', params: { modelId: 'acme/nothing-here' } });
  });
});

describe('converting a picked checkpoint folder', () => {
  // The page's File objects, read by slices: the same files as the Node converter writes.
  it('gives the same files from Blobs as from disk', async () => {
    const dir = path.join(FIXTURES, 'gpt2-bin');
    const files = readdirSync(dir).map((file) => ({ path: file, file: new Blob([readFileSync(path.join(dir, file))]) }));
    const { writer, files: out } = collectingWriter();
    await convertModel({ repo: fileRepo('acme/gpt2-bin', files), writer, dtypes: ['fp32', 'q8'] });
    const expected = await fromDisk('gpt2-bin');
    expect([...out.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [file, bytes] of expected) expect(new Uint8Array(await (out.get(file) as Blob).arrayBuffer()), file).toEqual(bytes);
  });
});
