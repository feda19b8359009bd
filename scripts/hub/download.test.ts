// Downloads the generated tiny GPT-2 from a mock hub, as `npm run models -- download` would from
// the real one: file choice, byte-identical results, resuming, skipping and the error messages.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { downloadModel, type DownloadRequest } from './download.ts';
import { startMockHub, type MockHub } from './mock-hub.ts';
import { tempDir, writeRepo } from './testing/fake-repo.ts';
import { TINY_ID, tinyModelRoot, type TinyModelRoot } from './testing/tiny-model-root.ts';

const CONFIG_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'generation_config.json', 'special_tokens_map.json'];
let tiny: TinyModelRoot;
let hub: MockHub;
let out: string;

beforeAll(async () => {
  tiny = tinyModelRoot();
  hub = await startMockHub({ root: tiny.root });
});

beforeEach(() => {
  out = tempDir('download');
});

afterEach(() => {
  rmSync(out, { recursive: true, force: true });
});

afterAll(async () => {
  await hub?.close();
  tiny?.cleanup();
});

function request(host: string, overrides: Partial<DownloadRequest> = {}): DownloadRequest {
  return { host, id: TINY_ID, revision: 'main', dtypes: ['q8'], outDir: out, sink: { write: () => true }, ...overrides };
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Every downloaded file has the served file's bytes. */
function expectSameBytes(files: readonly string[]): void {
  for (const file of files) {
    expect(sha256(path.join(out, TINY_ID, file)), file).toBe(sha256(path.join(tiny.root, TINY_ID, file)));
  }
}

const partFiles = () =>
  readdirSync(path.join(out, TINY_ID), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.part'));

const fileGets = (server: MockHub, from: number) => server.requests.slice(from).filter((r) => r.path.includes('/resolve/'));

describe('downloadModel', () => {
  it('downloads the config, tokenizer, q8 and q4 files byte for byte', async () => {
    const summary = await downloadModel(request(hub.url, { dtypes: ['q8', 'q4'] }));
    const files = [...CONFIG_FILES, 'onnx/model_quantized.onnx', 'onnx/model_q4.onnx'];
    expect(summary.files).toEqual(files.map((file) => ({ path: file, outcome: 'downloaded' })));
    expectSameBytes(files);
    expect(summary.fetched).toBe(files.reduce((sum, file) => sum + statSync(path.join(tiny.root, TINY_ID, file)).size, 0));
    expect(partFiles()).toEqual([]);
  });

  it('skips files already complete, without asking the hub for them', async () => {
    await downloadModel(request(hub.url));
    const before = hub.requests.length;
    const again = await downloadModel(request(hub.url));
    expect(again.files.every((file) => file.outcome === 'skipped')).toBe(true);
    expect(again.fetched).toBe(0);
    expect(fileGets(hub, before)).toEqual([]);
  });

  it('fails on a dropped connection, then a rerun resumes with a Range request', async () => {
    // 4 MB: past tokenizer.json (3.6 MB), so the cut lands in the 6.6 MB q8 ONNX file.
    const cutting = await startMockHub({ root: tiny.root, cutAfterBytes: 4_000_000 });
    try {
      await expect(downloadModel(request(cutting.url))).rejects.toThrow(
        /^The download of onnx\/model_quantized\.onnx was interrupted \(.+\) after [\d.]+ MB of 6\.\d MB\. Run the same command again to resume it\.$/,
      );
    } finally {
      await cutting.close();
    }
    expect(partFiles()).toEqual([path.join('onnx', 'model_quantized.onnx.part')]);
    const saved = statSync(path.join(out, TINY_ID, 'onnx/model_quantized.onnx.part')).size;
    expect(saved).toBeGreaterThan(0);

    const before = hub.requests.length;
    const summary = await downloadModel(request(hub.url));
    expect(fileGets(hub, before)).toEqual([
      { method: 'GET', path: `/${TINY_ID}/resolve/main/onnx/model_quantized.onnx`, range: `bytes=${saved}-` },
    ]);
    expect(summary.files.at(-1)).toEqual({ path: 'onnx/model_quantized.onnx', outcome: 'resumed' });
    expectSameBytes([...CONFIG_FILES, 'onnx/model_quantized.onnx']);
    expect(partFiles()).toEqual([]);
  });

  it('works with a host that has no API, listing files with HEAD requests', async () => {
    const bare = await startMockHub({ root: tiny.root, api: false });
    try {
      await downloadModel(request(bare.url, { dtypes: ['q4'] }));
    } finally {
      await bare.close();
    }
    expectSameBytes([...CONFIG_FILES, 'onnx/model_q4.onnx']);
  });

  it('names a wrong id and creates no folder', async () => {
    await expect(downloadModel(request(hub.url, { id: 'local/gpt2-tiiny' }))).rejects.toThrow(
      `Model local/gpt2-tiiny was not found on ${hub.url}. Check the id.`,
    );
    expect(readdirSync(out)).toEqual([]);
  });

  it('checks the room on disk before the first byte', async () => {
    const files = [...CONFIG_FILES, 'onnx/model_quantized.onnx'];
    const needed = files.reduce((sum, file) => sum + statSync(path.join(tiny.root, TINY_ID, file)).size, 0);
    const before = hub.requests.length;
    await expect(downloadModel(request(hub.url, { freeBytes: async () => 1_000_000 }))).rejects.toThrow(
      `The disk is full: ${TINY_ID} (q8) needs ${((needed - 1_000_000) / 1e6).toFixed(1)} MB more.`,
    );
    expect(fileGets(hub, before)).toEqual([]);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('downloadModel on made-up repositories', () => {
  let root: string;
  let fake: MockHub;

  beforeAll(async () => {
    root = tempDir('fake-root');
    writeRepo(root, 'acme/no-q4', { 'config.json': '{}', 'tokenizer.json': '{}', 'onnx/model.onnx': 'fp32', 'onnx/model_quantized.onnx': 'q8' });
    writeRepo(root, 'Xenova/old-style', { 'config.json': '{}', 'tokenizer.json': '{}', 'onnx/decoder_model_merged_quantized.onnx': 'q8' });
    fake = await startMockHub({ root });
  });

  afterAll(async () => {
    await fake.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('names a missing dtype and the dtypes there are, before downloading anything', async () => {
    await expect(downloadModel(request(fake.url, { id: 'acme/no-q4', dtypes: ['q8', 'q4'] }))).rejects.toThrow(
      'acme/no-q4 has no q4 file (onnx/model_q4.onnx); it has: fp32, q8',
    );
    expect(existsSync(path.join(out, 'acme'))).toBe(false);
  });

  it('downloads the decoder_model_merged files of older exports under their own names', async () => {
    const summary = await downloadModel(request(fake.url, { id: 'Xenova/old-style' }));
    expect(summary.files.map((file) => file.path)).toEqual(['config.json', 'tokenizer.json', 'onnx/decoder_model_merged_quantized.onnx']);
    expect(readFileSync(path.join(out, 'Xenova/old-style/onnx/decoder_model_merged_quantized.onnx'), 'utf8')).toBe('q8');
  });
});
