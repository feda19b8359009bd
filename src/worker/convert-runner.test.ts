// The `convert` request through the real handler in Node: a checkpoint folder (File objects, as
// the page sends them) converted into Files sent back, which the real loader then runs and
// generates with; and the converter's failures crossing as codes with reasons.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { env } from '@huggingface/transformers';
import { afterEach, describe, expect, it } from 'vitest';
import { DISK_MODEL_PREFIX } from '../engine/disk-folder-check.ts';
import type { ConvertResult } from './protocol.ts';
import { createNodeHarness, panel } from './testing/node-harness.ts';

const FIXTURES = path.resolve('scripts/convert/fixtures');
const folderFiles = (name: string) => readdirSync(path.join(FIXTURES, name)).map((file) => ({ path: file, file: new File([readFileSync(path.join(FIXTURES, name, file))], file) }));

let h: ReturnType<typeof createNodeHarness>;
afterEach(() => h.expectEveryRequestEndedOnce());

describe('convert request', () => {
  it('converts a pytorch_model.bin folder into files the loader runs', async () => {
    h = createNodeHarness();
    const modelId = `${DISK_MODEL_PREFIX}gpt2-bin`;
    const requestId = h.newId('convert');
    await h.send({ type: 'convert', requestId, modelId, dtypes: ['fp32'], diskFiles: folderFiles('gpt2-bin') });
    const end = h.terminal(requestId);
    if (end.type !== 'done' || end.request !== 'convert') throw new Error(JSON.stringify(end));
    const result = end.result as ConvertResult;
    expect(result.format).toBe('pytorch');
    expect(result.files.map((f) => f.path)).toEqual(expect.arrayContaining(['tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx', 'config.json']));
    const progress = h.of(requestId).filter((m) => m.type === 'convert_progress');
    expect(progress.at(-1)).toMatchObject({ phase: 'convert', file: 'onnx/model.onnx' });

    // The page would open these Files as a folder from disk; in Node the loader reads them from a folder.
    const root = mkdtempSync(path.join(tmpdir(), 'convert-runner-'));
    try {
      for (const f of result.diskFiles ?? []) {
        const file = path.join(root, 'local/gpt2-bin', f.path);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, new Uint8Array(await (f.file as File).arrayBuffer()));
      }
      env.localModelPath = root + path.sep;
      const load = await h.load('local/gpt2-bin');
      expect(h.of(load).find((m) => m.type === 'ready')).toMatchObject({ model: { modelId: 'local/gpt2-bin', dtype: 'fp32', vocabSize: 300, contextLength: 64 } });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    const out = await h.generate('Hello', [panel(5, { greedy: true })]);
    expect(out.ids[0]).toHaveLength(5);
  });

  it('says which check failed: a folder with no weights', async () => {
    h = createNodeHarness();
    const requestId = h.newId('convert');
    const files = folderFiles('gpt2-bin').filter((f) => f.path !== 'pytorch_model.bin');
    await h.send({ type: 'convert', requestId, modelId: `${DISK_MODEL_PREFIX}broken`, dtypes: ['q8'], diskFiles: files });
    expect(h.errorOf(requestId)).toMatchObject({ code: 'convert_failed', params: { modelId: 'disk/broken', reason: 'missing_weights' } });
  });
});
